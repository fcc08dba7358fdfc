"""HV4008 child-hardware-access."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import PARTITION
from hvcheck.model.host import Partition
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class ChildHardwareAccess(Rule):
    """Let a child partition drive only the physical devices assigned to it.

    Why: "the root (or parent) partition is the only partition that has direct access to physical
    memory and devices"; children see virtual devices whose requests go through VMBus or the
    hypervisor to the parent (Hyper-V architecture). The one exception is Discrete Device Assignment:
    a device dismounted from the host and assigned to a VM (a passthrough device `backed_by` it) is
    driven by the vendor driver inside that guest. A guest driver for any other physical device has
    no hardware to bind.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gpu-not-assigned}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: gpu0, class: display, name: NVIDIA Tesla T4}
      drivers:
        - {name: nvlddmkm, kind: windows-x64, location: guest, partition: render, drives: [gpu0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gpu-assigned}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: gpu0, class: display, name: NVIDIA Tesla T4}
      drivers:
        - {name: nvlddmkm, kind: windows-x64, location: guest, partition: render, drives: [gpu0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```

    Unstated (no driver is described in the guest):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: guest-drivers-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: gpu0, class: display, name: NVIDIA Tesla T4}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
    ```
    """

    code = "HV4008"
    name = "child-hardware-access"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("ms-hyperv-architecture", "ms-hyperv-dda")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for at, drv in ctx.drivers("guest"):
            if drv.partition is None:
                continue
            pkey = g.key_of(drv.partition, PARTITION)
            if pkey is None:
                continue  # a dangling reference, reported on its own
            part: Partition = g.obj(pkey)
            if part.role == "parent":
                continue
            for j, dev in enumerate(drv.drives):
                dkey = g.key_of(dev, "device")
                if dkey is None:
                    continue
                owners = [ref.key for ref in g.assignments(dkey)]
                if pkey in owners:
                    continue
                elsewhere = ", ".join(f"'{g.ident(o)}'" for o in owners)
                status = f"assigned to {elsewhere}, not to it" if owners else "not assigned to it"
                yield Violation(
                    at / "drives" / j,
                    f"driver '{drv.name}' in {part.role} partition '{drv.partition}' "
                    f"drives physical device '{dev}', which is {status}; children have no direct "
                    "hardware access: assign the device to the partition (a passthrough device "
                    f"backed_by '{dev}') or drive it from the parent partition",
                )
