"""HV5307 xen-emulated-models."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.release_facts import EmulatedModels
from hvcheck.findings import Severity
from hvcheck.rules._messages import quoted
from hvcheck.rules._release import partition_holds
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class XenEmulatedModels(Rule):
    """Give Xen HVM guests only the emulated device models xl accepts and Xen supports.

    Why: xl and libxl refuse an emulated video card other than stdvga, cirrus or qxl ("Unknown vga",
    "Invalid emulated video card specified") and a sound card QEMU does not offer ("Unknown soundhw
    option"), and SUPPORT.md supports only some of what QEMU can emulate for an HVM guest: cirrus and
    stdvga graphics; e1000, rtl8139 and virtio-net network cards; PIIX3 IDE and AHCI storage; sb16,
    es1370 and ac97 sound; USB mouse and tablet and PS/2 input (x86/Emulated ... (QEMU) in every
    release 4.15-4.22). A model xl refuses is an error; one it accepts that SUPPORT.md does not list is
    a warning. The lists are `emulated_models` in catalogs/xen-releases.yaml; a guest that does not
    state its type is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-hvm-vmware-vga}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      partitions:
        - id: dom0
          role: parent
          virt_mode: pv
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win
          role: child
          virt_mode: hvm
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: win-vga, kind: video, model: vmware-svga, mode: emulated, served_by: dom0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-hvm-stdvga}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      partitions:
        - id: dom0
          role: parent
          virt_mode: pv
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win
          role: child
          virt_mode: hvm
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: win-vga, kind: video, model: stdvga, mode: emulated, served_by: dom0}
            - {id: win-cd, kind: cdrom, model: qemu-ide, mode: emulated, served_by: dom0, media: iso}
    ```

    Unstated (the guest type is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-type-unstated}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      partitions:
        - id: dom0
          role: parent
          virt_mode: pv
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: win-vga, kind: video, model: vmware-svga, mode: emulated, served_by: dom0}
    ```
    """

    code = "HV5307"
    name = "xen-emulated-models"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-xl-cfg-vga-soundhw", "xen-support-4.19")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        facts = ctx.catalog.release_facts
        pid = ctx.product_id
        for _at, part in ctx.partitions("child", "driver-domain"):
            entries: dict[str, EmulatedModels | None] = {}  # the entry for each kind, once
            for dev_at, dev in ctx.devices_of(part):
                if dev.mode == "passthrough":
                    continue
                if dev.kind not in entries:
                    entries[dev.kind] = next(
                        (
                            e
                            for e in facts.emulated_for(pid, dev.kind)
                            if partition_holds(ctx, part, e.partition) is True
                        ),
                        None,
                    )
                entry = entries[dev.kind]
                if entry is None:
                    continue
                names = {dev.model, ctx.canonical_model(dev)}
                if entry.accepted and not names & set(entry.accepted):
                    yield Violation(
                        dev_at / "model",
                        f"{dev.kind} '{dev.id}' of '{part.id}' is model '{dev.model}', which "
                        f"xl does not accept for this guest; it takes {quoted(entry.accepted)}",
                    )
                elif entry.supported and not names & set(entry.supported):
                    yield Violation(
                        dev_at / "model",
                        f"{dev.kind} '{dev.id}' of '{part.id}' is model '{dev.model}', which "
                        f"Xen's SUPPORT.md does not list as supported (supported: "
                        f"{quoted(entry.supported)})",
                        severity=Severity.WARNING,
                    )
