"""HV4318 virtual-disk-size."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class VirtualDiskSize(Rule):
    """Keep Hyper-V virtual hard disks within the size their format allows.

    Why: a virtual hard disk holds "64 TB for VHDX format, 2,040 GB for VHD format" (Plan for Hyper-V
    scalability in Windows Server 2016 to 2025), and a generation 1 VM boots from at most "2 TB for a
    .VHDX and 2040 GB for a .VHD" (Should I create a generation 1 or 2 virtual machine in Hyper-V?).
    The limits are `disk_limits` in catalogs/hyperv-limits.yaml; a disk that does not state its
    format (`media`) or size is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-big-vhd}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: files
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: files-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root}
            - {id: files-data, kind: disk, model: scsi-hard-disk, mode: synthetic, controller: files-scsi, media: vhd, size_gb: 4096}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-big-vhdx}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: files
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: files-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root}
            - {id: files-boot, kind: disk, model: scsi-hard-disk, mode: synthetic, controller: files-scsi, media: vhdx, size_gb: 127, boot: true}
            - {id: files-data, kind: disk, model: scsi-hard-disk, mode: synthetic, controller: files-scsi, media: vhdx, size_gb: 4096}
    ```

    Unstated (the disk's size is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-disk-size-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: files
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: files-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root}
            - {id: files-data, kind: disk, model: scsi-hard-disk, mode: synthetic, controller: files-scsi, media: vhd}
    ```
    """

    code = "HV4318"
    name = "virtual-disk-size"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-scalability-2025", "ms-hyperv-generations")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for _at, part in ctx.partitions("child"):
            gen = part.generation or 0
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind != "disk" or dev.media is None or dev.size_gb is None:
                    continue
                limit = hv.disk_limit(pid, dev.media, gen, dev.boot)
                if limit is None or dev.size_gb <= limit.max_size_gb:
                    continue
                what = "boot disk" if limit.boot_only else "disk"
                note = f" ({limit.note})" if limit.note else ""
                yield Violation(
                    dev_at / "size_gb",
                    f"{what} '{dev.id}' of VM '{part.id}' is {dev.size_gb:g} GB; a "
                    f"{dev.media.upper()} {what} holds at most {limit.max_size_gb:g} GB{note}",
                )
