"""Helpers the Hyper-V VM rules (HV4301-HV4310) share: device buses, assigned devices, labels."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hvcheck.catalog.hyperv import VmLimit
from hvcheck.catalog.hyperv_lookup import describe_guest
from hvcheck.findings import Severity
from hvcheck.model.host import Partition, PhysicalDevice, VirtualDevice
from hvcheck.rules.base import HostContext, Violation


def product_id(ctx: HostContext) -> str:
    return ctx.product.id if ctx.product is not None else ""


def host_label(ctx: HostContext) -> str:
    """'Hyper-V 2022', or 'Hyper-V (release not stated)'."""
    name = ctx.product.name if ctx.product is not None else "the hypervisor"
    version = ctx.spec.hypervisor.version
    return f"{name} {version}" if version else f"{name} (release not stated)"


def guest_label(part: Partition) -> str:
    return describe_guest(part.os) if part.os is not None else f"partition '{part.id}'"


def canonical_model(ctx: HostContext, dev: VirtualDevice) -> str | None:
    """The catalog id of the device's model for this product, or None when unknown."""
    model = ctx.catalog.device_model(dev.model, product_id(ctx))
    return model.id if model is not None else None


def device_bus(ctx: HostContext, part: Partition, dev: VirtualDevice) -> tuple[str | None, str]:
    """(the bus a disk or DVD drive is on, the field that says so: bus, controller or model)."""
    if dev.bus is not None:
        return dev.bus, "bus"
    hv = ctx.catalog.hyperv
    pid = product_id(ctx)
    if dev.controller is not None:
        other = _devices_by_id(ctx, part).get(dev.controller)
        if other is not None:
            model = canonical_model(ctx, other)
            bus = hv.bus_of(pid, model) if model else None
            if bus is not None:
                return bus, "controller"
    model = canonical_model(ctx, dev)
    return (hv.bus_of(pid, model) if model else None), "model"


def _devices_by_id(ctx: HostContext, part: Partition) -> dict[str, VirtualDevice]:
    """The partition's devices by id (the first of each), built once per partition."""

    def index() -> dict[str, VirtualDevice]:
        out: dict[str, VirtualDevice] = {}
        for other in part.devices:
            out.setdefault(other.id, other)
        return out

    return ctx.cached(("devices-by-id", id(part)), index)


def counts_toward(ctx: HostContext, part: Partition, dev: VirtualDevice, limit: VmLimit) -> bool:
    """Whether ``dev`` is one of the devices a ``devices`` limit counts."""
    if canonical_model(ctx, dev) in limit.models:
        return True
    if limit.kinds and dev.kind in limit.kinds:
        return not limit.buses or device_bus(ctx, part, dev)[0] in limit.buses
    return False


def is_nic_limit(ctx: HostContext, limit: VmLimit) -> bool:
    """True for a device limit that counts network adapters only."""
    if limit.counts != "devices" or (limit.kinds and set(limit.kinds) != {"nic"}):
        return False
    models = [ctx.catalog.device_model(m, product_id(ctx)) for m in limit.models]
    return bool(models) and all(m is not None and m.kind == "nic" for m in models)


def device_limit_ids(ctx: HostContext, nics: bool) -> list[str]:
    """Ids of the catalog's device-count limits for this product: the NIC ones, or the others."""
    pid = product_id(ctx)
    seen: list[str] = []
    for limit in ctx.catalog.hyperv.vm_limits:
        if (
            pid in limit.products
            and limit.counts == "devices"
            and limit.id not in seen
            and is_nic_limit(ctx, limit) == nics
        ):
            seen.append(limit.id)
    return seen


def device_limit_violations(ctx: HostContext, nics: bool) -> Iterator[Violation]:
    """Every child with more devices than a catalog device-count limit allows (NIC limits or the
    others); one info finding for limits the catalog does not know for this host release."""
    hv = ctx.catalog.hyperv
    pid = product_id(ctx)
    release = ctx.spec.hypervisor.version
    unknown: list[str] = []
    for limit_id in device_limit_ids(ctx, nics):
        for i, part in ctx.partitions("child"):
            gen = part.generation
            if gen is None:
                continue
            limit = hv.limit(pid, limit_id, release, gen)
            if limit is None:
                known = [
                    e
                    for e in hv.vm_limits
                    if e.id == limit_id and pid in e.products and gen in e.generations
                ]
                if (
                    any(counts_toward(ctx, part, d, known[0]) for d in part.devices)
                    if known
                    else False
                ):
                    label = f"{known[0].label} (generation {gen})"
                    if label not in unknown:
                        unknown.append(label)
                continue
            counted = [j for j, d in enumerate(part.devices) if counts_toward(ctx, part, d, limit)]
            if len(counted) <= limit.max:
                continue
            note = f" ({limit.note})" if limit.note else ""
            yield Violation(
                f"spec.partitions[{i}].devices[{counted[limit.max]}].model",
                f"VM '{part.id}' (generation {gen}) has {len(counted)} {limit.label}; "
                f"{host_label(ctx)} allows at most {limit.max}{note}",
            )
    if unknown:
        yield Violation(
            "spec.hypervisor.version" if release else "spec.hypervisor.product",
            f"the per-VM maximum of {join(unknown)} on {host_label(ctx)} is unknown: the catalog "
            "has no entry for this release",
            severity=Severity.INFO,
        )


@dataclass(frozen=True)
class Assigned:
    """A physical device assigned to a VM (Discrete Device Assignment)."""

    index: int  # in the partition's devices
    vdev: VirtualDevice
    device_index: int  # in spec.devices
    device: PhysicalDevice


def assigned_devices(ctx: HostContext, part: Partition) -> Iterator[Assigned]:
    """The partition's passthrough devices whose ``backed_by`` names a physical device."""
    physical = ctx.cached(
        "physical-devices-by-id",  # the first of each id; built once per host, not per partition
        lambda: {d.id: (k, d) for k, d in reversed(list(enumerate(ctx.spec.devices)))},
    )
    for j, dev in enumerate(part.devices):
        if dev.mode != "passthrough" or dev.backed_by is None:
            continue
        found = physical.get(dev.backed_by)
        if found is not None:
            yield Assigned(j, dev, found[0], found[1])


def join(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
