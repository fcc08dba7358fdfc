"""What the generic release-fact rules share: the host's release, and whether a host uses a feature.

A feature's trigger (catalog ``release_facts.features[].when``) is a condition over the host, a
partition and one of its virtual devices. Each stated condition holds, fails, or cannot be decided
because the host does not state the fact it needs; a host *uses* the feature only where every
condition holds. An undecidable condition is never taken to hold: the rules then say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hvcheck.catalog.hyperv_lookup import guest_matches
from hvcheck.catalog.release_facts import (
    DeviceCondition,
    HostCondition,
    MachineMatch,
    PartitionCondition,
    StatusRow,
    Trigger,
    first_ok,
)
from hvcheck.catalog.release_lookup import find_release
from hvcheck.catalog.releases import ReleaseMatch
from hvcheck.catalog.versions import release_span
from hvcheck.graph import PARTITION
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.model.paths import Path
from hvcheck.rules.context import HostContext

Truth = bool | None
"""True, False, or None when the host does not state what decides it."""


def release_match(ctx: HostContext) -> ReleaseMatch | None:
    """What the catalog makes of the host's release (None without a known product), once a host."""

    def find() -> ReleaseMatch | None:
        if ctx.product is None:
            return None
        return find_release(ctx.catalog, ctx.product.id, ctx.release)

    found: ReleaseMatch | None = ctx.cached("release-match", find)
    return found


def canonical_release(ctx: HostContext) -> str | None:
    """The catalog's version of the host's release ("8.0 U2" for "8.0.2"), or None when the
    release is not stated or not one the catalog knows."""
    match = release_match(ctx)
    return match.release.version if match is not None and match.release is not None else None


def _all(values: Sequence[Truth]) -> Truth:
    if False in values:
        return False
    if None in values:
        return None
    return True


def _among(value: object | None, allowed: Sequence[object]) -> Truth:
    if not allowed:
        return True
    if value is None:
        return None
    return value in allowed


def _flag(value: bool | None, wanted: bool | None) -> Truth:
    if wanted is None:
        return True
    if value is None:
        return None
    return value == wanted


def _above(value: float | None, bound: float | None) -> Truth:
    if bound is None:
        return True
    if value is None:
        return None
    return value > bound


def host_holds(ctx: HostContext, cond: HostCondition | None) -> Truth:
    """Whether the host meets ``cond``."""
    if cond is None:
        return True
    spec = ctx.spec
    cpu = spec.cpu
    fw = spec.firmware
    model: Truth = True
    if cond.cpu_model:
        if cpu is None or cpu.model is None:
            model = None
        else:
            model = any(re.search(p, cpu.model, re.IGNORECASE) for p in cond.cpu_model)
    return _all(
        [
            _among(fw.type if fw else None, cond.firmware),
            _flag(fw.secure_boot if fw else None, cond.secure_boot),
            _among(cpu.arch if cpu else None, cond.cpu_arch),
            model,
            _above(spec.memory_gb, cond.memory_gb_above),
        ]
    )


def machine_holds(ctx: HostContext, part: Partition, cond: MachineMatch | None) -> Truth:
    """Whether the partition's QEMU machine type is of the families ``cond`` names."""
    if cond is None:
        return True
    family = ctx.machine_family(part)
    if family is None:
        return None
    if cond.families and family.id not in cond.families:
        return False
    return family.id not in cond.not_families


def device_model_in_parent(ctx: HostContext, part: Partition) -> Truth:
    """Whether the partition's emulated devices are served from a parent partition (the device
    model runs in dom0), from elsewhere (a stub domain), or neither is stated."""
    g = ctx.graph
    places: list[bool] = []
    for _at, dev in ctx.devices_of(part):
        if dev.mode != "emulated" or dev.served_by is None:
            continue
        key = g.key_of(dev.id, "virtual-device")
        serving = g.serving_partition(key) if key is not None else None
        if serving is None or g.kind(serving) != PARTITION:
            continue
        places.append(g.obj(serving).role == "parent")
    if not places:
        return None
    return any(places)


def partition_holds(ctx: HostContext, part: Partition, cond: PartitionCondition | None) -> Truth:
    """Whether the partition meets ``cond``: False as soon as one stated fact contradicts it (the
    cheap tests first), None when nothing does but some fact is unstated."""
    if cond is None:
        return True
    fw = part.firmware
    dm = part.dynamic_memory
    cheap: tuple[Truth, ...] = (
        _among(part.role, cond.roles),
        _among(part.generation, cond.generations),
        _among(part.virt_mode, cond.virt_modes),
        _among(part.device_model, cond.device_models),
        _flag(part.pv_shim, cond.pv_shim),
        _among(fw.type if fw else None, cond.firmware),
        _flag(fw.secure_boot if fw else None, cond.secure_boot),
        _flag(dm.enabled if dm else None, cond.dynamic_memory),
        _above(part.memory_mb, cond.memory_mb_above),
        _above(part.vcpus, cond.vcpus_above),
    )
    if False in cheap:
        return False
    unknown = None in cheap
    if cond.os is not None:
        os_ok: Truth = None if part.os is None else guest_matches(cond.os, part.os)
        if os_ok is False:
            return False
        unknown = unknown or os_ok is None
    features = _all([_flag(getattr(part.features, name), True) for name in cond.features])
    if features is False:
        return False
    unknown = unknown or features is None
    if cond.device_model_in_parent is not None:
        found = device_model_in_parent(ctx, part)
        in_parent: Truth = None if found is None else found == cond.device_model_in_parent
        if in_parent is False:
            return False
        unknown = unknown or in_parent is None
    machine = machine_holds(ctx, part, cond.machine)
    if machine is False:
        return False
    return None if unknown or machine is None else True


