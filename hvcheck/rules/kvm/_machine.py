"""What the KVM validation rules share: a partition's QEMU machine-type family, and its IDE and
floppy controllers."""

from __future__ import annotations

from hvcheck.catalog.release_facts import MachineFamily
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.rules.context import HostContext

IDE_MODELS = frozenset({"qemu-ide", "piix3-ide", "piix4-ide", "ich6-ide"})
FDC_MODELS = frozenset({"isa-fdc"})


def family_of(ctx: HostContext, part: Partition) -> MachineFamily | None:
    """The machine-type family of the partition's ``machine``, or None when it is not stated or
    the catalog does not know it."""
    if part.machine is None:
        return None
    return ctx.catalog.release_facts.machine_family(ctx.product_id, part.machine)


def is_ide_controller(ctx: HostContext, dev: VirtualDevice) -> bool:
    return dev.kind == "storage" and ctx.canonical_model(dev) in IDE_MODELS


def is_fdc(ctx: HostContext, dev: VirtualDevice) -> bool:
    return dev.kind == "storage" and ctx.canonical_model(dev) in FDC_MODELS


def machine_label(part: Partition, family: MachineFamily) -> str:
    return f"machine type '{part.machine}' ({family.name})"
