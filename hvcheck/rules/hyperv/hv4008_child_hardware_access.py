"""HV4008 child-hardware-access."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import ASSIGNED_TO, DEVICE, PARTITION
from hvcheck.rules.base import MICROKERNEL, HostContext, Rule, Violation


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
    """

    code = "HV4008"
    name = "child-hardware-access"
    default_severity = Severity.ERROR
    families = (MICROKERNEL,)
    products = ("hyperv", "hyperv-client")
    sources = ("ms-hyperv-architecture", "ms-hyperv-dda")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hg = ctx.graph
        for i, drv in enumerate(ctx.spec.drivers):
            if drv.location != "guest" or drv.partition is None:
                continue
            where = hg.ids.get(drv.partition)
            if where is None:
                continue  # a dangling reference, reported on its own
            pkey = where[0]
            pdata = hg.nodes[pkey]
            if pdata.get("kind") != PARTITION or pdata.get("role") == "parent":
                continue
            for j, dev in enumerate(drv.drives):
                found = hg.ids.get(dev)
                if found is None or hg.nodes[found[0]].get("kind") != DEVICE:
                    continue
                owners = hg.successors(found[0], ASSIGNED_TO)
                if pkey in owners:
                    continue
                elsewhere = ", ".join(f"'{hg.nodes[o]['id']}'" for o in owners)
                status = f"assigned to {elsewhere}, not to it" if owners else "not assigned to it"
                yield Violation(
                    f"spec.drivers[{i}].drives[{j}]",
                    f"driver '{drv.name}' in {pdata.get('role')} partition '{drv.partition}' "
                    f"drives physical device '{dev}', which is {status}; children have no direct "
                    "hardware access: assign the device to the partition (a passthrough device "
                    f"backed_by '{dev}') or drive it from the parent partition",
                )
