"""HV4006 synthetic-device-served-outside-parent."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import served_via
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import is_parent, served_from


class SyntheticDeviceServedOutsideParent(Rule):
    """Serve every synthetic (VMBus) device from a VSP in the parent partition.

    Why: "Virtualization Service Providers (VSPs) reside in the root partition and provide synthetic
    device support to child partitions over the Virtual Machine Bus"; the VSC in the child is only
    the other end of that channel (Hyper-V architecture). Only the parent owns the physical devices a
    VSP forwards to, so a synthetic device served by another child, by the hypervisor or by a host OS
    describes a path that does not exist. Leaving `served_by` out means the parent.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: child-vsp}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: router
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
        - id: web
          role: child
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: web-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: router}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: root-vsp}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: web-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
            - {id: web-disk, kind: storage, model: synthetic-scsi, mode: synthetic}
    ```

    Unstated (no device names what serves it):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: server-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: web-disk, kind: storage, model: synthetic-scsi, mode: synthetic}
    ```
    """

    code = "HV4006"
    name = "synthetic-device-served-outside-parent"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("ms-hyperv-architecture", "linux-hyperv-h")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        parents = [part.id for _, part in ctx.partitions("parent")]
        expected = f"the parent partition '{parents[0]}'" if parents else "the parent partition"
        for at, _part, dev in ctx.virtual_devices(mode="synthetic"):
            found = served_from(ctx, dev.id)
            if found is None or is_parent(ctx, found[1]):
                continue
            yield Violation(
                at / "served_by",
                f"synthetic device '{dev.id}' ({dev.model}) is served by "
                f"{served_via(ctx.graph, *found)}; synthetic (VMBus) devices are served by a VSP "
                f"in {expected}",
            )
