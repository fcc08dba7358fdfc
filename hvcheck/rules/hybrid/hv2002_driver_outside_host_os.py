"""HV2002 driver-outside-host-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import quoted
from hvcheck.rules.base import HYBRID, Rule, Violation
from hvcheck.rules.context import HostContext

_WHERE = {
    "parent": ("a parent partition", "has no parent partition"),
    "driver-domain": ("a driver domain", "has no driver domains"),
    "guest": ("a guest", "cannot give a guest a physical device"),
}


class DriverOutsideHostOs(Rule):
    """Run every driver of a physical device in the host OS of a hybrid VMM.

    Why: a hybrid VMM derives device access from its host OS: "device drivers of the host operating
    system provide access to system devices" (Virtual Server 2005 architecture). There is no parent
    partition, no driver domain and no device assignment to guests, so a driver that drives a
    physical device from anywhere but the host OS describes a host that cannot exist. (A driver
    placed in the VMM itself is reported by HV2003.)

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-in-parent}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      devices:
        - {id: nic0, class: network, name: Intel PRO/1000 MT}
      drivers:
        - {name: e1g60a64, kind: windows-x64, location: parent, drives: [nic0]}
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
        - {id: nic0, class: network, name: Intel PRO/1000 MT}
      drivers:
        - {name: e1g60a64, kind: windows-x64, location: host-os, drives: [nic0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: drivers-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      devices:
        - {id: nic0, class: network, name: Intel PRO/1000 MT}
    ```
    """

    code = "HV2002"
    name = "driver-outside-host-os"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = ("vs2005-architecture", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product.name if ctx.product else ctx.spec.hypervisor.product
        for at, drv in ctx.drivers(*_WHERE):
            if not drv.drives:
                continue
            where, fact = _WHERE[drv.location]
            if drv.partition is not None:
                where += f" ('{drv.partition}')"
            noun = "device" if len(drv.drives) == 1 else "devices"
            yield Violation(
                at / "location",
                f"driver '{drv.name}' drives physical {noun} {quoted(drv.drives)} from {where}; "
                f"{product} {fact} and the host OS's drivers serve all physical devices: use "
                "location: host-os",
            )
