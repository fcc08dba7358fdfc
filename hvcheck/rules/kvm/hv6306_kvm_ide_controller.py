"""HV6306 kvm-ide-controller."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import is_ide_controller, machine_label


class KvmIdeController(Rule):
    """Use IDE only on machine types that have it, and at most one IDE controller.

    Why: libvirt refuses an IDE controller, or a disk or CD-ROM on the IDE bus, on a machine type
    without a built-in IDE controller: q35, Arm virt, pSeries and s390 ("IDE controllers are
    unsupported for this QEMU binary or machine type"; q35 has SATA instead), and a second IDE
    controller where one is built in, as on i440fx ("Only a single IDE controller is supported for
    this machine type"; "Only 1 IDE controller is supported") (src/qemu/qemu_validate.c). The families
    are `machine_families` and the IDE controller models the `ide-controller` entry of `model_roles`
    in catalogs/kvm-machines.yaml. A VM whose machine type is not stated or not
    known is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-q35-ide}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: old
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: CentOS, version: "7", arch: x64}
          devices:
            - {id: old-hda, kind: disk, model: qemu-ide, mode: emulated, bus: ide, boot: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-ide-ok}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: old
          role: child
          machine: pc-i440fx-8.2
          os: {family: linux, name: CentOS, version: "7", arch: x64}
          devices:
            - {id: old-ide, kind: storage, model: qemu-ide, mode: emulated, served_by: host-os}
            - {id: old-hda, kind: disk, model: qemu-ide, mode: emulated, bus: ide, controller: old-ide, unit: 0, boot: true}
        - id: new
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: new-sda, kind: disk, model: qemu-ahci, mode: emulated, bus: sata, boot: true}
    ```

    Unstated (the machine type is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-ide-machine-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: old
          role: child
          os: {family: linux, name: CentOS, version: "7", arch: x64}
          devices:
            - {id: old-hda, kind: disk, model: qemu-ide, mode: emulated, bus: ide, boot: true}
    ```
    """

    code = "HV6306"
    name = "kvm-ide-controller"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-qemu-validate",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            family = ctx.machine_family(part)
            if family is None or family.ide is None:
                continue
            devices = list(ctx.devices_of(part))
            controllers = [(a, d) for a, d in devices if is_ide_controller(ctx, d)]
            if family.ide == "none":
                on_ide = [
                    (a, d, "bus" if d.bus == "ide" else "model")
                    for a, d in devices
                    if d.bus == "ide" or is_ide_controller(ctx, d)
                ]
                for dev_at, dev, field in on_ide[:1]:
                    yield Violation(
                        dev_at / field,
                        f"'{dev.id}' of VM '{part.id}' needs an IDE controller, but "
                        f"{machine_label(part, family)} has none and takes none; use SATA "
                        "(or virtio) instead",
                    )
            elif len(controllers) > 1:
                for dev_at, dev in controllers[1:]:
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' is a second IDE controller in VM '{part.id}'; "
                        f"{machine_label(part, family)} supports a single IDE controller",
                    )
