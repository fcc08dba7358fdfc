"""``--target PRODUCT:RELEASE``: the hardware a host source describes, as a host of another hypervisor.

The devices, CPU, memory and firmware stay what the source says. What changes is what depends on the
hypervisor:

- ``spec.hypervisor`` becomes the target product and release;
- drivers: where the target runs drivers of the kind the source observed (Linux modules read from
  sysfs or lspci on a KVM host, or in a Xen dom0; VMkernel modules from esxcli on ESXi), the
  observed bindings are kept and moved to the target's place for them (host OS, parent partition,
  hypervisor). Otherwise each device's driver is looked up by its PCI IDs in the catalogs'
  bindings of the driver kinds the target runs for physical devices (ESXi: native VMkernel
  drivers in the hypervisor; Hyper-V: Windows x64 drivers in the parent partition; Xen: Linux
  modules in dom0; KVM: Linux modules on the host OS), with Linux modules also from the generated
  ``catalogs/generated/linux-pci-aliases.tsv`` (``Catalog.kernel_module_for``);
- PCI bridges the source drove with its own kind of driver are left unused (``in_use: false``):
  the target's PCI bus support handles them, not a device driver of the kinds looked up here;
- the host OS is kept only where the target has one (KVM); a target with a parent partition gets a
  placeholder for it; the ``kvm`` section stays only on KVM; the source's guests stay only on the
  same product.

A device the catalogs know no driver for on the target is marked ``driver: unknown``, so the driver
rules say its driver could not be checked (never "nothing drives it"); the drivers found for the
other devices are stated. Nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from hvcheck.catalog import Catalog, Product, load_catalog
from hvcheck.catalog.drivers import device_ids, release_key
from hvcheck.catalog.pci.ids import DeviceIds
from hvcheck.catalog.release_lookup import find_release, releases_of
from hvcheck.importers._common import Drv, Guest, HostFacts, Imported, PDev
from hvcheck.model.host import PciId

GENERATED_LINUX_ALIASES = "generated/linux-pci-aliases.tsv"

_PLACES = (
    ("hypervisor", "hypervisor_driver_kinds"),
    ("parent", "parent_driver_kinds"),
    ("host-os", "host_driver_kinds"),
)
_PARENT_ID = {"xen": "dom0"}


@dataclass(frozen=True)
class Target:
    """The product and release to describe the host as."""

    product: Product
    version: str | None

    @property
    def label(self) -> str:
        return f"{self.product.name} {self.version}" if self.version else self.product.name


@dataclass(frozen=True)
class Found:
    """A driver for one device: its name, kind, where it runs, and why."""

    driver: str
    kind: str
    location: str
    why: str
    observed: bool = False


def parse_target(text: str, catalog: Catalog) -> Target:
    """``esxi:8.0``, ``hyperv:2022``, ``kvm``; ValueError with the known names otherwise."""
    name, _, version = text.partition(":")
    product = catalog.product(name.strip())
    if product is None:
        known = ", ".join(sorted(catalog.products))
        raise ValueError(f"unknown product {name.strip()!r} in --target {text!r} (known: {known})")
    version = version.strip()
    if version:
        match = find_release(catalog, product.id, version)
        if match.status == "unknown-version":
            known = ", ".join(r.version for r in releases_of(catalog, product.id))
            raise ValueError(
                f"{product.name} has no release {version!r} in the catalogs (known: {known})"
            )
        if match.release is not None:
            version = match.release.version
    return Target(product, version or None)


def retarget(drafts: list[Imported], text: str, catalogs: list[str]) -> list[Imported]:
    """Each host draft described as a host of the target (see the module documentation)."""
    catalog = load_catalog(catalogs)
    target = parse_target(text, catalog)
    for draft in drafts:
        _apply(draft, target, catalog)
    return drafts


def _kinds(target: Target, catalog: Catalog) -> dict[str, str]:
    """Driver kind -> where the target runs physical-device drivers of that kind, in the release."""
    out: dict[str, str] = {}
    for location, attr in _PLACES:
        for kind in getattr(target.product, attr):
            support = catalog.drivers.kind_support(target.product.id, kind)
            if support is not None and target.version is not None:
                have = release_key(target.version)
                if support.removed and have >= release_key(support.removed):
                    continue
                if support.introduced and have < release_key(support.introduced):
                    continue
            out.setdefault(kind, location)
    return out


def _apply(draft: Imported, target: Target, catalog: Catalog) -> None:
    source = draft.product
    product = target.product
    kinds = _kinds(target, catalog)
    facts = draft.host or HostFacts()
    draft.host = facts
    draft.product = product.id
    facts.version = target.version
    parent = _PARENT_ID.get(product.id, "root") if product.parent_partition == "required" else None
    # the source's observed drivers, where the target runs drivers of their kind
    kept: dict[str, Found] = {}
    for drv in draft.drivers:
        location = kinds.get(drv.kind)
        if location is None:
            continue
        why = f"bound on the source host ({source}); {target.label} runs {drv.kind} drivers"
        for dev_id in drv.drives:
            kept[dev_id] = Found(drv.name, drv.kind, location, why, drv.observed)
    same = source == product.id
    if not same and draft.guests:
        count = sum(1 for g in draft.guests if g.role != "parent")
        draft.comments.append(
            f"the source's partitions ({count} guests) are not carried over to {target.label}: "
            f"`hvcheck matrix` on the {source} host shows what each guest would need there"
        )
        draft.guests = []
    assigned = {  # passed through to a guest, whose own driver drives it
        v.backed_by for g in draft.guests for v in g.devices if v.mode == "passthrough"
    }
    used = [d for d in draft.devices if d.in_use and d.id not in assigned]
    bridges = [d for d in used if _is_bridge(d) and d.id not in kept]
    for dev in bridges:  # handled by the platform's PCI bus support, not a device driver
        dev.in_use = False
        dev.note = "; ".join(
            n for n in (dev.note, f"a PCI bridge: {target.label} handles it, no device driver") if n
        )
    used = [d for d in used if d not in bridges]
    found: dict[str, Found] = {}
    missing: list[PDev] = []
    for dev in used:
        hit = kept.get(dev.id) or _lookup(dev, target, kinds, catalog)
        if hit is None:
            missing.append(dev)
        else:
            found[dev.id] = hit
    drivers: dict[tuple[str, str], Drv] = {}
    for dev in used:
        hit = found.get(dev.id)
        if hit is None:
            continue
        made = drivers.get((hit.driver, hit.kind))
        if made is None:
            made = Drv(hit.driver, hit.kind, hit.location, observed=same and hit.observed)
            if hit.location == "parent" and parent is not None:
                made.partition = parent
            made.note = hit.why
            drivers[(hit.driver, hit.kind)] = made
        made.drives.append(dev.id)
    draft.comments.append(
        f"described as a host of {target.label} (--target {product.id}"
        f"{':' + target.version if target.version else ''}): the hardware is the source's; the "
        "drivers are those the source observed where the target runs drivers of their kind, "
        "otherwise the catalogs' PCI-ID bindings for the target"
    )
    if missing:
        ids = ", ".join(f"{d.id} ({_ids(d)})" for d in missing)
        draft.unknown.append(
            f"no {target.label} driver is known for {ids}: the catalogs have no binding that "
            "matches (load the target's driver tables with --catalog: modules.alias, ESXi .map "
            "files, .inf files); they are marked driver: unknown"
        )
        for dev in missing:
            dev.driver_unknown = True
    draft.drivers = list(drivers.values())
    # host OS, parent partition, KVM facts
    if product.host_os == "none" and facts.host_os:
        draft.comments.append(
            f"{target.label} has no host OS: the source's "
            f"{facts.host_os.get('name', 'operating system')} is not part of this description"
        )
        facts.host_os = {}
    elif product.host_os == "required" and not facts.host_os:
        draft.unknown.append(
            f"the host OS is unknown: {target.label} runs on one; add spec.host_os"
        )
    if product.id != "kvm":
        facts.kvm = {}
    if parent is not None and not any(g.role == "parent" for g in draft.guests):
        draft.guests.insert(
            0,
            Guest(
                parent,
                draft.path,
                role="parent",
                comments=[
                    f"placeholder: the parent partition of {target.label}, where its physical "
                    "drivers run; add its os (the source does not describe it)"
                ],
            ),
        )


def _is_bridge(dev: PDev) -> bool:
    """A host, ISA or PCI-to-PCI bridge (class 0600, 0601, 0604)."""
    code = (dev.pci or {}).get("class_code", "")
    return code[:4] in ("0600", "0601", "0604") or dev.pcie_type == "bridge"


def _ids(dev: PDev) -> str:
    if not dev.pci:
        return "no PCI IDs"
    return f"{dev.pci.get('vendor')}:{dev.pci.get('device')}"


def _device_ids(dev: PDev) -> DeviceIds | None:
    if not dev.pci or "vendor" not in dev.pci or "device" not in dev.pci:
        return None
    try:
        return device_ids(PciId.model_validate(dev.pci))
    except ValueError:
        return None


def _lookup(dev: PDev, target: Target, kinds: dict[str, str], catalog: Catalog) -> Found | None:
    """A driver for ``dev`` from the catalogs, of the kinds the target runs."""
    ids = _device_ids(dev)
    if ids is None:
        return None
    found = catalog.driver_for(ids, target.product.id, list(kinds))
    if found is None:
        return None
    name, kind, why = found
    return Found(name, kind, kinds[kind], why)
