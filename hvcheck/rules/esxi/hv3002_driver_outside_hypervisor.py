"""HV3002 driver-outside-hypervisor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext

_MISSING = {
    "host-os": "no host OS",
    "parent": "no parent partition",
    "driver-domain": "no driver domains",
}


class DriverOutsideHypervisor(Rule):
    """Place each driver in the hypervisor or a guest, never in a host OS, parent or driver domain.

    Why: a type 1 monolithic hypervisor (VMware ESX/ESXi) runs directly on the hardware and handles
    all hardware access itself; there is no host OS beside it and no parent partition or driver
    domain under it (ITPro Today 2008). Its device drivers run in the VMkernel (sources: itpro-2008, vmware-vmklinux-2019). A driver described as running in a host OS, a parent partition or a driver domain has
    nowhere to run. Drivers with ``location: guest`` are fine: they run inside a virtual
    machine, for example for a device passed through with DirectPath I/O.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: windows-driver-on-esxi}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
        - {name: i40ea, kind: windows-x64, location: parent, drives: []}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vmkernel-driver}
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

    code = "HV3002"
    name = "driver-outside-hypervisor"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    sources = ("itpro-2008", "vmware-vmklinux-2019")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product.name if ctx.product is not None else "a monolithic hypervisor"
        allowed = ctx.product.driver_locations if ctx.product is not None else []
        for at, drv in ctx.drivers(*_MISSING):
            if drv.location in allowed:
                continue
            yield Violation(
                at / "location",
                f"driver '{drv.name}' has location '{drv.location}', but {product} has "
                f"{_MISSING[drv.location]}; its drivers run in the hypervisor (location "
                "'hypervisor'), or in a virtual machine for a passthrough device (location 'guest')",
            )
