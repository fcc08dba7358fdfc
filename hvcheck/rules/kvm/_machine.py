"""What the KVM validation rules share: the roles device models play (IDE and floppy controllers,
secondary video, virtio-only models) and how a machine type is named in messages (a partition's
machine-type family is ``ctx.machine_family``)."""

from __future__ import annotations

from hvcheck.catalog.release_facts import MachineFamily, ModelRole
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.rules.context import HostContext


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
