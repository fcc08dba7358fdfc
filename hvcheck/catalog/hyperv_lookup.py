"""Queries over the merged ``hyperv`` catalog sections (``Catalog.hyperv``).

Lists from later catalog files come first, so a user's ``--catalog`` entry wins over a bundled
one; the first matching entry answers. ``None`` always means "the catalog does not know".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hvcheck.catalog.hyperv import (
    Availability,
    Bus,
    DaemonRequirement,
    DdaFacts,
    DdaRestriction,
    DynamicMemoryRule,
    FeatureRow,
    GenerationProfile,
    GenerationSupport,
    GuestFeature,
    GuestLimit,
    GuestMatch,
    HyperVSection,
    IntegrationServices,
    MemoryRequirement,
    ReleaseRange,
    SecureBootTemplate,
    VirtualDiskLimit,
    VmLimit,
)
from hvcheck.catalog.memo import Remembers
from hvcheck.catalog.versions import normalize_name, release_within, version_key
from hvcheck.model.host import GuestOS

BUILT_IN_KINDS = ("hyperv-ic", "lis-builtin", "bis")
"""Integration kinds that ship with the guest OS: what a guest that states no kind runs."""


def _at_most(version: tuple[int, ...], bound: tuple[int, ...]) -> bool:
    """``version`` ≤ ``bound``, where a bound covers every release that starts with it."""
    return version[: len(bound)] <= bound


def _starts_with(version: tuple[int, ...], release: tuple[int, ...]) -> bool:
    return len(version) >= len(release) and version[: len(release)] == release


def release_in(rng: ReleaseRange, release: str | None) -> bool:
    """True if ``release`` lies in ``rng``; an unstated release matches only an open range."""
    if rng.min_version is None and rng.max_version is None:
        return True
    if not release or not version_key(release):
        return False
    return release_within(release, rng.min_version, rng.max_version)


def guest_matches(match: GuestMatch, os: GuestOS) -> bool:
    """True if the guest ``os`` is one of the releases ``match`` covers."""
    if match.family is not None and os.family != match.family:
        return False
    if match.arch is not None and os.arch != match.arch:
        return False
    if match.names:
        names = {normalize_name(n) for n in match.names}
        candidates = {normalize_name(os.name)}
        if os.version:
            candidates.add(normalize_name(f"{os.name} {os.version}"))
        if not candidates & names:
            return False
    if match.versions or match.min_version or match.max_version:
        key = version_key(os.version)
        if not key:
            return False
        if match.versions and not any(_starts_with(key, version_key(v)) for v in match.versions):
            return False
        if match.min_version and key < version_key(match.min_version):
            return False
        if match.max_version and not _at_most(key, version_key(match.max_version)):
            return False
    return True


def host_matches(ranges: dict[str, ReleaseRange], product: str, release: str | None) -> bool:
    """Whether an entry restricted to ``ranges`` (product -> host releases) holds for a host of
    ``product`` running ``release``; a product the entry does not name is not restricted."""
    rng = ranges.get(product)
    return rng is None or release_in(rng, release)


def kind_matches(kinds: Sequence[str], stated: str | None) -> bool:
    """Whether an entry for integration ``kinds`` (empty: any) applies to a guest's kind."""
    if not kinds:
        return True
    if stated is None:
        return any(k in BUILT_IN_KINDS for k in kinds)
    return stated in kinds


