"""HV3202 driver-kind-deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.drivers import release_key
from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class DriverKindDeprecated(Rule):
    """Replace vmklinux drivers on ESXi 6.5 and 6.7, where the stack is deprecated.

    Why: VMware announced the deprecation of the vmklinux APIs and driver ecosystem in 2017; from
    6.5 the vmklinux module is started only when a vmklinux driver needs it, and 6.7 is the last
    release that has it (VMware vSphere blogs 2017-08 and 2019-04). A host that still depends on a
    vmklinux driver runs, but cannot be upgraded to 7.0 without replacing it with a native driver (sources: vmware-vmklinux-2019, vmware-vmklinux-plan-2017). The releases are catalog facts (`drivers.kinds`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: r710}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      devices:
        - {id: vmhba2, class: storage, name: Dell PERC H700}
      drivers:
        - {name: megaraid_sas, kind: vmklinux, location: hypervisor, drives: [vmhba2]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: r740}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      devices:
        - {id: vmhba2, class: storage, name: Dell PERC H730P}
      drivers:
        - {name: lsi_mr3, kind: native, location: hypervisor, drives: [vmhba2]}
    ```

    Unstated (the release is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: release-unstated}
    spec:
      hypervisor: {product: esxi}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: e1000, kind: vmklinux, location: hypervisor, drives: [nic0]}
    ```
    """

    code = "HV3202"
    name = "driver-kind-deprecated"
    default_severity = Severity.WARNING
    architectures = (MONOLITHIC,)
    traits = ("vmkernel-drivers",)
    sources = ("vmware-vmklinux-2019", "vmware-vmklinux-plan-2017")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        assert ctx.product is not None
        product = ctx.product
        version = ctx.release
        if version is None:
            return  # HV3201 reports the unknown release
        key = release_key(version)
        for at, drv in ctx.drivers("hypervisor"):
            facts = ctx.catalog.drivers.kind_support(product.id, drv.kind)
            if facts is None or not facts.deprecated or key < release_key(facts.deprecated):
                continue
            if facts.removed and key >= release_key(facts.removed):
                continue  # HV3201: not loaded at all
            last = f"; it is gone from {facts.removed}" if facts.removed else ""
            yield Violation(
                at / "kind",
                f"driver '{drv.name}' is a {drv.kind} driver, deprecated since {product.name} "
                f"{facts.deprecated}{last}: replace it with a native driver before upgrading",
            )
