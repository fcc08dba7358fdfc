"""Helpers the Hyper-V rules share: where a virtual device is served from, device buses, assigned
devices and per-VM device limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hvcheck.catalog.hyperv import VmLimit, VmSetting
from hvcheck.graph import PARTITION
from hvcheck.model.host import Partition, PhysicalDevice, VirtualDevice
from hvcheck.model.paths import Path
from hvcheck.rules._messages import join
from hvcheck.rules.base import Unknown, Violation
from hvcheck.rules.context import HostContext


def model_id(ctx: HostContext, dev: VirtualDevice) -> str | None:
    """The catalog id of the device's model for this product, or None when unknown."""
    model = ctx.model_of(dev)
    return model.id if model is not None else None


def device_bus(ctx: HostContext, dev: VirtualDevice) -> tuple[str | None, str]:
    """(the bus a disk or DVD drive is on, the field that says so: bus, controller or model)."""
    if dev.bus is not None:
        return dev.bus, "bus"
    hv = ctx.catalog.hyperv
    pid = ctx.product_id
    if dev.controller is not None:
        other = ctx.virtual_device_by_id(dev.controller)
        if other is not None:
            mid = model_id(ctx, other)
            bus = hv.bus_of(pid, mid) if mid else None
            if bus is not None:
                return bus, "controller"
    mid = model_id(ctx, dev)
    return (hv.bus_of(pid, mid) if mid else None), "model"


def served_from(ctx: HostContext, vdev_id: str) -> tuple[str, str] | None:
    """(the node ``served_by`` names, the node the device is served from) for a virtual device.

    None when the device has no resolved ``served_by`` or the chain ends nowhere (a dangling
    reference, a loop, a driver that runs nowhere): other rules report those.
    """
    g = ctx.graph
    key = g.key_of(vdev_id, "virtual-device")
    if key is None:
        return None
    target = g.served_by(key)
    serving = g.serving_partition(key) if target is not None else None
    if target is None or serving is None:
        return None
    return target, serving


def is_parent(ctx: HostContext, key: str) -> bool:
    """True if ``key`` is a partition whose role is parent."""
    g = ctx.graph
    return g.kind(key) == PARTITION and g.obj(key).role == "parent"


def counts_toward(ctx: HostContext, dev: VirtualDevice, limit: VmLimit) -> bool:
    """Whether ``dev`` is one of the devices a ``devices`` limit counts."""
    if ctx.canonical_model(dev) in limit.models:
        return True
    if limit.kinds and dev.kind in limit.kinds:
        return not limit.buses or device_bus(ctx, dev)[0] in limit.buses
    return False


def is_nic_limit(ctx: HostContext, limit: VmLimit) -> bool:
    """True for a device limit that counts network adapters only."""
    if limit.counts not in ("devices", "devices-per-controller") or (
        limit.kinds and set(limit.kinds) != {"nic"}
    ):
        return False
    models = [ctx.catalog.device_model(m, ctx.product_id) for m in limit.models]
    return bool(models) and all(m is not None and m.kind == "nic" for m in models)


def device_limit_ids(ctx: HostContext, nics: bool) -> list[str]:
    """Ids of the catalog's device-count limits for this product: the NIC ones, or the others."""
    pid = ctx.product_id
    seen: list[str] = []
    for limit in ctx.catalog.hyperv.vm_limits:
        if (
            pid in limit.products
            and limit.counts in ("devices", "devices-per-controller")
            and limit.id not in seen
            and is_nic_limit(ctx, limit) == nics
        ):
            seen.append(limit.id)
    return seen


_VM_FEATURES = {"live-migration": "live_migration", "save-restore": "save_restore", "ha": "ha"}


def vm_setting_in_use(at: Path, part: Partition, setting: VmSetting) -> Path | None:
    """Where the partition turns ``setting`` on (Dynamic Memory, live migration, save/restore,
    high availability), or None when it is off or not stated."""
    if setting == "dynamic-memory":
        on = part.dynamic_memory is not None and part.dynamic_memory.enabled is True
        return at / "dynamic_memory" / "enabled" if on else None
    field = _VM_FEATURES[setting]
    return at / "features" / field if getattr(part.features, field) is True else None


@dataclass(frozen=True)
class _Census:
    """How many of a partition's virtual devices are of each kind and of each (canonical) model."""

    kinds: dict[str, int]
    models: dict[str, int]

    def at_most(self, limit: VmLimit) -> int:
        """An upper bound on how many devices count toward ``limit``: a device counts only if its
        model is one the limit names or its kind is (a device that is both is counted twice)."""
        kinds, models = self.kinds, self.models
        return sum(kinds.get(k, 0) for k in limit.kinds) + sum(
            models.get(m, 0) for m in limit.models
        )


