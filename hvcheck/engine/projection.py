"""A host projected onto another hypervisor: the same machine and guests, as that product would run
them, for the matrix to judge with the same rules ``check`` runs.

What carries over, and what becomes unknown (never false):

* The hardware (CPU, firmware, memory, boot device, physical devices) is the same machine.
* The hypervisor is the target (product and release). The host OS stays where the target has one
  and the file states one; the parent partition stays where the target has one (a Hyper-V root
  for a Xen dom0 keeps its place, its OS becomes unstated: someone installs Windows there), or is
  added, unstated, where the target needs one and the file has none; it is left out where the
  target has none (ESXi, KVM, hosted products).
* Physical drivers: on another release of the same product the file's drivers stay. On another
  product each in-use device gets the driver the catalogs bind to its PCI IDs for that product (a
  VMkernel native driver in the hypervisor, a Windows driver in the parent, a Linux module on the
  host OS or in dom0); a device the catalogs know no driver for is marked ``driver: unknown``, so
  the rules say "unknown" instead of "no driver".
* Guests keep their OS, processors, memory and, on the same product, everything the file states
  (integration, generation, virtual hardware version). Moving to another product, what is
  specific to the source product (its integration software, Xen virtualization mode, VMware
  virtual hardware version, QEMU machine type) becomes unstated.
* Virtual devices keep their model where the target offers it; otherwise they get a model of the
  same kind the target offers, paravirtual or synthetic when the guest's OS is enlightened there
  out of the box (the catalog says so), emulated otherwise, and only a model that exists for the
  guest's generation. Passed-through devices map to the target's passthrough (DDA, DirectPath,
  VFIO, Xen PCI passthrough); a target without passthrough blocks the guest, and says so.

Same product and release: the projection is the host itself, so the matrix cell is exactly what
``check`` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hvcheck.catalog import Catalog, DeviceModel, Product
from hvcheck.catalog.drivers import device_ids
from hvcheck.catalog.versions import normalize_name
from hvcheck.loader.sourcemap import SourceMap
from hvcheck.model import ParsedHost
from hvcheck.model.host import (
    Driver,
    Hypervisor,
    Partition,
    PhysicalDevice,
    VirtualDevice,
)
from hvcheck.results.matrix import DeviceCell, Target

_SERVING = {
    "type1-monolithic": "hypervisor",
    "hosted-kernel": "host-os",
    "hybrid-vmm": "host-os",
}


@dataclass
class Projection:
    """The projected host, and what the projection had to change or could not do."""

    host: ParsedHost
    changes: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    devices: list[DeviceCell] = field(default_factory=list)


def same_release(parsed: ParsedHost, target: Target, catalog: Catalog) -> bool:
    """True if ``target`` is the host's own product and release."""
    hv = parsed.model.spec.hypervisor
    own = catalog.product(hv.product)
    if own is None or own.id != target.product:
        return False
    return normalize_name(hv.version or "") == normalize_name(target.version or "")


def project(parsed: ParsedHost, target: Target, catalog: Catalog) -> Projection:
    """``parsed`` as a host of ``target`` (see the module documentation)."""
    if same_release(parsed, target, catalog):
        return Projection(parsed, devices=_own_drivers(parsed))
    product = catalog.product(target.product)
    assert product is not None, "targets come from the catalog"
    spec = parsed.model.spec
    source = catalog.product(spec.hypervisor.product)
    same_product = source is not None and source.id == product.id
    out = Projection(parsed)

    partitions, order = _partitions(spec.partitions, product, same_product, out)
    parent = next((p.id for p in partitions if p.role == "parent"), None)
    host_os = spec.host_os if product.host_os == "required" else None
    serving: str | None = parent if product.architecture == "type1-microkernel" else None
    serving = serving or _SERVING.get(product.architecture, "hypervisor")
    if serving == "host-os" and host_os is None:
        serving = None  # the host OS is not stated: what serves the devices is unknown
    guests = [
        _guest(part, product, catalog, same_product, serving, out) if part.role == "child" else part
        for part in partitions
    ]
    devices = spec.devices
    if same_product:
        drivers = spec.drivers
    else:
        drivers, unknown = _drivers(spec.devices, product, catalog, parent, out)
        devices = [
            d.model_copy(update={"driver": "unknown"}) if d.id in unknown else d for d in devices
        ]
    update: dict[str, Any] = {
        "devices": devices,
        "hypervisor": Hypervisor(product=product.id, version=target.version),
        "host_os": host_os,
        "drivers": drivers,
        "partitions": guests,
    }
    if not same_product:
        update["kvm"] = spec.kvm if product.id == "kvm" else None
    model = parsed.model.model_copy(update={"spec": spec.model_copy(update=update)})
    smap = _remap(parsed.source_map, order)
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    out.host = ParsedHost(parsed.file, parsed.document, model, smap, data)
    if same_product:
        out.devices = _own_drivers(out.host)
    return out


