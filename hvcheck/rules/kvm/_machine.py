"""What the KVM validation rules share: a partition's QEMU machine-type family, and the roles its
device models play (IDE and floppy controllers, secondary video, virtio-only models)."""

from __future__ import annotations

from hvcheck.catalog.release_facts import MachineFamily, ModelRole
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.rules.context import HostContext


def family_of(ctx: HostContext, part: Partition) -> MachineFamily | None:
    """The machine-type family of the partition's ``machine``, or None when it is not stated or
    the catalog does not know it."""
    return ctx.machine_family(part)


def plays(ctx: HostContext, dev: VirtualDevice, role: ModelRole) -> bool:
    """Whether the device's model plays ``role`` on this product (``model_roles`` in
    catalogs/kvm-machines.yaml)."""
    roles = ctx.catalog.release_facts.models_in_role(ctx.product_id, role)
    return ctx.canonical_model(dev) in roles


def is_ide_controller(ctx: HostContext, dev: VirtualDevice) -> bool:
    return dev.kind == "storage" and plays(ctx, dev, "ide-controller")


def is_fdc(ctx: HostContext, dev: VirtualDevice) -> bool:
    return dev.kind == "storage" and plays(ctx, dev, "floppy-controller")


def machine_label(part: Partition, family: MachineFamily) -> str:
    return f"machine type '{part.machine}' ({family.name})"
