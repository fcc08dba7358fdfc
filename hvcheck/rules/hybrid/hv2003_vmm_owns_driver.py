"""HV2003 vmm-owns-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Violation
from hvcheck.rules.context import HostContext


class VmmOwnsDriver(Rule):
    """Place no device driver in a hybrid VMM; the host OS's drivers serve all devices.

    Why: unlike a monolithic hypervisor (ESXi), a hybrid VMM such as Virtual Server or Virtual PC
    owns no device drivers. It runs beside the host OS, and "device drivers of the host operating
    system provide access to system devices" (Virtual Server 2005 architecture). A driver with
    ``location: hypervisor`` on such a host is a misunderstanding of the architecture (sources: vs2005-architecture, itpro-2008).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-in-vmm}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      devices:
        - {id: nic0, class: network, name: Intel PRO/100 S}
      drivers:
        - {name: e100b325, kind: windows-x64, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-in-host-os}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      devices:
        - {id: nic0, class: network, name: Intel PRO/100 S}
      drivers:
        - {name: e100b325, kind: windows-x64, location: host-os, drives: [nic0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: drivers-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
    ```
    """

    code = "HV2003"
    name = "vmm-owns-driver"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = ("vs2005-architecture", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product.name if ctx.product else ctx.spec.hypervisor.product
        for at, drv in ctx.drivers("hypervisor"):
            yield Violation(
                at / "location",
                f"driver '{drv.name}' runs in the VMM; {product} owns no device drivers, the "
                "host OS's drivers serve all devices: use location: host-os",
            )