# -- partitions ------------------------------------------------------------------------------------


def _partitions(
    parts: list[Partition], product: Product, same_product: bool, out: Projection
) -> tuple[list[Partition], dict[int, int]]:
    """The partitions the target runs, and old index -> new index."""
    kept: list[Partition] = []
    order: dict[int, int] = {}
    for i, part in enumerate(parts):
        if part.role == "parent" and product.parent_partition == "none":
            out.changes.append(f"partition {part.id}: {product.name} has no parent partition")
            continue
        if part.role == "parent" and not same_product:
            part = part.model_copy(update={"os": None, "integration": None})
        order[i] = len(kept)
        kept.append(part)
    if product.parent_partition == "required" and not any(p.role == "parent" for p in kept):
        ident = _unique("root", {p.id for p in kept})
        kept.append(Partition(id=ident, role="parent"))
        out.changes.append(f"a parent partition '{ident}' (its OS is not stated)")
    return kept, order


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def _guest(
    part: Partition,
    product: Product,
    catalog: Catalog,
    same_product: bool,
    serving: str | None,
    out: Projection,
) -> Partition:
    if same_product:
        return part
    update: dict[str, Any] = {
        "integration": None,  # the source product's integration software does not carry over
        "hw_version": None,
        "virt_mode": None,
        "device_model": None,
        "xen_platform_pci": None,
        "pv_shim": None,
        "machine": None,
    }
    support = catalog.guest_support_for(product.id, part.os) if part.os is not None else None
    enlightened = support is not None and support.integration == "built-in"
    installable = support is not None and support.integration == "install"
    devices = [
        _device(dev, part, product, catalog, enlightened, installable, serving, out)
        for dev in part.devices
    ]
    update["devices"] = devices
    known = {k: v for k, v in update.items() if k in type(part).model_fields}
    return part.model_copy(update=known)


def _device(
    dev: VirtualDevice,
    part: Partition,
    product: Product,
    catalog: Catalog,
    enlightened: bool,
    installable: bool,
    serving: str | None,
    out: Projection,
) -> VirtualDevice:
    if dev.mode == "passthrough":
        model = _passthrough(product, catalog)
        if model is None:
            out.blockers.append(
                f"guest {part.id}: {dev.id} is passed through; {product.name} cannot pass "
                "devices through"
            )
            return dev
        if model.id != dev.model:
            out.changes.append(f"guest {part.id}: {dev.id}: {dev.model} -> {model.id}")
        return dev.model_copy(update={"model": model.id, "served_by": None})
    offered = catalog.device_model(dev.model, product.id)
    generation = part.generation if product.id.startswith("hyperv") else None
    if (
        offered is not None
        and _fits(offered, generation)
        and (enlightened or offered.mode == "emulated")
    ):
        return dev.model_copy(update={"served_by": serving})
    alternative = _equivalent(dev.kind, product, catalog, enlightened, generation)
    if alternative is None:
        out.changes.append(
            f"guest {part.id}: {dev.id}: {dev.model} has no {dev.kind} counterpart on "
            f"{product.name} in the catalogs"
        )
        return dev.model_copy(update={"served_by": serving})
    change = f"guest {part.id}: {dev.id}: {dev.model} -> {alternative.id}"
    if installable and alternative.mode == "emulated":
        better = _equivalent(dev.kind, product, catalog, True, generation)
        if better is not None and better.mode != "emulated":
            change += f" ({better.id} once {product.integration_name} are installed)"
    out.changes.append(change)
    return dev.model_copy(
        update={"model": alternative.id, "mode": alternative.mode, "served_by": serving}
    )


def _fits(model: DeviceModel, generation: int | None) -> bool:
    return not model.generations or generation is None or generation in model.generations


