"""HV6309 kvm-virtio-bus."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import plays


class KvmVirtioBus(Rule):
    """Put virtio disks and input devices on the virtio bus, and CD-ROMs on a bus with ejectable media.

    Why: libvirt refuses a virtio disk model on another bus ("disk model '%s' not supported for bus
    '%s'") and a virtio input model on another bus ("only bus 'virtio' is supported for input model")
    (src/conf/domain_validate.c), and a CD-ROM on the virtio bus, which has no ejectable media ("disk
    type of '%s' does not support ejectable media", src/qemu/qemu_validate.c): put CD-ROMs on SATA,
    SCSI or IDE. The virtio models are the `virtio-bus-only` entry of `model_roles` in
    catalogs/kvm-machines.yaml. A device that does not state its bus is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-virtio-cdrom}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: web-cd, kind: cdrom, model: virtio-blk, mode: paravirtual, bus: virtio, media: iso}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-sata-cdrom}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: web-vda, kind: disk, model: virtio-blk, mode: paravirtual, bus: virtio, boot: true}
            - {id: web-cd, kind: cdrom, model: qemu-ahci, mode: emulated, bus: sata, media: iso}
            - {id: web-tablet, kind: mouse, model: virtio-input, mode: paravirtual, bus: virtio}
    ```

    Unstated (the CD-ROM's bus is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-cdrom-bus-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: web-cd, kind: cdrom, model: virtio-blk, mode: paravirtual, media: iso}
    ```
    """

    code = "HV6309"
    name = "kvm-virtio-bus"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-domain-validate", "libvirt-qemu-validate")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            for dev_at, dev in ctx.devices_of(part):
                if dev.bus is None:
                    continue
                virtio_only = plays(ctx, dev, "virtio-bus-only")
                if dev.kind == "cdrom" and dev.bus == "virtio":
                    yield Violation(
                        dev_at / "bus",
                        f"CD-ROM '{dev.id}' of VM '{part.id}' is on the virtio bus, which has no "
                        "ejectable media; put it on SATA, SCSI or IDE",
                    )
                elif dev.kind == "disk" and virtio_only and dev.bus != "virtio":
                    yield Violation(
                        dev_at / "bus",
                        f"disk '{dev.id}' of VM '{part.id}' is a virtio disk on the {dev.bus} bus; "
                        "a virtio disk model needs the virtio bus",
                    )
                elif dev.kind in ("keyboard", "mouse") and virtio_only and dev.bus != "virtio":
                    yield Violation(
                        dev_at / "bus",
                        f"input device '{dev.id}' of VM '{part.id}' is a virtio input model on the "
                        f"{dev.bus} bus; only the virtio bus takes it",
                    )