def device_holds(ctx: HostContext, dev: VirtualDevice, cond: DeviceCondition) -> Truth:
    """Whether one virtual device meets ``cond`` (its count is the caller's)."""
    backing: Truth = True
    assigned: Truth = True
    physical = ctx.device_by_id(dev.backed_by) if dev.backed_by else None
    if cond.assigned is not None:
        is_assigned = dev.mode == "passthrough" and physical is not None
        assigned = is_assigned == cond.assigned
    if cond.backing is not None:
        if physical is None:
            backing = False
        else:
            backing = _all(
                [
                    _flag(physical.requires_rmrr, cond.backing.requires_rmrr),
                    _among(physical.device_class, cond.backing.classes),
                    _flag(physical.on_pci, cond.backing.pci),
                ]
            )
    model: Truth = True
    if cond.models:
        model = ctx.canonical_model(dev) in cond.models or dev.model in cond.models
    return _all(
        [
            _among(dev.kind, cond.kinds),
            _among(dev.mode, cond.modes),
            model,
            _among(dev.bus, cond.buses),
            assigned,
            backing,
            _above(dev.unit, cond.unit_above),
        ]
    )


@dataclass(frozen=True)
class Use:
    """A place where a host uses a feature: the subject's path, and who it is in words."""

    at: Path
    who: str
    part: Partition | None = None
    dev: VirtualDevice | None = None


def _present(ctx: HostContext) -> tuple[frozenset[object], frozenset[object], frozenset[object]]:
    """The kinds, modes and models (as written and canonical) of the host's virtual devices."""

    def collect() -> tuple[frozenset[object], frozenset[object], frozenset[object]]:
        kinds: set[object] = set()
        modes: set[object] = set()
        models: set[object] = set()
        for _at, _part, dev in ctx.virtual_devices():
            kinds.add(dev.kind)
            modes.add(dev.mode)
            models.update((dev.model, ctx.canonical_model(dev)))
        return frozenset(kinds), frozenset(modes), frozenset(models)

    found: tuple[frozenset[object], frozenset[object], frozenset[object]]
    found = ctx.cached("release-facts-present", collect)
    return found


def _may_use(ctx: HostContext, trigger: Trigger) -> bool:
    """False when no virtual device of the host can meet the trigger's device condition (a
    quick test before the walk: most features are about devices a host does not have)."""
    cond = trigger.device
    if cond is None:
        return True
    kinds, modes, models = _present(ctx)
    return not (
        (cond.kinds and kinds.isdisjoint(cond.kinds))
        or (cond.modes and modes.isdisjoint(cond.modes))
        or (cond.models and models.isdisjoint(cond.models))
    )


def uses(ctx: HostContext, trigger: Trigger) -> Iterator[Use]:
    """Every place the host uses a feature, in document order."""
    if not _may_use(ctx, trigger) or host_holds(ctx, trigger.host) is not True:
        return
    if trigger.partition is None and trigger.device is None:
        yield Use(ctx.at, "this host")
        return
    for at, part in ctx.partitions():
        if partition_holds(ctx, part, trigger.partition) is not True:
            continue
        cond = trigger.device
        who = partition_word(part)
        if cond is None:
            yield Use(at, who, part)
            continue
        matched = [
            (dev_at, dev)
            for dev_at, dev in ctx.devices_of(part)
            if device_holds(ctx, dev, cond) is True
        ]
        skip = cond.count_above or 0
        if cond.count_above is not None and len(matched) <= skip:
            continue
        for dev_at, dev in matched[skip:]:
            yield Use(dev_at, f"device '{dev.id}' of {who}", part, dev)


def partition_word(part: Partition) -> str:
    """ "VM 'web'", "dom0 'dom0'" (a Xen parent), "parent partition 'root'", "driver domain 'x'"."""
    if part.role == "parent":
        return f"{'dom0' if part.virt_mode else 'parent partition'} '{part.id}'"
    if part.role == "driver-domain":
        return f"driver domain '{part.id}'"
    return f"VM '{part.id}'"


def point(at: Path, field: str | None, use: Use) -> Path:
    """The path to report: ``field`` (dotted) below the subject, or a default for its kind."""
    if field:
        for key in field.split("."):
            at = at / key
        return at
    if use.dev is not None:
        return at / "model"
    if use.part is not None:
        return at / "id"
    return ctx_version_path(at)


def ctx_version_path(spec: Path) -> Path:
    """``spec.hypervisor.version``, where host-wide findings point."""
    return spec / "hypervisor" / "version"


def span(row: StatusRow) -> str:
    """The releases a row covers: '2008 to 2012', 'from 2012 R2', 'up to 4.20', '4.15'."""
    return release_span(row.min_version, row.max_version)


def support_hint(rows: Sequence[StatusRow]) -> str:
    """Where the feature is fine instead: 'fine from 2012 R2', or ''."""
    row = first_ok(rows)
    if row is None or not (row.min_version or row.max_version):
        return ""
    where = span(row)
    return f"fine {where}" if where.startswith(("from ", "up to ")) else f"fine on {where}"
