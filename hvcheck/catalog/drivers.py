"""Catalog facts about physical-device drivers: PCI bindings, driver kinds per release, the
hardware-compatibility list (HCL), and the PCI vendor and class registries.

The ``drivers`` section of a catalog file holds them (:class:`DriverSection`); :class:`DriverIndex`
merges every loaded file and answers the rules' questions. Matching itself lives in
:mod:`hvcheck.catalog.pci`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal, Protocol

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from hvcheck.catalog.generated import GeneratedTables
from hvcheck.catalog.pci.esxi_map import EsxiMapId
from hvcheck.catalog.pci.ids import DeviceIds, Match
from hvcheck.catalog.pci.inf import InfHardwareId
from hvcheck.catalog.pci.modalias import ModaliasPattern
from hvcheck.model.host import (
    DeviceClass,
    DriverKind,
    Hex4,
    Id,
    PciId,
    Text,
    Version,
    _Strict,
)


def _modalias(text: str) -> str:
    return ModaliasPattern.parse(text).text


def _esxi_map(text: str) -> str:
    return EsxiMapId.parse(text).text


def _inf_id(text: str) -> str:
    return InfHardwareId.parse(text).text


ModaliasText = Annotated[
    str,
    AfterValidator(_modalias),
    Field(description="A modules.alias pattern, e.g. 'pci:v000015ADd000007B0sv*sd*bc*sc*i*'."),
]
EsxiMapText = Annotated[
    str,
    AfterValidator(_esxi_map),
    Field(description="An ESXi map-file id= value, e.g. '15b3101d15b30016......'."),
]
InfIdText = Annotated[
    str,
    AfterValidator(_inf_id),
    Field(description="A Windows PCI hardware ID, e.g. 'PCI\\VEN_1AF4&DEV_1000'."),
]
ProbeRange = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{4}:[0-9a-f]{4}-[0-9a-f]{4}$"),
    Field(description="A vendor and an inclusive device ID range, e.g. '1af4:1000-107f'."),
]
ClassPrefix = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})?)?$"),
    Field(description="A PCI class code prefix: class (2 hex digits), subclass, prog-if."),
]

_PATTERN_KINDS: dict[str, tuple[str, ...]] = {
    "modalias": ("linux-module",),
    "esxi_map": ("native", "vmklinux"),
    "inf": ("windows-x64", "windows-x86"),
}


class DriverBinding(_Strict):
    """Which PCI devices a driver binds, written the way its platform's loader matches them."""

    driver: Id = Field(description="Driver (module, service) name as host files write it.")
    kinds: list[DriverKind] = Field(min_length=1, description="Driver kinds this entry is for.")
    products: list[Id] = Field(
        default_factory=list, description="Hypervisor products it applies to (empty: any)."
    )
    description: Text | None = Field(None, description="What the driver is for.")
    modalias: list[ModaliasText] = Field(
        default_factory=list, description="Linux modules.alias patterns (linux-module drivers)."
    )
    esxi_map: list[EsxiMapText] = Field(
        default_factory=list,
        description="ESXi /etc/vmware/default.map.d id= patterns (native or vmklinux drivers).",
    )
    inf: list[InfIdText] = Field(
        default_factory=list, description="Windows INF PCI hardware IDs (windows-x64/x86 drivers)."
    )
    complete: bool = Field(
        False,
        description=(
            "True when the patterns are the driver's whole ID table (a device none matches cannot "
            "bind); false for a partial list (no match then means unknown)."
        ),
    )
    probe_accepts: list[ProbeRange] = Field(
        default_factory=list,
        description=(
            "Device ID ranges the driver's probe function accepts, for a driver whose patterns "
            "match more than it takes: a matching device outside every range is refused "
            "(empty: every matching device binds)."
        ),
    )
    note: str | None = Field(None, description="Caveats.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")

    def probe_refuses(self, ids: DeviceIds) -> bool:
        """True when the probe function refuses a device the patterns match."""
        if not self.probe_accepts:
            return False
        for item in self.probe_accepts:
            vendor, _, span = item.partition(":")
            first, _, last = span.partition("-")
            if ids.vendor == vendor and int(first, 16) <= int(ids.device, 16) <= int(last, 16):
                return False
        return True

    @model_validator(mode="after")
    def _one_format(self) -> DriverBinding:
        used = [name for name in _PATTERN_KINDS if getattr(self, name)]
        if len(used) != 1:
            raise ValueError(
                "give exactly one of modalias, esxi_map or inf (and at least one pattern)"
            )
        wrong = [k for k in self.kinds if k not in _PATTERN_KINDS[used[0]]]
        if wrong:
            allowed = ", ".join(_PATTERN_KINDS[used[0]])
            raise ValueError(f"{used[0]} patterns bind {allowed} drivers, not {', '.join(wrong)}")
        return self

    @property
    def pattern_format(self) -> str:
        return next(name for name in _PATTERN_KINDS if getattr(self, name))

    def patterns(self) -> list[ModaliasPattern | EsxiMapId | InfHardwareId]:
        if self.modalias:
            return [ModaliasPattern.parse(p) for p in self.modalias]
        if self.esxi_map:
            return [EsxiMapId.parse(p) for p in self.esxi_map]
        return [InfHardwareId.parse(p) for p in self.inf]


