"""The merged ``guests`` sections of all loaded catalogs, and the questions rules ask of them.

Later catalog files take precedence: their entries are searched first. Every query answers "unknown"
(``None``, or an ``unknown`` status) when no entry covers the question; nothing here guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hvcheck.catalog.guests import (
    ControllerLimit,
    DeviceRequirement,
    DiskLimit,
    GuestDriver,
    GuestFacts,
    GuestLimit,
    GuestOsMatch,
    GuestType,
    GuestTypeOs,
    HostOsMatch,
    HostOsSupport,
    PassthroughLimit,
)
from hvcheck.catalog.memo import Remembers
from hvcheck.catalog.versions import normalize_name, release_within, version_key
from hvcheck.model.host import GuestOS, HostOS

OsMatch = Literal["yes", "no", "older", "newer", "unstated"]
"""yes; no (another OS); older / newer than the entry covers; unstated (the entry needs a version
or kernel release the host does not give)."""


def at_least(version: str, minimum: str) -> bool:
    """``version`` >= ``minimum``: '6.5 U1' >= '6.5'; '2005 R2 SP1' >= '2005 R2'."""
    return version_key(version) >= version_key(minimum)


def at_most(version: str, maximum: str) -> bool:
    """``version`` <= ``maximum``, where a maximum covers its updates: '6.7 U3' <= '6.7'."""
    top = version_key(maximum)
    return version_key(version)[: len(top)] <= top


def release_in_range(version: str | None, low: str | None, high: str | None) -> bool | None:
    """Whether a product release is in [low, high]; None when the range needs an unstated release."""
    if low is None and high is None:
        return True
    if not version:
        return None
    return release_within(version, low, high)


def _names(names: list[str]) -> set[str]:
    return {normalize_name(n) for n in names}


def _named(os_name: str, os_version: str | None, names: list[str]) -> bool:
    wanted = _names(names)
    name = normalize_name(os_name)
    full = normalize_name(f"{os_name} {os_version}") if os_version else name
    return name in wanted or full in wanted


def os_matches(match: GuestOsMatch, os: GuestOS) -> OsMatch:
    """How a guest OS relates to an entry's OS range."""
    if os.family != match.family:
        return "no"
    if match.names and not _named(os.name, os.version, match.names):
        return "no"
    for value, low, high in (
        (os.version, match.min_version, match.max_version),
        (os.kernel, match.min_kernel, None),
    ):
        if low is None and high is None:
            continue
        if not value:
            return "unstated"
        if low is not None and not at_least(value, low):
            return "older"
        if high is not None and not at_most(value, high):
            return "newer"
    return "yes"


def host_os_matches(match: HostOsMatch, os: HostOS) -> bool | None:
    """Whether ``os`` is one of ``match``; None when only its unstated edition would decide."""
    if os.family != match.family or not _named(os.name, os.version, match.names):
        return False
    if match.arch and os.arch not in match.arch:
        return False
    if not match.editions:
        return True
    if os.edition is None:
        return None
    return _named(os.edition, None, match.editions)


@dataclass(frozen=True)
class DriverAnswer:
    """What the catalog says about a guest driver for one device model on one guest OS.

    ``status`` is ``found`` (``entry`` covers the guest), ``older`` (``entry`` covers only later
    releases than the guest's), ``unstated`` (``entry`` would decide, but the guest does not state
    its version or kernel) or ``unknown`` (no entry covers this OS; ``entry`` is None).
    """

    status: Literal["found", "older", "unstated", "unknown"]
    entry: GuestDriver | None = None


