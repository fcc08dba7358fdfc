"""HV4301 generation-hardware."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import device_bus, device_limit_violations

_FIRMWARE = {"bios": "legacy BIOS", "uefi": "UEFI"}


class GenerationHardware(Rule):
    """Give a Hyper-V VM only the hardware of its generation, and boot it the way that generation boots.

    Why: a generation 1 VM has legacy BIOS and emulated PC hardware; "the startup disk ... must be
    attached to one of the IDE devices" (at most 4 virtual IDE disks), and it boots from IDE (VHD, ISO or
    a physical CD/DVD drive), the legacy network adapter or a virtual floppy. A generation 2 VM has UEFI
    firmware and no IDE controller, legacy network adapter, floppy, PS/2 or S3 video; its DVD drives sit
    on the SCSI controller and take ISO images only ("You can't attach a physical CD or DVD drive to a
    generation 2 virtual machine"), and it boots from SCSI or a standard network adapter (Should I create
    a generation 1 or 2 virtual machine in Hyper-V?; Plan for Hyper-V scalability). Which generations
    have each device model is in the device-models catalog (`generations`); firmware, buses, DVD media,
    boot devices and device counts per generation are in catalogs/hyperv-limits.yaml. Network adapters
    (counts and PXE boot) are HV4302's.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gen2-with-ide}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: web-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root}
            - id: web-disk
              kind: disk
              model: ide-hard-disk
              mode: emulated
              controller: web-ide
              media: vhdx
              boot: true
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gen2-with-scsi}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          firmware: {type: uefi, secure_boot: true}
          devices:
            - {id: web-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root}
            - id: web-disk
              kind: disk
              model: scsi-hard-disk
              mode: synthetic
              controller: web-scsi
              media: vhdx
              boot: true
            - {id: web-dvd, kind: cdrom, model: scsi-dvd, mode: synthetic, controller: web-scsi, media: iso}
    ```

    Unstated (the VM's generation is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: generation-unstated}
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
            - {id: web-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root}
    ```
    """

    code = "HV4301"
    name = "generation-hardware"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-generations", "ms-hyperv-scalability")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            gen = part.generation
            if gen is None:
                continue
            profile = hv.generation(pid, gen)
            if profile is None:
                yield Unknown(
                    at / "generation",
                    f"the hardware of a generation {gen} VM on {ctx.host_label()} is unknown: the "
                    "catalog has no profile for it",
                )
                continue
            vm = f"VM '{part.id}' (generation {gen})"
            if part.firmware is not None and part.firmware.type != profile.firmware:
                yield Violation(
                    at / "firmware" / "type",
                    f"{vm} has {_FIRMWARE[profile.firmware]} firmware, not "
                    f"{_FIRMWARE[part.firmware.type]}; a VM's generation cannot be changed, so "
                    "create a new VM of the other generation if it needs other firmware",
                )
            for dev_at, dev in ctx.devices_of(part):
                model = ctx.model_of(dev)
                if model is not None and model.generations and gen not in model.generations:
                    only = join([str(g) for g in model.generations], "or")
                    yield Violation(
                        dev_at / "model",
                        f"device '{dev.id}' ({model.name}) exists only in generation {only} VMs; "
                        f"{vm} does not have it",
                    )
                    continue
                boots = dev.boot and dev.kind != "nic"
                if dev.kind not in ("disk", "cdrom") and not boots:
                    continue  # the bus, media and boot checks below are about these only
                mid = model.id if model is not None else None
                bus, where = device_bus(ctx, dev)
                if dev.kind in ("disk", "cdrom") and bus is not None and bus not in profile.buses:
                    yield Violation(
                        dev_at / where,
                        f"{dev.kind} '{dev.id}' is on the {bus} bus, which {vm} does not have; its "
                        f"disks and DVD drives go on {join(profile.buses, 'or')}",
                    )
                    continue
                if (
                    dev.kind == "cdrom"
                    and dev.media is not None
                    and dev.media not in profile.cdrom_media
                ):
                    yield Violation(
                        dev_at / "media",
                        f"DVD drive '{dev.id}' uses media '{dev.media}'; the DVD drives of {vm} "
                        f"take {join(profile.cdrom_media, 'or')} media only",
                    )
                    continue
                if boots:
                    if mid is None and bus is None:
                        continue  # an unknown model: HV1007 reports it
                    if mid in profile.boot_models or (bus and bus in profile.boot_buses):
                        continue
                    what = f"{dev.kind} '{dev.id}'" + (f" on the {bus} bus" if bus else "")
                    yield Violation(
                        dev_at / "boot",
                        f"{vm} is set to boot from {what}, but a generation {gen} VM "
                        f"{profile.note or 'boots from ' + join(profile.boot_buses, 'or')}",
                    )
        yield from device_limit_violations(ctx, nics=False)
