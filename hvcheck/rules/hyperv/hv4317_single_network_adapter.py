"""HV4317 single-network-adapter."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class SingleNetworkAdapter(Rule):
    """Give a Hyper-V server more than one network adapter.

    Why: the Hyper-V Best Practices Analyzer reports as an error a server "configured with one network
    adapter, which must be shared by the management operating system and all virtual machines that
    require access to a physical network": the management OS's network performance suffers; add
    adapters and keep one for the management OS ("More than one network adapter should be available").
    A Windows Server host whose whole inventory (`devices_complete: true`, as `hvcheck import sysfs`
    and `hyperv-json` write it) holds exactly one network adapter in use is reported; one that lists
    a single adapter without saying the list is complete is reported as unknown, and a host that
    describes none is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-one-nic}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices_complete: true
      devices:
        - {id: nic0, class: network, name: Intel I350 Gigabit Network Connection}
      drivers:
        - {name: e1r68x64, kind: windows-x64, location: parent, partition: root, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-two-nics}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel I350 Gigabit Network Connection}
        - {id: nic1, class: network, name: Intel I350 Gigabit Network Connection}
      drivers:
        - {name: e1r68x64, kind: windows-x64, location: parent, partition: root, drives: [nic0, nic1]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated (no physical devices are described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-devices-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```
    """

    code = "HV4317"
    name = "single-network-adapter"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("windows-server",)
    sources = ("ms-hyperv-bpa-more-than-one-nic",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        nics = [(at, dev) for at, dev in ctx.devices("network") if dev.in_use]
        if len(nics) != 1:
            return
        at, dev = nics[0]
        if ctx.spec.devices_complete is not True:
            yield Unknown(
                at / "class",
                f"network adapter '{dev.id}' is the only one described; whether the server has "
                "others is not stated (devices_complete), so whether the management OS shares it "
                "with every VM is unknown",
            )
            return
        yield Violation(
            at / "class",
            f"network adapter '{dev.id}' is this server's only one, shared by the management OS "
            "and every VM; add another and keep one for the management OS",
        )