def _equivalent(
    kind: str, product: Product, catalog: Catalog, enlightened: bool, generation: int | None
) -> DeviceModel | None:
    """A model of ``kind`` the target offers for this guest: synthetic or paravirtual when the
    guest is enlightened there, emulated otherwise; never one its generation lacks."""
    candidates = [
        m
        for m in catalog.models_for(product.id)
        if m.kind == kind and m.mode != "passthrough" and _fits(m, generation)
    ]
    preferred = ("synthetic", "paravirtual", "emulated") if enlightened else ("emulated",)
    for mode in preferred:
        for model in candidates:
            if model.mode == mode:
                return model
    return None


def _passthrough(product: Product, catalog: Catalog) -> DeviceModel | None:
    for model in catalog.models_for(product.id):
        if model.mode == "passthrough" and model.kind == "pci":
            return model
    return None


# -- physical drivers -----------------------------------------------------------------------------


def _location(product: Product, parent: str | None) -> tuple[str, str | None, list[str]]:
    """Where the target runs physical drivers, in which partition, of which kinds."""
    if product.architecture == "type1-monolithic":
        return "hypervisor", None, list(product.hypervisor_driver_kinds)
    if product.architecture == "type1-microkernel":
        return "parent", parent, list(product.parent_driver_kinds)
    return "host-os", None, list(product.host_driver_kinds)


def lookup_driver(
    catalog: Catalog, product: Product, device: PhysicalDevice, kinds: list[str]
) -> tuple[str, str, str] | None:
    """(driver, kind, how it matched) for ``device`` on ``product`` from the catalogs, or None."""
    if device.pci is None:
        return None
    return catalog.driver_for(device_ids(device.pci), product.id, kinds)


def _drivers(
    devices: list[PhysicalDevice],
    product: Product,
    catalog: Catalog,
    parent: str | None,
    out: Projection,
) -> tuple[list[Driver], set[str]]:
    """The drivers the catalogs know for the devices on ``product``, and the devices they do not
    (to be marked ``driver: unknown``)."""
    location, partition, kinds = _location(product, parent)
    chosen: dict[tuple[str, str], list[str]] = {}
    unknown: set[str] = set()
    placed = location != "parent" or partition is not None
    for dev in devices:
        if not dev.in_use:
            continue
        found = lookup_driver(catalog, product, dev, kinds) if placed else None
        if found is None:
            unknown.add(dev.id)
            why = (
                "no PCI IDs to look a driver up by"
                if dev.pci is None
                else f"no {product.name} driver for {dev.pci.vendor}:{dev.pci.device} in the "
                "catalogs"
            )
            out.devices.append(DeviceCell(dev.id, "unknown", why))
            continue
        name, kind, how = found
        chosen.setdefault((name, kind), []).append(dev.id)
        out.devices.append(DeviceCell(dev.id, "yes", f"{name} ({how})"))
    drivers = [
        Driver.model_validate(
            {
                "name": name,
                "kind": kind,
                "location": location,
                **({"partition": partition} if location == "parent" else {}),
                "drives": ids,
            }
        )
        for (name, kind), ids in chosen.items()
    ]
    return drivers, unknown


def _own_drivers(parsed: ParsedHost) -> list[DeviceCell]:
    spec = parsed.model.spec
    out = []
    for dev in spec.devices:
        if not dev.in_use:
            continue
        names = [d.name for d in spec.drivers if dev.id in d.drives]
        if names:
            out.append(DeviceCell(dev.id, "yes", ", ".join(names)))
        else:
            out.append(DeviceCell(dev.id, "unknown", "the file states no driver for it"))
    return out


# -- positions ------------------------------------------------------------------------------------

_PARTITION = re.compile(r"^spec\.partitions\[(\d+)\]")


def _remap(smap: SourceMap, order: dict[int, int]) -> SourceMap:
    """The source map with partitions renumbered (old index -> new index; dropped ones gone)."""
    if all(old == new for old, new in order.items()):
        return smap
    out = SourceMap()
    for table, into in ((smap.values, out.values), (smap.keys, out.keys)):
        for path, raw in table.items():
            m = _PARTITION.match(path)
            if m is None:
                into[path] = raw
                continue
            new = order.get(int(m.group(1)))
            if new is not None:
                into[f"spec.partitions[{new}]{path[m.end() :]}"] = raw
    return out
