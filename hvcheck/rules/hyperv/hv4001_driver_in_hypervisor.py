"""HV4001 driver-in-hypervisor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext

_PLACES = {
    "parent": "the parent partition",
    "driver-domain": "a driver domain",
    "host-os": "the host OS",
    "guest": "the guest that owns the device",
}


class DriverInHypervisor(Rule):
    """Run no device driver inside a microkernelized hypervisor; put vendor drivers in the parent.

    Why: a microkernelized hypervisor (Hyper-V, and Xen since 2.0) contains no device drivers. "The
    parent partition hosts the independent hardware vendor drivers, so that no third-party code runs
    in the hypervisor and only standard Windows 64-bit drivers are required" (ITPro Today, 2008); Xen
    keeps native drivers and backends in dom0 or driver domains. A driver described as running in the
    hypervisor of such a product is a description of a different architecture (ESXi's VMkernel).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vmkernel-habits}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel Ethernet E810-XXV}
      drivers:
        - {name: icea, kind: windows-x64, location: hypervisor, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-in-root}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel Ethernet E810-XXV}
      drivers:
        - {name: icea, kind: windows-x64, location: parent, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: drivers-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel Ethernet E810-XXV}
    ```
    """

    code = "HV4001"
    name = "driver-in-hypervisor"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    sources = ("itpro-2008", "ms-hyperv-architecture", "xen-support-md")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None or "hypervisor" in product.driver_locations:
            return
        places = [_PLACES[loc] for loc in product.driver_locations if loc in _PLACES]
        where = " or ".join(p for p in places if p != _PLACES["guest"]) or "the parent partition"
        for at, drv in ctx.drivers("hypervisor"):
            yield Violation(
                at / "location",
                f"driver '{drv.name}' is placed in the hypervisor, but {product.name} is a "
                f"microkernelized hypervisor that runs no third-party code; vendor drivers run in "
                f"{where}",
            )
