"""HV6311 kvm-duplicate-drive-address."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext


class KvmDuplicateDriveAddress(Rule):
    """Give each disk of a VM its own unit on its controller.

    Why: libvirt refuses two disks at the same drive address ("Found duplicate drive address for
    disk", src/conf/domain_validate.c, virDomainDefDuplicateDriveAddressesValidate). On a SATA
    controller the address is the controller and the port (`unit`), so two SATA disks or CD-ROMs that
    name the same `controller` and `unit` are reported at the second. IDE and SCSI addresses also
    have a bus or target the host format does not carry, so they are not compared; neither is a disk
    that does not state its controller and unit. (The same physical device passed through twice is
    HV1003's.)

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-dup-unit}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: db
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: db-sata, kind: storage, model: qemu-ahci, mode: emulated, served_by: host-os}
            - {id: db-sda, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata, unit: 0, boot: true}
            - {id: db-sdb, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata, unit: 0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-units}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: db
          role: child
          machine: pc-i440fx-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: db-sata, kind: storage, model: qemu-ahci, mode: emulated, served_by: host-os}
            - {id: db-sda, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata, unit: 0, boot: true}
            - {id: db-sdb, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata, unit: 1}
            - {id: db-hda, kind: disk, model: qemu-ide, mode: emulated, bus: ide, controller: db-ide, unit: 0}
            - {id: db-hdc, kind: cdrom, model: qemu-ide, mode: emulated, bus: ide, controller: db-ide, unit: 0}
            - {id: db-ide, kind: storage, model: qemu-ide, mode: emulated, served_by: host-os}
    ```

    Unstated (the units are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-units-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: db
          role: child
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: db-sata, kind: storage, model: qemu-ahci, mode: emulated, served_by: host-os}
            - {id: db-sda, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata}
            - {id: db-sdb, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, controller: db-sata}
    ```
    """

    code = "HV6311"
    name = "kvm-duplicate-drive-address"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-domain-validate",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            seen: dict[tuple[str, int], str] = {}
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind not in ("disk", "cdrom", "floppy"):
                    continue
                if dev.bus != "sata" or dev.controller is None or dev.unit is None:
                    continue
                key = (dev.controller, dev.unit)
                if key in seen:
                    yield Violation(
                        dev_at / "unit",
                        f"{dev.kind} '{dev.id}' of VM '{part.id}' is at unit {dev.unit} of "
                        f"controller '{dev.controller}', where '{seen[key]}' already is",
                    )
                else:
                    seen[key] = dev.id