@dataclass
class GuestIndex(Remembers):
    """All loaded ``guests`` facts, later files first."""

    guest_drivers: list[GuestDriver] = field(default_factory=list)
    device_requirements: list[DeviceRequirement] = field(default_factory=list)
    passthrough_limits: list[PassthroughLimit] = field(default_factory=list)
    controller_limits: list[ControllerLimit] = field(default_factory=list)
    disk_limits: list[DiskLimit] = field(default_factory=list)
    guest_limits: list[GuestLimit] = field(default_factory=list)
    host_os_support: list[HostOsSupport] = field(default_factory=list)
    guest_types: list[GuestType] = field(default_factory=list)

    def add(self, facts: GuestFacts) -> None:
        self.guest_drivers[:0] = facts.guest_drivers
        self.device_requirements[:0] = facts.device_requirements
        self.passthrough_limits[:0] = facts.passthrough_limits
        self.controller_limits[:0] = facts.controller_limits
        self.disk_limits[:0] = facts.disk_limits
        self.guest_limits[:0] = facts.guest_limits
        self.host_os_support[:0] = facts.host_os_support
        self.guest_types[:0] = facts.guest_types
        self.forget()

    # --- guest drivers -----------------------------------------------------------------------------

    def drivers_for(self, product: str, model: str) -> list[GuestDriver]:
        """Every entry about ``model`` on ``product`` (remembered: every host asks again)."""
        return self.remember(
            ("drivers-for", product, model),
            lambda: [e for e in self.guest_drivers if product in e.products and model in e.models],
        )

    def guest_driver(self, product: str, model: str, os: GuestOS) -> DriverAnswer:
        """The entry that says how ``os`` gets a driver for ``model``."""
        fallback: DriverAnswer | None = None
        for entry in self.drivers_for(product, model):
            match = os_matches(entry.os, os)
            if match == "yes":
                return DriverAnswer("found", entry)
            if match == "older" and (fallback is None or fallback.status == "unstated"):
                fallback = DriverAnswer("older", entry)
            elif match == "unstated" and fallback is None:
                fallback = DriverAnswer("unstated", entry)
        return fallback or DriverAnswer("unknown")

    # --- virtual hardware and limits ------------------------------------------------------------

    def device_requirement(self, product: str, model: str) -> DeviceRequirement | None:
        for entry in self.device_requirements:
            if product in entry.products and model in entry.models:
                return entry
        return None

    def passthrough_limit(
        self, product: str, version: str | None, hw_version: int | None = None
    ) -> PassthroughLimit | None:
        """The entry for ``product`` whose release range holds ``version`` (and whose virtual
        hardware range holds ``hw_version``; an entry scoped to hardware versions never answers
        for a VM that does not state its version)."""
        for entry in self.passthrough_limits:
            if product in entry.products and release_in_range(
                version, entry.min_version, entry.max_version
            ):
                if entry.min_hw_version is None and entry.max_hw_version is None:
                    return entry
                if hw_version is not None and _hw_between(
                    hw_version, entry.min_hw_version, entry.max_hw_version
                ):
                    return entry
        return None

    def passthrough_candidates(self, product: str, version: str | None) -> list[PassthroughLimit]:
        """Entries for ``product`` whose release range holds ``version``, whatever their virtual
        hardware range: the limits a VM of unstated hardware version may be under."""
        return [
            e
            for e in self.passthrough_limits
            if product in e.products
            and release_in_range(version, e.min_version, e.max_version)
            and e.max_devices_per_vm is not None
        ]

    def passthrough_entries(self, product: str) -> list[PassthroughLimit]:
        return [e for e in self.passthrough_limits if product in e.products]

    def controller_limit(
        self, product: str, model: str, hw_version: int | None = None
    ) -> tuple[ControllerLimit | None, bool]:
        """The limits on disks and units of one controller model, and whether they depend on a
        virtual hardware version the VM does not state.

        An entry scoped to hardware versions wins within its range; without a stated version the
        general entry answers (the lowest limits), and the second value says that a later version
        may allow more.
        """
        general: ControllerLimit | None = None
        scoped = False
        for entry in self.controller_limits:
            if product not in entry.products or model not in entry.models:
                continue
            if entry.min_hw_version is None and entry.max_hw_version is None:
                general = general or entry
                continue
            scoped = True
            if hw_version is not None and _in_hw_range(hw_version, entry):
                return entry, False
        return general, scoped and hw_version is None

    def controller_count_limit(self, product: str, model: str) -> ControllerLimit | None:
        """The entry that caps how many controllers like ``model`` a VM may have."""
        for entry in self.controller_limits:
            if product in entry.products and model in entry.models and entry.max_per_vm:
                return entry
        return None

    def disk_limit(self, product: str, bus: str) -> DiskLimit | None:
        for entry in self.disk_limits:
            if product in entry.products and entry.bus == bus:
                return entry
        return None

    def disk_bus_of_controller(self, product: str, model: str) -> str | None:
        """The bus a disk on a controller of ``model`` sits on, when an entry names the model
        (an entry of ``product`` first; the bus is the model's, so any product's entry will do)."""
        named = [e for e in self.disk_limits if model in e.controller_models]
        for entry in sorted(named, key=lambda e: product not in e.products):
            return entry.bus
        return None

    def guest_limit(self, product: str, version: str | None) -> GuestLimit | None:
        for entry in self.guest_limits:
            if product in entry.products and release_in_range(
                version, entry.min_version, entry.max_version
            ):
                return entry
        return None

    # --- host OS and guest types --------------------------------------------------------------------

    def host_os_support_for(self, product: str, version: str | None) -> HostOsSupport | None:
        for entry in self.host_os_support:
            if product in entry.products and release_in_range(
                version, entry.min_version, entry.max_version
            ):
                return entry
        return None

    def guest_type(self, product: str, gtype: str) -> GuestType | None:
        for entry in self.guest_types:
            if product in entry.products and entry.type == gtype:
                return entry
        return None


def _hw_between(hw: int, low: int | None, high: int | None) -> bool:
    return (low is None or hw >= low) and (high is None or hw <= high)


def _in_hw_range(hw: int, entry: ControllerLimit) -> bool:
    return (entry.min_hw_version is None or hw >= entry.min_hw_version) and (
        entry.max_hw_version is None or hw <= entry.max_hw_version
    )


def host_os_status(
    entry: HostOsSupport, os: HostOS
) -> Literal["supported", "evaluation", "unsupported", "edition-unstated"]:
    """Whether ``os`` is a production host OS, an evaluation-only one, or neither, per ``entry``;
    ``edition-unstated`` when the answer depends on an edition the host does not state."""
    supported = [host_os_matches(m, os) for m in entry.supported]
    if True in supported:
        return "supported"
    evaluation = [host_os_matches(m, os) for m in entry.evaluation_only]
    if True in evaluation:
        return "evaluation"
    if None in supported or None in evaluation:
        return "edition-unstated"
    return "unsupported"


def guest_type_support(entry: GuestType, os: GuestOS) -> tuple[GuestTypeOs | None, OsMatch]:
    """The first ``guests`` row of ``entry`` that decides for ``os``, and how it matched."""
    pending: tuple[GuestTypeOs | None, OsMatch] = (None, "no")
    for row in entry.guests:
        match = os_matches(row.os, os)
        if match == "yes":
            return row, match
        if match != "no" and pending[0] is None:
            pending = (row, match)
    return pending
