"""Catalog section ``release_facts``: what each product release offers, refuses and limits.

Facts of the form "this feature, device or setting needs release >= X (or <= Y)", kept as data so
that a small number of generic rules judge them and a new fact needs no new code:

- ``features``: a feature the host may use (described by a condition over the host, a partition or
  a virtual device) and its status on each release range: supported, supported with caveats,
  experimental, not security supported, unavailable, removed... (Xen ``SUPPORT.md`` per release,
  Hyper-V features per Windows Server release, the guests a host release takes);
- ``hardware_versions``: VMware virtual hardware versions and the releases that run them;
- ``hardware_limits``: the per-VM maximums of each virtual hardware version;
- ``device_hardware``: the virtual hardware versions a VMware device model exists in;
- ``host_maximums``: the most logical processors, memory and virtual machines a release supports;
- ``machine_families``: libvirt's QEMU machine-type families and what each accepts (IDE,
  floppy, Secure Boot, vCPUs);
- ``refused_models``: device models a product refuses outright;
- ``model_roles``: the device models that play a role a validation rule asks about (libvirt's IDE
  and floppy controllers, the video models that may be secondary, the models only the virtio bus
  takes);
- ``emulated_models``: the emulated models a product's toolstack accepts and supports, by kind.

Release bounds are inclusive. A maximum bound covers the updates of its release ("6.7" covers
"6.7 U3", "4.17" covers "4.17.3") but not a different release that shares its number ("2012" does
not cover "2012 R2"). A question no entry answers is unknown, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from hvcheck.catalog.guests import HasSources
from hvcheck.catalog.hyperv import GuestMatch
from hvcheck.catalog.memo import Remembers
from hvcheck.catalog.versions import release_within
from hvcheck.model.host import (
    DeviceMode,
    Id,
    PartitionRole,
    Text,
    Version,
    VirtualDeviceKind,
    _Strict,
)

Status = Literal[
    "supported",
    "supported-with-caveats",
    "not-security-supported",
    "tech-preview",
    "experimental",
    "deprecated",
    "not-recommended",
    "not-supported",
    "unavailable",
    "removed",
]
"""A feature's status on a release. The first two are fine; ``unavailable`` (the release does not
have it, or refuses the configuration) and ``removed`` are errors; the others are what a vendor
calls unsupported-but-works or not recommended: warnings."""

OK_STATUSES: frozenset[str] = frozenset({"supported", "supported-with-caveats"})
ERROR_STATUSES: frozenset[str] = frozenset({"unavailable", "removed"})

STATUS_WORDS: dict[str, str] = {
    "supported": "supports it",
    "supported-with-caveats": "supports it, with caveats",
    "not-security-supported": "supports it, but not security-supported",
    "tech-preview": "rates it Tech Preview (not fully supported)",
    "experimental": "rates it Experimental (not supported)",
    "deprecated": "deprecates it",
    "not-recommended": "does not recommend it",
    "not-supported": "does not support it",
    "unavailable": "does not have it",
    "removed": "no longer has it",
}

CpuArch = Literal["x86", "x86_64", "arm64", "arm32"]
Firmware = Literal["bios", "uefi"]
Feature = Literal[
    "live_migration",
    "snapshots",
    "save_restore",
    "ha",
    "fault_tolerance",
    "processor_compatibility",
]


class StatusRow(_Strict):
    """A feature's status on the releases from ``min_version`` to ``max_version``."""

    min_version: Version | None = Field(None, description="First release covered (inclusive).")
    max_version: Version | None = Field(
        None, description='Last release covered (inclusive; "4.17" covers "4.17.3").'
    )
    status: Status = Field(description="The feature's status on these releases.")
    note: str | None = Field(
        None, description="The vendor's words, or what the user needs to know."
    )


class HostCondition(_Strict):
    """Facts of the host itself. Every stated field must hold."""

    firmware: list[Firmware] = Field(default_factory=list, description="Host firmware types.")
    secure_boot: bool | None = Field(None, description="Host UEFI Secure Boot on (or off).")
    cpu_arch: list[CpuArch] = Field(default_factory=list, description="Host instruction sets.")
    cpu_model: list[str] = Field(
        default_factory=list,
        description="Regular expressions, one of which cpu.model matches (case-insensitively).",
    )
    memory_gb_above: float | None = Field(None, description="Installed memory above this, GB.")


class MachineMatch(_Strict):
    """QEMU machine types, by the families of ``machine_families``."""

    families: list[Id] = Field(default_factory=list, description="One of these families.")
    not_families: list[Id] = Field(default_factory=list, description="None of these families.")