@dataclass
class HyperVData(Remembers):
    """Every loaded ``hyperv`` section, merged. Answers every VM asks again (a model's bus, a
    guest's feature availability) are remembered until a section is added."""

    generations: list[GenerationProfile] = field(default_factory=list)
    model_buses: list[tuple[str, str, Bus]] = field(default_factory=list)  # product, model, bus
    vm_limits: list[VmLimit] = field(default_factory=list)
    generation_support: list[GenerationSupport] = field(default_factory=list)
    guest_limits: list[GuestLimit] = field(default_factory=list)
    features: dict[str, GuestFeature] = field(default_factory=dict)
    feature_matrix: list[FeatureRow] = field(default_factory=list)
    daemons: list[DaemonRequirement] = field(default_factory=list)
    secure_boot_templates: list[SecureBootTemplate] = field(default_factory=list)
    dynamic_memory: list[DynamicMemoryRule] = field(default_factory=list)
    memory_requirements: list[MemoryRequirement] = field(default_factory=list)
    integration_services: list[IntegrationServices] = field(default_factory=list)
    disk_limits: list[VirtualDiskLimit] = field(default_factory=list)
    dda: list[DdaFacts] = field(default_factory=list)
    dda_restrictions: list[DdaRestriction] = field(default_factory=list)

    def add(self, section: HyperVSection) -> None:
        """Merge one file's section; its entries take precedence over those loaded before."""
        self.forget()
        self.generations[:0] = section.generations
        self.model_buses[:0] = [
            (p, m, entry.bus)
            for entry in section.model_buses
            for p in entry.products
            for m in entry.models
        ]
        self.vm_limits[:0] = section.vm_limits
        self.generation_support[:0] = section.generation_support
        self.guest_limits[:0] = section.guest_limits
        for feature in section.features:
            self.features[feature.id] = feature
        self.feature_matrix[:0] = section.feature_matrix
        self.daemons[:0] = section.daemons
        self.secure_boot_templates[:0] = section.secure_boot_templates
        self.dynamic_memory[:0] = section.dynamic_memory
        self.memory_requirements[:0] = section.memory_requirements
        self.integration_services[:0] = section.integration_services
        self.disk_limits[:0] = section.disk_limits
        self.dda[:0] = section.dda
        self.dda_restrictions[:0] = section.dda_restrictions

    # --- generations and devices ---------------------------------------------------------------

    def generation(self, product: str, generation: int) -> GenerationProfile | None:
        for entry in self.generations:
            if product in entry.products and entry.generation == generation:
                return entry
        return None

    def bus_of(self, product: str, model: str) -> Bus | None:
        """The bus a disk/DVD model or a storage controller model stands for."""
        return self.remember(("bus-of", product, model), lambda: self._bus_of(product, model))

    def _bus_of(self, product: str, model: str) -> Bus | None:
        for p, m, bus in self.model_buses:
            if p == product and m == model:
                return bus
        return None

    def limit(
        self, product: str, limit_id: str, release: str | None, generation: int
    ) -> VmLimit | None:
        """The ``limit_id`` maximum for a VM of ``generation`` on host ``release``."""
        for entry in self.vm_limits:
            if (
                entry.id == limit_id
                and product in entry.products
                and generation in entry.generations
                and release_in(entry.host, release)
            ):
                return entry
        return None

    def smallest_limit(self, product: str, limit_id: str, generation: int) -> int:
        """The lowest ``limit_id`` maximum of any release (0 when the catalog has none): a value
        within it fits every release, whether or not the catalog knows this one."""
        known = [
            e.max
            for e in self.vm_limits
            if e.id == limit_id and product in e.products and generation in e.generations
        ]
        return min(known, default=0)

    # --- guests -----------------------------------------------------------------------------

    def generation_support_for(self, product: str, os: GuestOS) -> GenerationSupport | None:
        for entry in self.generation_support:
            if product in entry.products and guest_matches(entry.os, os):
                return entry
        return None

    def guest_limit(self, product: str, os: GuestOS, generation: int) -> GuestLimit | None:
        for entry in self.guest_limits:
            if (
                product in entry.products
                and generation in entry.generations
                and guest_matches(entry.os, os)
            ):
                return entry
        return None

    def guest_limit_families(self, product: str) -> set[str]:
        """Guest families that have vCPU caps in the catalog (others are not checked)."""
        return {e.os.family for e in self.guest_limits if product in e.products and e.os.family}

    def features_for(self, product: str) -> list[GuestFeature]:
        return [f for f in self.features.values() if product in f.products]

    def feature_availability(
        self,
        product: str,
        os: GuestOS,
        kind: str | None,
        feature: str,
        release: str | None = None,
    ) -> tuple[Availability, FeatureRow] | None:
        """Whether ``feature`` is available to the guest on host ``release``, from the first row
        that lists it (a row restricted to some host releases needs a stated release)."""
        key = ("feature", product, os.family, os.name, os.version, os.arch, kind, feature, release)
        return self.remember(
            key, lambda: self._feature_availability(product, os, kind, feature, release)
        )

    def _feature_availability(
        self, product: str, os: GuestOS, kind: str | None, feature: str, release: str | None
    ) -> tuple[Availability, FeatureRow] | None:
        for row in self.feature_matrix:
            if (
                product in row.products
                and feature in row.features
                and kind_matches(row.integration, kind)
                and guest_matches(row.os, os)
                and host_matches(row.host_releases, product, release)
            ):
                return row.features[feature], row
        return None

    def daemons_for(self, product: str, family: str, kind: str | None) -> list[DaemonRequirement]:
        return [
            d
            for d in self.daemons
            if product in d.products and family in d.families and kind_matches(d.integration, kind)
        ]

    def secure_boot_template(
        self, product: str, os: GuestOS, release: str | None = None
    ) -> SecureBootTemplate | None:
        for entry in self.secure_boot_templates:
            if (
                product in entry.products
                and guest_matches(entry.os, os)
                and host_matches(entry.host_releases, product, release)
            ):
                return entry
        return None

    def memory_requirement(self, product: str, os: GuestOS) -> MemoryRequirement | None:
        for entry in self.memory_requirements:
            if product in entry.products and guest_matches(entry.os, os):
                return entry
        return None

    def integration_services_for(self, product: str) -> IntegrationServices | None:
        for entry in self.integration_services:
            if product in entry.products:
                return entry
        return None

    def disk_limit(
        self, product: str, media: str, generation: int, boot: bool
    ) -> VirtualDiskLimit | None:
        """The smallest limit on a disk of ``media`` (boot-only limits count for boot disks)."""
        found = [
            e
            for e in self.disk_limits
            if product in e.products
            and media in e.media
            and (generation in e.generations if generation else len(set(e.generations)) == 2)
            and (boot or not e.boot_only)
        ]
        return min(found, key=lambda e: e.max_size_gb, default=None)

    def dynamic_memory_rule(self, product: str, os: GuestOS) -> DynamicMemoryRule | None:
        for entry in self.dynamic_memory:
            if product in entry.products and guest_matches(entry.os, os):
                return entry
        return None

    # --- device assignment ------------------------------------------------------------------

    def dda_facts(self, product: str) -> DdaFacts | None:
        for entry in self.dda:
            if product in entry.products:
                return entry
        return None

    def dda_restrictions_for(self, product: str, release: str | None) -> list[DdaRestriction]:
        return [
            r
            for r in self.dda_restrictions
            if product in r.products and release_in(r.host, release)
        ]