class DriverKindSupport(_Strict):
    """From which release a product loads a driver kind, and from which it no longer does."""

    product: Id = Field(description="Product id.")
    kind: DriverKind = Field(description="Driver kind.")
    introduced: Version | None = Field(None, description="First release that loads it.")
    deprecated: Version | None = Field(None, description="First release that deprecates it.")
    removed: Version | None = Field(None, description="First release that no longer loads it.")
    note: str | None = Field(None, description="What happens, in the vendor's words.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HclConstraint(_Strict):
    """One certified driver/firmware combination (vSphere ``PciDeviceConstraint``)."""

    driver_name: Id = Field(description="Certified driver name.")
    driver_version: Version | None = Field(
        None, description="Certified driver version, matched exactly (empty: any version)."
    )
    driver_type: Text | None = Field(None, description="inbox, async, partner …")
    firmware_versions: list[Version] = Field(
        default_factory=list, description="Certified firmware versions (empty: no requirement)."
    )
    firmware_match: Literal["EXACT", "MINIMUM"] = Field(
        "EXACT", description="EXACT: one of the versions; MINIMUM: at least one of them."
    )
    supported_features: list[Text] = Field(
        default_factory=list, description="Solutions/features certified, e.g. vSAN modes."
    )


class HclEntry(_Strict):
    """A device's certification for one product release, keyed by VID/DID/SVID/SSID."""

    vendor: Hex4 = Field(description="PCI vendor ID (VID).")
    device: Hex4 = Field(description="PCI device ID (DID).")
    subvendor: Hex4 | None = Field(None, description="Subsystem vendor ID (SVID); empty: any.")
    subdevice: Hex4 | None = Field(None, description="Subsystem device ID (SSID); empty: any.")
    product: Id = Field("esxi", description="Product id.")
    release: Version = Field(description='Release it is certified for, e.g. "ESXi 8.0 U2".')
    model: Text | None = Field(None, description="Model name.")
    partner: Text | None = Field(None, description="Vendor/partner name.")
    category: Text | None = Field(None, description="HCL category (controller, nic, ssd…).")
    link: str | None = Field(None, description="Compatibility-guide page.")
    constraints: list[HclConstraint] = Field(
        default_factory=list,
        description="Certified driver/firmware combinations (empty: certified, no constraint).",
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")

    def key(self) -> str:
        parts = [self.vendor, self.device, self.subvendor or "*", self.subdevice or "*"]
        return "/".join(p.lower() for p in parts)


class HclCoverage(_Strict):
    """A claim that an HCL lists *every* certified device of some classes for some releases, so
    that a device missing from it is not certified (rather than unknown)."""

    title: Text = Field(description="Which list this is, as findings name it.")
    product: Id = Field("esxi", description="Product id.")
    releases: list[Version] = Field(min_length=1, description="Releases it covers.")
    device_classes: list[DeviceClass] = Field(min_length=1, description="Device classes it covers.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class PciRegistry(_Strict):
    """PCI vendor IDs and class names, as a pci.ids file lists them."""

    title: Text = Field(description="Which list this is, e.g. 'pci.ids 2026.08.22'.")
    complete: bool = Field(
        description="True for a whole registry (an ID not in it is unregistered), false for a subset."
    )
    vendors: dict[Hex4, Text] = Field(description="Vendor ID -> name.")
    classes: dict[ClassPrefix, Text] = Field(
        default_factory=dict, description="Class code (2, 4 or 6 hex digits) -> name."
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class PciClassRule(_Strict):
    """The PCI class codes a device of one host-format class may report."""

    device_class: DeviceClass = Field(description="Host-format device class.")
    class_codes: list[ClassPrefix] = Field(
        min_length=1, description="Allowed class-code prefixes, e.g. '02' or '0c04'."
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HasSources(Protocol):
    """Anything that cites catalog sources."""

    @property
    def sources(self) -> list[str]: ...


class DriverSection(_Strict):
    """The ``drivers`` section of a catalog file."""

    bindings: list[DriverBinding] = Field(
        default_factory=list, description="Driver-to-PCI-ID bindings (modalias, ESXi map, INF)."
    )
    kinds: list[DriverKindSupport] = Field(
        default_factory=list, description="Driver kinds each product release loads."
    )
    hcl: list[HclEntry] = Field(default_factory=list, description="Hardware-compatibility entries.")
    hcl_coverage: list[HclCoverage] = Field(
        default_factory=list, description="What each loaded HCL lists completely."
    )
    pci_ids: list[PciRegistry] = Field(
        default_factory=list, description="PCI vendor and class registries (pci.ids)."
    )
    pci_classes: list[PciClassRule] = Field(
        default_factory=list, description="PCI class codes allowed per device class."
    )

    def sections(self) -> list[tuple[str, Sequence[HasSources]]]:
        """(logical path, entries) of every list, for the source check."""
        return [
            (f"drivers.{name}", getattr(self, name))
            for name in ("bindings", "kinds", "hcl", "hcl_coverage", "pci_ids", "pci_classes")
        ]


# --- queries ---------------------------------------------------------------------------------------


def driver_key(name: str) -> str:
    """Driver names compare case-insensitively, with '-' and '_' equal (as Linux module names do)."""
    return name.casefold().replace("-", "_")


def release_key(text: str | None) -> tuple[int, ...]:
    """Major, minor and update of a release ('ESXi 7.0 U3c' -> (7, 0, 3)), trailing zeros dropped,
    so that '8.0' and 'ESXi 8.0 U0' are the same release."""
    numbers = [int(n) for n in re.findall(r"\d+", text or "")[:3]]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def device_ids(pci: PciId) -> DeviceIds:
    return DeviceIds(
        vendor=pci.vendor,
        device=pci.device,
        subvendor=pci.subvendor,
        subdevice=pci.subdevice,
        class_code=pci.class_code,
        revision=pci.revision,
    )


@dataclass(frozen=True)
class BindingResult:
    """How a device's IDs fare against a driver's catalog binding."""

    binding: DriverBinding
    match: Match
    matched: str | None = None
    """The first pattern that matched."""
    needs: tuple[str, ...] = ()
    """Device fields that would decide it, when ``match`` is None."""


def evaluate_binding(binding: DriverBinding, ids: DeviceIds) -> BindingResult:
    """True if a pattern matches; False if none can; None if it depends on unstated IDs."""
    needs: list[str] = []
    unknown = False
    if binding.probe_refuses(ids):
        return BindingResult(binding, False)
    for pattern in binding.patterns():
        result = pattern.match(ids)
        if result is True:
            return BindingResult(binding, True, pattern.text)
        if result is None:
            unknown = True
            needs.extend(n for n in pattern.needs(ids) if n not in needs)
    return BindingResult(binding, None if unknown else False, None, tuple(needs))


def firmware_ok(constraint: HclConstraint, firmware: str) -> bool:
    """EXACT: equal (case-insensitive) to a listed version; MINIMUM: at least one listed version."""
    have = firmware.strip().casefold()
    if constraint.firmware_match == "EXACT":
        return any(have == v.strip().casefold() for v in constraint.firmware_versions)
    key = _numeric(firmware)
    return any(key >= _numeric(v) for v in constraint.firmware_versions)


def _numeric(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


@dataclass
class DriverIndex:
    """Every loaded file's ``drivers`` section, merged; later files take precedence."""

    bindings: list[DriverBinding] = field(default_factory=list)
    kinds: list[DriverKindSupport] = field(default_factory=list)
    hcl_coverage: list[HclCoverage] = field(default_factory=list)
    registries: list[PciRegistry] = field(default_factory=list)
    class_rules: dict[str, PciClassRule] = field(default_factory=dict)
    _hcl: dict[tuple[str, str, str], list[HclEntry]] = field(default_factory=dict)
    _hcl_releases: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)
    generated: GeneratedTables | None = None
    """The generated tables: the full pci.ids answers what the loaded registries do not."""
    _by_driver: dict[str, list[DriverBinding]] | None = field(default=None, repr=False)

    def add(self, section: DriverSection) -> None:
        self._by_driver = None
        self.bindings[:0] = section.bindings
        self.kinds[:0] = section.kinds
        self.hcl_coverage[:0] = section.hcl_coverage
        self.registries[:0] = section.pci_ids
        for rule in section.pci_classes:
            self.class_rules[rule.device_class] = rule
        for entry in section.hcl:
            key = (entry.product, entry.vendor.lower(), entry.device.lower())
            self._hcl.setdefault(key, []).append(entry)
            self._hcl_releases.setdefault(entry.product, set()).add(release_key(entry.release))

    # bindings
    def binding_for(self, driver: str, kind: str, product: str | None) -> DriverBinding | None:
        """The newest binding for the driver name and kind that applies to ``product``."""
        if self._by_driver is None:
            index: dict[str, list[DriverBinding]] = {}
            for binding in self.bindings:
                index.setdefault(driver_key(binding.driver), []).append(binding)
            self._by_driver = index
        for binding in self._by_driver.get(driver_key(driver), ()):
            if kind not in binding.kinds:
                continue
            if binding.products and product not in binding.products:
                continue
            return binding
        return None

    # driver kinds
    def kind_support(self, product: str, kind: str) -> DriverKindSupport | None:
        for entry in self.kinds:
            if entry.product == product and entry.kind == kind:
                return entry
        return None

    # HCL
    def has_hcl(self, product: str, release: str) -> bool:
        """True if any HCL entry or coverage claim exists for the product release."""
        key = release_key(release)
        if key in self._hcl_releases.get(product, set()):
            return True
        return self.coverage(product, release, None) is not None

    def hcl_entries(self, product: str, vendor: str, device: str) -> list[HclEntry]:
        """Every entry for VID/DID, for every release and subsystem."""
        return list(self._hcl.get((product, vendor.lower(), device.lower()), []))

    def coverage(self, product: str, release: str, device_class: str | None) -> HclCoverage | None:
        """The newest coverage claim for the release (and device class, unless None)."""
        key = release_key(release)
        for claim in self.hcl_coverage:
            if claim.product != product:
                continue
            if key not in {release_key(r) for r in claim.releases}:
                continue
            if device_class is None or device_class in claim.device_classes:
                return claim
        return None

    # PCI registries
    def vendor_name(self, vendor: str) -> str | None:
        """The vendor's name in the loaded registries, else in the full generated pci.ids (read
        only when a vendor is missing from the loaded ones)."""
        wanted = vendor.lower()
        for registry in self.registries:
            name = registry.vendors.get(wanted) or registry.vendors.get(wanted.upper())
            if name is not None:
                return name
        full = self.generated.pci_ids if self.generated is not None else None
        return full.vendor_name(wanted) if full is not None else None

    def complete_registry(self) -> PciRegistry | None:
        return next((r for r in self.registries if r.complete), None)

    def registry_title(self) -> str | None:
        """The name of the complete PCI ID registry an unlisted vendor is judged by (a loaded
        complete registry, else the full generated pci.ids), or None when only partial lists are
        loaded."""
        titles = [r.title for r in self.registries if r.complete]
        full = self.generated.pci_ids if self.generated is not None else None
        if full is not None:
            titles.append(full.title)
        # the newest list (pci.ids versions are dates) names what was consulted last
        return max(titles, key=lambda t: re.findall(r"\d+", t)) if titles else None

    def device_name(self, vendor: str, device: str) -> str | None:
        """The device's name in the full generated pci.ids, or None."""
        full = self.generated.pci_ids if self.generated is not None else None
        return full.device_name(vendor, device) if full is not None else None

    def class_name(self, code: str) -> str | None:
        """The most specific name the registries give for a class code ('0108' -> 'Non-Volatile…')."""
        wanted = code.lower()
        for length in (6, 4, 2):
            if len(wanted) < length:
                continue
            for registry in self.registries:
                name = registry.classes.get(wanted[:length])
                if name is not None:
                    return name
        return None

    def class_rule(self, device_class: str) -> PciClassRule | None:
        return self.class_rules.get(device_class)


def hcl_for_device(
    index: DriverIndex, product: str, release: str, ids: DeviceIds
) -> tuple[list[HclEntry], list[HclEntry]]:
    """(entries for this release that fit the device's subsystem, entries for the VID/DID on other
    releases or other subsystems)."""
    here: list[HclEntry] = []
    other: list[HclEntry] = []
    key = release_key(release)
    for entry in index.hcl_entries(product, ids.vendor, ids.device):
        same_release = release_key(entry.release) == key
        fits = (
            entry.subvendor is None
            or ids.subvendor is None
            or entry.subvendor.lower() == ids.subvendor
        ) and (
            entry.subdevice is None
            or ids.subdevice is None
            or entry.subdevice.lower() == ids.subdevice
        )
        (here if same_release and fits else other).append(entry)
    return here, other


def subsystem_specific(entries: Iterable[HclEntry]) -> bool:
    """True if any entry names a subsystem (so the device's subsystem IDs decide which applies)."""
    return any(e.subvendor is not None or e.subdevice is not None for e in entries)
