"""HV3003 general-purpose-driver-in-hypervisor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class GeneralPurposeDriverInHypervisor(Rule):
    """Give every driver in the hypervisor a driver model the hypervisor can load.

    Why: a monolithic hypervisor needs drivers written for it: "a special driver is required for the
    hypervisor. These requirements limit hardware support" (ITPro Today 2008). The ESXi VMkernel
    loads native drivers (since 5.5) and, up to 6.7, Linux-derived drivers ported to the vmklinux
    layer (VMware vSphere blog 2019); "it is not possible to directly load existing, pre compiled,
    Linux device driver binaries onto an ESX host" (VMware Compatibility Guide), and Windows or
    FreeBSD drivers do not run there either. The allowed models come from the product catalog
    (``hypervisor_driver_kinds``).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-module-in-vmkernel}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: i40e, kind: linux-module, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: native-in-vmkernel}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-drivers-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
    ```
    """

    code = "HV3003"
    name = "general-purpose-driver-in-hypervisor"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    sources = ("itpro-2008", "vmware-vcg-linux-drivers", "vmware-vmklinux-2019")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        allowed = ctx.product.hypervisor_driver_kinds
        product = ctx.product.name
        expected = (
            f"{product} loads only " + " or ".join(f"'{k}'" for k in allowed) + " drivers there"
            if allowed
            else f"{product} loads no drivers there"
        )
        for at, drv in ctx.drivers("hypervisor"):
            if drv.kind in allowed:
                continue
            yield Violation(
                at / "kind",
                f"driver '{drv.name}' of kind '{drv.kind}' cannot run in the hypervisor; {expected}",
            )
