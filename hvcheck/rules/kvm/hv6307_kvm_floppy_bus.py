"""HV6307 kvm-floppy-bus."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import is_fdc


class KvmFloppyBus(Rule):
    """Put floppy drives, and only floppy drives, on the one floppy controller.

    Why: libvirt refuses a floppy drive on any bus but fdc ("Invalid bus type '%s' for floppy disk"),
    a disk or CD-ROM on the fdc bus ("Invalid bus type '%s' for disk") (src/conf/domain_validate.c,
    virDomainDiskDefValidate) and a second floppy controller ("Only 1 fdc controller is supported",
    src/qemu/qemu_validate.c). The floppy controller models are the `floppy-controller` entry of
    `model_roles` in catalogs/kvm-machines.yaml. A device that does not state its bus is not
    checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-floppy-ide}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: dos
          role: child
          machine: pc-i440fx-8.2
          os: {family: other, name: FreeDOS, arch: x86}
          devices:
            - {id: dos-fd0, kind: floppy, model: isa-fdc, mode: emulated, bus: ide}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-floppy}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: dos
          role: child
          machine: pc-i440fx-8.2
          os: {family: other, name: FreeDOS, arch: x86}
          devices:
            - {id: dos-fd0, kind: floppy, model: isa-fdc, mode: emulated, bus: fdc}
            - {id: dos-hda, kind: disk, model: qemu-ide, mode: emulated, bus: ide, boot: true}
    ```

    Unstated (the floppy's bus is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-floppy-bus-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: dos
          role: child
          os: {family: other, name: FreeDOS, arch: x86}
          devices:
            - {id: dos-fd0, kind: floppy, model: isa-fdc, mode: emulated}
    ```
    """

    code = "HV6307"
    name = "kvm-floppy-bus"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-domain-validate", "libvirt-qemu-validate")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            controllers = []
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind == "floppy" and dev.bus is not None and dev.bus != "fdc":
                    yield Violation(
                        dev_at / "bus",
                        f"floppy drive '{dev.id}' of VM '{part.id}' is on the {dev.bus} bus; a "
                        "floppy drive goes on the fdc bus",
                    )
                elif dev.kind in ("disk", "cdrom") and dev.bus == "fdc":
                    yield Violation(
                        dev_at / "bus",
                        f"{dev.kind} '{dev.id}' of VM '{part.id}' is on the fdc bus, which takes "
                        "floppy drives only",
                    )
                elif is_fdc(ctx, dev):
                    controllers.append((dev_at, dev))
            for dev_at, dev in controllers[1:]:
                yield Violation(
                    dev_at / "model",
                    f"'{dev.id}' is a second floppy controller in VM '{part.id}'; QEMU supports one",
                )