def _children(ctx: HostContext) -> list[tuple[Partition, int, _Census]]:
    """The child partitions that state their generation and have virtual devices, each with its
    generation and its census (once per host: the NIC and the other device limits share it)."""

    def take() -> list[tuple[Partition, int, _Census]]:
        censuses: dict[int, _Census] = {}
        for _at, owner, dev in ctx.virtual_devices(role="child"):
            census = censuses.get(id(owner))
            if census is None:
                census = censuses[id(owner)] = _Census({}, {})
            kinds, models, model = census.kinds, census.models, ctx.canonical_model(dev)
            kinds[dev.kind] = kinds.get(dev.kind, 0) + 1
            models[model] = models.get(model, 0) + 1
        return [
            (part, part.generation, censuses[id(part)])
            for _at, part in ctx.partitions("child")
            if part.generation is not None and id(part) in censuses
        ]

    found: list[tuple[Partition, int, _Census]] = ctx.cached("hyperv-vm-census", take)
    return found


def _counted_groups(
    ctx: HostContext, part: Partition, limit: VmLimit
) -> dict[str, list[tuple[Path, VirtualDevice]]]:
    """The partition's devices that count toward ``limit``: one group, or one per controller
    when the limit is per controller (devices that name no controller are then not counted)."""
    counted = [(a, d) for a, d in ctx.devices_of(part) if counts_toward(ctx, d, limit)]
    if limit.counts != "devices-per-controller":
        return {"": counted}
    groups: dict[str, list[tuple[Path, VirtualDevice]]] = {}
    for a, d in counted:
        if d.controller is not None:
            groups.setdefault(d.controller, []).append((a, d))
    return groups


def device_limit_violations(ctx: HostContext, nics: bool) -> Iterator[Violation]:
    """Every child with more devices than a catalog device-count limit allows (NIC limits or the
    others); one unknown finding for limits the catalog does not know for this host release.

    A VM whose devices fit within the smallest limit the catalog knows for any release is within
    this release's limit too, and is not reported as unknown.
    """
    hv = ctx.catalog.hyperv
    pid = ctx.product_id
    unknown: list[str] = []
    children = _children(ctx)  # a VM without devices is within every limit
    for limit_id in device_limit_ids(ctx, nics):
        # gen -> (this release's limit, else the catalog's entry for another release and the
        # smallest maximum it knows)
        limits: dict[int, tuple[VmLimit | None, VmLimit | None, int]] = {}
        for part, gen, census in children:
            if gen not in limits:
                limit = hv.limit(pid, limit_id, ctx.release, gen)
                known = None
                if limit is None:
                    known = next(
                        (
                            e
                            for e in hv.vm_limits
                            if e.id == limit_id and pid in e.products and gen in e.generations
                        ),
                        None,
                    )
                smallest = hv.smallest_limit(pid, limit_id, gen) if known is not None else 0
                limits[gen] = (limit, known, smallest)
            limit, known, smallest = limits[gen]
            if limit is None:  # this release's maximum is unknown: is the VM within every one?
                if (
                    known is not None
                    and census.at_most(known) > smallest
                    and any(len(g) > smallest for g in _counted_groups(ctx, part, known).values())
                ):
                    label = f"{known.label} (generation {gen})"
                    if label not in unknown:
                        unknown.append(label)
                continue
            if census.at_most(limit) <= limit.max:
                continue  # fewer candidate devices than the limit: nothing to count
            note = f" ({limit.note})" if limit.note else ""
            for controller, group in _counted_groups(ctx, part, limit).items():
                if len(group) <= limit.max:
                    continue
                where = f"controller '{controller}' of " if controller else ""
                yield Violation(
                    group[limit.max][0] / "model",
                    f"{where}VM '{part.id}' (generation {gen}) has {len(group)} {limit.label}; "
                    f"{ctx.host_label()} allows at most {limit.max}{note}",
                )
    if unknown:
        yield Unknown(
            ctx.at / "hypervisor" / ("version" if ctx.release else "product"),
            f"the per-VM maximum of {join(unknown)} on {ctx.host_label()} is unknown: the "
            "catalog has no entry for this release",
        )


@dataclass(frozen=True)
class Assigned:
    """A physical device assigned to a VM (Discrete Device Assignment)."""

    at: Path  # the virtual device's path
    vdev: VirtualDevice
    device_at: Path  # the physical device's path
    device: PhysicalDevice


def assigned_devices(ctx: HostContext, part: Partition) -> Iterator[Assigned]:
    """The partition's passthrough devices whose ``backed_by`` names a physical device."""
    g = ctx.graph
    for at, dev in ctx.devices_of(part):
        if dev.mode != "passthrough" or dev.backed_by is None:
            continue
        key = g.key_of(dev.backed_by, "device")
        if key is not None:
            yield Assigned(at, dev, g.at(key), g.obj(key))