class PartitionCondition(_Strict):
    """Facts of a partition. Every stated field must hold."""

    roles: list[PartitionRole] = Field(default_factory=list, description="Partition roles.")
    generations: list[Literal[1, 2]] = Field(
        default_factory=list, description="Hyper-V VM generations."
    )
    virt_modes: list[Literal["pv", "pvh", "hvm"]] = Field(
        default_factory=list, description="Xen guest types."
    )
    device_models: list[Literal["qemu-xen", "qemu-xen-traditional", "none"]] = Field(
        default_factory=list, description="Xen device models."
    )
    device_model_in_parent: bool | None = Field(
        None,
        description=(
            "The device model runs in the parent partition (dom0) as a host process: true when "
            "an emulated device is served by the parent, false when all are served elsewhere "
            "(a stub domain)."
        ),
    )
    pv_shim: bool | None = Field(None, description="A Xen PV guest in the PV shim (or not).")
    firmware: list[Firmware] = Field(default_factory=list, description="Virtual firmware types.")
    secure_boot: bool | None = Field(None, description="Virtual Secure Boot on (or off).")
    dynamic_memory: bool | None = Field(None, description="Hyper-V Dynamic Memory on (or off).")
    os: GuestMatch | None = Field(None, description="The guest operating system.")
    memory_mb_above: int | None = Field(None, description="Memory above this, MiB.")
    vcpus_above: int | None = Field(None, description="Virtual processors above this.")
    features: list[Feature] = Field(
        default_factory=list, description="Availability features in use (true)."
    )
    machine: MachineMatch | None = Field(None, description="QEMU machine type families.")


class BackingCondition(_Strict):
    """Facts of the physical device a passthrough device is backed by."""

    requires_rmrr: bool | None = Field(None, description="It needs BIOS-reserved memory.")
    classes: list[Id] = Field(default_factory=list, description="Physical device classes.")
    pci: bool | None = Field(
        None,
        description=(
            "It is a PCI device (true) or a device-tree device (false, an address starting "
            'with "/"); a device with neither PCI IDs nor an address is unknown.'
        ),
    )


class DeviceCondition(_Strict):
    """Facts of a partition's virtual devices. Every stated field must hold."""

    kinds: list[VirtualDeviceKind] = Field(default_factory=list, description="Device kinds.")
    modes: list[DeviceMode] = Field(default_factory=list, description="Device modes.")
    models: list[Id] = Field(default_factory=list, description="Device model ids (aliases too).")
    buses: list[Id] = Field(default_factory=list, description="Buses (the device's own bus).")
    assigned: bool | None = Field(
        None, description="A passthrough device backed by a physical device."
    )
    backing: BackingCondition | None = Field(None, description="Its physical device.")
    unit_above: int | None = Field(None, description="Unit number above this.")
    count_above: int | None = Field(
        None,
        description=(
            "The partition has more than this many such devices; the ones beyond it are reported."
        ),
    )


class Trigger(_Strict):
    """When a host uses a feature. The host condition holds for the host; the partition condition
    for a partition; the device condition for one of that partition's devices."""

    host: HostCondition | None = Field(None, description="Host facts.")
    partition: PartitionCondition | None = Field(None, description="Partition facts.")
    device: DeviceCondition | None = Field(None, description="Virtual device facts.")


