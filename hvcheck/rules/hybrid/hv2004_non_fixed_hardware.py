"""HV2004 non-fixed-hardware."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.models import DeviceModel
from hvcheck.findings import Severity
from hvcheck.model.host import VirtualDevice
from hvcheck.rules.base import HYBRID, Rule, Violation
from hvcheck.rules.context import HostContext


def _what_it_is(ctx: HostContext, dev: VirtualDevice, model: DeviceModel | None) -> str:
    """A short note on what the model is, when the catalog knows it from elsewhere."""
    known = model or ctx.catalog.device_model(dev.model)
    if known is None:
        return f" ({dev.mode})" if dev.mode != "emulated" else ""
    article = "an" if known.mode[0] in "aeiou" else "a"
    return f" ({article} {known.mode} {known.kind} device of {', '.join(known.products)})"


def _offer(dev: VirtualDevice, fixed: list[DeviceModel]) -> str:
    same_kind = [m.id for m in fixed if m.kind == dev.kind]
    if same_kind:
        return f"for a '{dev.kind}' device it offers only: {', '.join(same_kind)}"
    everything = ", ".join(m.id for m in fixed)
    return f"it emulates no '{dev.kind}' device; its fixed hardware is: {everything}"


class NonFixedHardware(Rule):
    """Give hybrid VMM guests only devices from the product's fixed emulated hardware set.

    Why: a hybrid VMM shows every guest the same small set of emulated hardware: an Intel 440BX
    chipset with PIIX4 IDE, an S3 Trio video card, DEC 21140 network adapters, PS/2 keyboard and
    mouse, COM and LPT ports, a floppy drive, and on Virtual Server an Adaptec 7870 SCSI adapter
    (Virtual PC adds a Sound Blaster 16). There are no synthetic or paravirtual devices and no
    device pass-through. A device model outside that set, or a mode other than ``emulated``,
    describes hardware the guest cannot have. The set is read from the device-models catalog (sources: kb867587, msvs-emulated-hardware, itpro-2008).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: synthetic-nic-on-vs}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: web1
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x86}
          integration: {present: true}
          devices:
            - {id: web1-net, kind: nic, model: synthetic-nic, mode: synthetic}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: emulated-nic-on-vs}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: web1
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x86}
          integration: {present: true}
          devices:
            - {id: web1-net, kind: nic, model: legacy-nic, mode: emulated}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: devices-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: web1
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x86}
    ```
    """

    code = "HV2004"
    name = "non-fixed-hardware"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = ("kb867587", "msvs-emulated-hardware", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product
        fixed = sorted(
            (m for m in ctx.catalog.models_for(product.id) if m.mode == "emulated"),
            key=lambda m: m.id,
        )
        for at, _part, dev in ctx.virtual_devices():
            model = ctx.model_of(dev)
            if model is None or model.mode != "emulated":
                yield Violation(
                    at / "model",
                    f"device '{dev.id}' uses model '{dev.model}'"
                    f"{_what_it_is(ctx, dev, model)}, which is not in the fixed emulated "
                    f"hardware of {product.name}; {_offer(dev, fixed)}",
                )
            elif dev.mode != "emulated":
                yield Violation(
                    at / "mode",
                    f"device '{dev.id}' ({dev.model}) has mode '{dev.mode}'; {product.name} "
                    "only emulates hardware, so its mode must be 'emulated'",
                )