class ReleaseFeature(_Strict):
    """A feature (or configuration) and its status on each range of a product's releases."""

    id: Id = Field(description="Feature id; a later catalog file replaces the entry with this id.")
    name: Text = Field(description='What it is, for messages: "generation 2 virtual machines".')
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    when: Trigger = Field(description="When a host uses the feature.")
    at: str | None = Field(
        None,
        description=(
            'The field to point at, relative to the subject (dotted: "os.name"); default: the '
            "device's model, the partition's id, or the hypervisor version."
        ),
    )
    support: list[StatusRow] = Field(
        min_length=1, description="Status by release; the first row covering the release decides."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HardwareVersion(_Strict):
    """A VMware virtual hardware version and the product releases that run it."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    version: int = Field(ge=1, le=99, description="Virtual hardware version (vmx-NN).")
    introduced: Version | None = Field(
        None, description="First release that runs it; earlier releases cannot."
    )
    runs_until: Version | None = Field(
        None, description="Last release that runs it; later releases cannot power it on."
    )
    never: bool = Field(
        False, description="No release of the product runs it (another product's version)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HardwareLimit(_Strict):
    """A per-VM maximum of some virtual hardware versions."""

    id: Id = Field(description='What is limited: "vcpus", "memory-mb", "nics" ...')
    label: Text = Field(description='What is counted, in words: "network adapters".')
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    min_hw_version: int | None = Field(None, ge=1, le=99, description="Lowest version covered.")
    max_hw_version: int | None = Field(None, ge=1, le=99, description="Highest version covered.")
    counts: Literal["vcpus", "memory-mb", "devices"] = Field(description="What is counted.")
    kinds: list[VirtualDeviceKind] = Field(
        default_factory=list, description="devices: count devices of these kinds..."
    )
    models: list[Id] = Field(default_factory=list, description="...or of these models.")
    max: int = Field(ge=0, description="The maximum.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")

    def covers(self, hw: int) -> bool:
        return (self.min_hw_version is None or hw >= self.min_hw_version) and (
            self.max_hw_version is None or hw <= self.max_hw_version
        )


class DeviceHardware(_Strict):
    """The virtual hardware versions a device model exists in."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    models: list[Id] = Field(min_length=1, description="Device model ids.")
    kinds: list[VirtualDeviceKind] = Field(
        default_factory=list, description="Only devices of these kinds (empty: any)."
    )
    label: Text = Field(description='What the models are, for messages: "the E1000E adapter".')
    min_hw_version: int | None = Field(None, ge=1, le=99, description="Lowest version.")
    max_hw_version: int | None = Field(None, ge=1, le=99, description="Highest version.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HostMaximum(_Strict):
    """What one release range supports at most on one host."""

    id: Id = Field(description="Entry id; a later catalog file replaces the entry with this id.")
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    min_version: Version | None = Field(None, description="First release covered.")
    max_version: Version | None = Field(None, description="Last release covered.")
    cpu_arch: list[CpuArch] = Field(
        default_factory=list, description="Only hosts of these instruction sets (empty: any)."
    )
    counts: Literal["logical-processors", "memory-gb", "child-partitions"] = Field(
        description="What is counted."
    )
    max: float = Field(gt=0, description="The maximum.")
    beyond: Status = Field("not-supported", description="The status of a host above the maximum.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class MachineFamily(_Strict):
    """A family of QEMU machine types (libvirt's q35 / i440fx / virt ...) and what it accepts."""

    id: Id = Field(description="Family id.")
    name: Text = Field(description="Its name.")
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    patterns: list[str] = Field(
        min_length=1, description="Regular expressions a machine type matches (full match)."
    )
    ide: Literal["built-in", "none"] | None = Field(
        None, description="An IDE controller is built in, or IDE is not available at all."
    )
    fdc: Literal["built-in", "none"] | None = Field(
        None, description="A floppy controller is built in, or none is available."
    )
    secure_boot: bool | None = Field(None, description="Whether Secure Boot firmware is accepted.")
    max_vcpus: int | None = Field(None, ge=1, description="Most vCPUs the family accepts.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")

    def matches(self, machine: str) -> bool:
        return any(re.fullmatch(p, machine, re.IGNORECASE) for p in self.patterns)


class RefusedModel(_Strict):
    """Device models a product refuses (no emulation exists)."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    models: list[Id] = Field(min_length=1, description="Device model ids.")
    message: Text = Field(description="What the product says.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


ModelRole = Literal["ide-controller", "floppy-controller", "secondary-video", "virtio-bus-only"]


class ModelRoles(_Strict):
    """Device models that play one role in a product's validation (libvirt: which controllers are
    IDE or floppy controllers, which video models may be secondary, which models only the virtio
    bus takes)."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    role: ModelRole = Field(description="The role.")
    models: list[Id] = Field(min_length=1, description="Device model ids (catalog or QEMU ids).")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class EmulatedModels(_Strict):
    """The emulated models of one kind a product's toolstack accepts, and those it supports."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    kind: VirtualDeviceKind = Field(description="Device kind.")
    partition: PartitionCondition | None = Field(
        None, description="Only partitions like this (e.g. Xen HVM guests)."
    )
    accepted: list[Id] = Field(
        default_factory=list, description="Models the toolstack accepts (others are refused)."
    )
    supported: list[Id] = Field(
        default_factory=list, description="Models the vendor supports (others: a warning)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class ReleaseFactsSection(_Strict):
    """The ``release_facts`` section of a catalog file. Any list may be omitted."""

    features: list[ReleaseFeature] = Field(
        default_factory=list, description="Features and their status per release."
    )
    hardware_versions: list[HardwareVersion] = Field(
        default_factory=list, description="VMware virtual hardware versions."
    )
    hardware_limits: list[HardwareLimit] = Field(
        default_factory=list, description="Per-VM maximums by virtual hardware version."
    )
    device_hardware: list[DeviceHardware] = Field(
        default_factory=list, description="Virtual hardware versions device models exist in."
    )
    host_maximums: list[HostMaximum] = Field(
        default_factory=list, description="Host maximums per release."
    )
    machine_families: list[MachineFamily] = Field(
        default_factory=list, description="QEMU machine-type families."
    )
    refused_models: list[RefusedModel] = Field(
        default_factory=list, description="Device models a product refuses."
    )
    model_roles: list[ModelRoles] = Field(
        default_factory=list, description="Device models by the role a validation rule asks about."
    )
    emulated_models: list[EmulatedModels] = Field(
        default_factory=list, description="Emulated models accepted and supported, by kind."
    )

    def sections(self) -> list[tuple[str, Sequence[HasSources]]]:
        """(logical path, entries) of every list, for the catalog's source check."""
        return [(f"release_facts.{name}", getattr(self, name)) for name in type(self).model_fields]


def status_for(rows: Sequence[StatusRow], release: str) -> StatusRow | None:
    """The first row whose range holds ``release`` (a canonical release version)."""
    for row in rows:
        if release_within(release, row.min_version, row.max_version):
            return row
    return None


def first_ok(rows: Sequence[StatusRow]) -> StatusRow | None:
    """The first row with a fine status: from where (or until where) the feature is supported."""
    return next((r for r in rows if r.status in OK_STATUSES), None)


@dataclass
class ReleaseFactsIndex(Remembers):
    """Every loaded ``release_facts`` section, merged; later files first."""

    features: dict[str, ReleaseFeature] = field(default_factory=dict)
    hardware_versions: list[HardwareVersion] = field(default_factory=list)
    hardware_limits: list[HardwareLimit] = field(default_factory=list)
    device_hardware: list[DeviceHardware] = field(default_factory=list)
    host_maximums: dict[str, HostMaximum] = field(default_factory=dict)
    machine_families: list[MachineFamily] = field(default_factory=list)
    refused_models: list[RefusedModel] = field(default_factory=list)
    model_roles: list[ModelRoles] = field(default_factory=list)
    emulated_models: list[EmulatedModels] = field(default_factory=list)

    def add(self, section: ReleaseFactsSection) -> None:
        self.forget()
        for feature in section.features:
            self.features.pop(feature.id, None)
            self.features[feature.id] = feature
        for maximum in section.host_maximums:
            self.host_maximums.pop(maximum.id, None)
            self.host_maximums[maximum.id] = maximum
        self.hardware_versions[:0] = section.hardware_versions
        self.hardware_limits[:0] = section.hardware_limits
        self.device_hardware[:0] = section.device_hardware
        self.machine_families[:0] = section.machine_families
        self.refused_models[:0] = section.refused_models
        self.model_roles[:0] = section.model_roles
        self.emulated_models[:0] = section.emulated_models

    def features_for(self, product: str) -> list[ReleaseFeature]:
        """The features of ``product`` (remembered: every host of the product asks again)."""
        return self.remember(
            ("features-for", product),
            lambda: [f for f in self.features.values() if product in f.products],
        )

    def hardware_version(self, product: str, version: int) -> HardwareVersion | None:
        for entry in self.hardware_versions:
            if product in entry.products and entry.version == version:
                return entry
        return None

    def hardware_limits_for(self, product: str, hw: int) -> list[HardwareLimit]:
        """The first entry of each limit id that covers version ``hw``."""
        found: dict[str, HardwareLimit] = {}
        for entry in self.hardware_limits:
            if product in entry.products and entry.covers(hw) and entry.id not in found:
                found[entry.id] = entry
        return list(found.values())

    def device_hardware_for(self, product: str, model: str, kind: str) -> DeviceHardware | None:
        for entry in self.device_hardware:
            if (
                product in entry.products
                and model in entry.models
                and (not entry.kinds or kind in entry.kinds)
            ):
                return entry
        return None

    def maximums_for(self, product: str) -> list[HostMaximum]:
        return [m for m in self.host_maximums.values() if product in m.products]

    def machine_family(self, product: str, machine: str) -> MachineFamily | None:
        for entry in self.machine_families:
            if product in entry.products and entry.matches(machine):
                return entry
        return None

    def models_in_role(self, product: str, role: ModelRole) -> frozenset[str]:
        """The models that play ``role`` on ``product`` (empty when no entry says; remembered:
        the KVM rules ask for every device)."""
        return self.remember(
            ("models-in-role", product, role),
            lambda: frozenset(
                m
                for entry in self.model_roles
                if product in entry.products and entry.role == role
                for m in entry.models
            ),
        )

    def refused(self, product: str, model: str) -> RefusedModel | None:
        for entry in self.refused_models:
            if product in entry.products and model in entry.models:
                return entry
        return None

    def emulated_for(self, product: str, kind: str) -> list[EmulatedModels]:
        return [e for e in self.emulated_models if product in e.products and e.kind == kind]
