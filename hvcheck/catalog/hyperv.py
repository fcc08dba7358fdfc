"""The ``hyperv`` catalog section: Hyper-V generations, per-VM limits, guest support and DDA facts.

These models only describe the YAML (``catalogs/hyperv-guests.yaml``, ``catalogs/hyperv-limits.yaml``);
the merged, queryable form is :class:`hvcheck.catalog.hyperv_lookup.HyperVData`. Every entry names
the products it applies to and the sources it rests on. Release ranges and guest matches follow
one rule: a bound that is not stated does not restrict, and a release the file does not state
matches no bounded entry (the answer is then unknown, never guessed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from hvcheck.catalog.guests import HasSources, IntegrationKind
from hvcheck.model.host import Id, OsArch, OsFamily, Text, Version, VirtualDeviceKind, _Strict

Generation = Literal[1, 2]


def _both_generations() -> list[Generation]:
    return [1, 2]


Bus = Literal["ide", "scsi", "sata", "nvme", "virtio", "xen", "usb", "fdc", "pci"]
Media = Literal["iso", "physical", "vhd", "vhdx", "vmdk", "raw", "qcow2"]
PcieType = Literal[
    "endpoint",
    "rc-integrated-endpoint",
    "legacy-endpoint",
    "conventional-pci",
    "pci-x",
    "pcie-treated-as-pci",
    "bridge",
]
Availability = Literal["available", "not-available", "needs-update"]
FeatureSetting = Literal[
    "dynamic-memory", "secure-boot", "uefi", "live-migration", "device-assignment"
]
VmSetting = Literal["dynamic-memory", "live-migration", "save-restore", "ha"]
StopAction = Literal["save", "turn-off", "shut-down"]


class ReleaseRange(_Strict):
    """Host releases an entry covers (both bounds inclusive; omit one to leave that side open).

    An upper bound covers every release that starts with it: "2019" covers "2019" and "7.9"
    covers "7.9.2009".
    """

    min_version: Version | None = Field(None, description="Lowest release covered.")
    max_version: Version | None = Field(None, description="Highest release covered.")


class GuestMatch(_Strict):
    """Which guest operating systems an entry covers. Omitted fields match anything."""

    family: OsFamily | None = Field(None, description="OS family (omit for every family).")
    names: list[Text] = Field(
        default_factory=list,
        description="Names it is known by, matched case-insensitively with or without the version.",
    )
    arch: OsArch | None = Field(None, description="Only guests that run as this instruction set.")
    versions: list[Version] = Field(
        default_factory=list,
        description='Exact releases (a release matches if it starts with one: "20.04" covers "20.04.6").',
    )
    min_version: Version | None = Field(None, description="Lowest release covered (inclusive).")
    max_version: Version | None = Field(
        None, description='Highest release covered (inclusive; "7.9" covers "7.9.2009").'
    )


class GenerationProfile(_Strict):
    """What a VM generation is: its firmware, the buses and media it offers, and how it boots."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    generation: Generation = Field(description="The VM generation.")
    firmware: Literal["bios", "uefi"] = Field(description="The virtual firmware it has.")
    secure_boot: bool = Field(description="Whether Secure Boot can be enabled.")
    buses: list[Bus] = Field(description="Buses a virtual disk or DVD drive can be attached to.")
    cdrom_media: list[Media] = Field(description="What can back a virtual DVD drive.")
    boot_models: list[Id] = Field(
        description="Device models it can boot from (controllers, DVD drives, network adapters)."
    )
    boot_buses: list[Bus] = Field(description="Buses whose disks and DVD drives it can boot from.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class ModelBus(_Strict):
    """The bus that virtual disks and DVD drives of these models (or on these controllers) use."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    models: list[Id] = Field(min_length=1, description="Device model ids.")
    bus: Bus = Field(description="The bus.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class VmLimit(_Strict):
    """A per-VM maximum for some host releases and generations."""

    id: Id = Field(description="What is limited, e.g. vcpus, memory-mb, legacy-nics, ide-disks.")
    label: Text = Field(description='What is counted, in words: "virtual IDE disks".')
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    host: ReleaseRange = Field(
        default_factory=ReleaseRange, description="Host releases it applies to (omit: all)."
    )
    generations: list[Generation] = Field(
        default_factory=_both_generations, description="VM generations it applies to."
    )
    counts: Literal["vcpus", "memory-mb", "devices", "devices-per-controller"] = Field(
        description=(
            "vcpus, memory-mb, the number of devices matching models/kinds/buses in the VM, or "
            "that number on each storage controller (devices-per-controller)."
        )
    )
    models: list[Id] = Field(
        default_factory=list, description="devices: count devices of these models."
    )
    kinds: list[VirtualDeviceKind] = Field(
        default_factory=list, description="devices: or count devices of these kinds..."
    )
    buses: list[Bus] = Field(default_factory=list, description="...on these buses.")
    max: int = Field(ge=0, description="The maximum.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GenerationSupport(_Strict):
    """Which VM generations a guest OS runs in. The first entry that matches a guest decides."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    generations: list[Generation] = Field(min_length=1, description="Generations it runs in.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GuestLimit(_Strict):
    """The most virtual processors a guest OS supports in a VM generation."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    generations: list[Generation] = Field(
        default_factory=_both_generations, description="VM generations it applies to."
    )
    max_vcpus: int = Field(ge=1, description="Maximum virtual processors.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GuestFeature(_Strict):
    """A guest feature hvcheck can see a VM use, and how it sees it (any one trigger suffices)."""

    id: Id = Field(description="Feature id, used as a key in feature_matrix rows.")
    name: Text = Field(description="Its name in the vendor's feature matrix.")
    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    families: list[OsFamily] = Field(
        min_length=1,
        description=(
            "Guest families the matrix covers for this feature; for other families it is not "
            "checked (and not reported as unknown)."
        ),
    )
    device_models: list[Id] = Field(
        default_factory=list, description="Used when the VM has a device of one of these models."
    )
    services: list[Id] = Field(
        default_factory=list, description="Used when integration.services names one of these."
    )
    setting: FeatureSetting | None = Field(
        None,
        description=(
            "Used when this VM setting is on: dynamic-memory (dynamic_memory.enabled), secure-boot "
            "(firmware.secure_boot), uefi (generation 2 or UEFI firmware), live-migration, "
            "device-assignment (a passthrough device backed by a physical device)."
        ),
    )
    min_vcpus: int | None = Field(None, ge=1, description="Used when the VM has this many vCPUs.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class FeatureRow(_Strict):
    """Feature availability for some guest releases (one column of a vendor feature matrix).

    For each feature, the first row that matches the guest and lists the feature decides; a feature
    that no matching row lists is unknown.
    """

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    integration: list[IntegrationKind] = Field(
        default_factory=list,
        description=(
            "Only guests with this integration software (integration.kind); a guest that does not "
            "state its kind is taken to run what ships with the OS (hyperv-ic, lis-builtin, bis). "
            "Empty: any."
        ),
    )
    host_releases: dict[Id, ReleaseRange] = Field(
        default_factory=dict,
        description=(
            "Product id -> the host releases of that product this row holds for; a product not "
            "named here is not restricted (the vendor tables have a host-release column)."
        ),
    )
    features: dict[Id, Availability] = Field(
        description="Feature id -> available, not-available, or needs-update (see note)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DaemonRequirement(_Strict):
    """A user-space daemon an integration service needs in the guest."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    families: list[OsFamily] = Field(min_length=1, description="Guest families it applies to.")
    integration: list[IntegrationKind] = Field(
        min_length=1,
        description=(
            "Integration software it applies to; a guest that does not state its kind is taken to "
            "run what ships with the OS."
        ),
    )
    service: Id = Field(description="The integration service (as in integration.services).")
    daemon: Id = Field(description="The daemon it needs (as in integration.daemons).")
    aliases: list[Id] = Field(default_factory=list, description="Other names of the daemon.")
    package: Text = Field(description="The package that provides it.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class SecureBootTemplate(_Strict):
    """The Secure Boot template guests of some OS need in a generation 2 VM."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    host_releases: dict[Id, ReleaseRange] = Field(
        default_factory=dict,
        description="Product id -> host releases that offer the template (unnamed: any).",
    )
    template: Text = Field(description="The template's name, as Set-VMFirmware takes it.")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings of it.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DynamicMemoryRule(_Strict):
    """What Dynamic Memory needs from guests of some OS."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    arch: list[OsArch] = Field(
        default_factory=list, description="Guest instruction sets it works with (empty: any)."
    )
    multiple_of_mb: int | None = Field(
        None, ge=1, description="Startup, minimum and maximum memory must be multiples of this."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class MemoryValues(_Strict):
    """Dynamic Memory values (MiB) a guest needs at least."""

    min_mb: int | None = Field(None, ge=1, description="Minimum memory.")
    startup_mb: int | None = Field(None, ge=1, description="Startup memory.")
    max_mb: int | None = Field(None, ge=1, description="Maximum memory.")


class MemoryRequirement(_Strict):
    """The memory a guest OS needs: static (startup) memory, and Dynamic Memory values."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: GuestMatch = Field(description="The guest OS releases covered.")
    min_memory_mb: int | None = Field(
        None, ge=1, description="Least startup memory; below it the guest may not run (error)."
    )
    recommended_memory_mb: int | None = Field(
        None, ge=1, description="Recommended startup memory (below it: a warning)."
    )
    dynamic_memory_min: MemoryValues | None = Field(
        None, description="Least Dynamic Memory values (error)."
    )
    dynamic_memory_recommended: MemoryValues | None = Field(
        None, description="Recommended Dynamic Memory values (warning)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class IntegrationServices(_Strict):
    """The integration services a host offers a VM, and those a VM should have enabled."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    expected: list[Id] = Field(
        min_length=1, description="Services every VM should have enabled (integration.services)."
    )
    optional: list[Id] = Field(
        default_factory=list, description="Services off by default (not reported when missing)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class VirtualDiskLimit(_Strict):
    """The largest virtual hard disk of one format, optionally only for boot disks of a generation."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    media: list[Literal["vhd", "vhdx"]] = Field(min_length=1, description="Disk formats.")
    generations: list[Generation] = Field(
        default_factory=_both_generations, description="VM generations it applies to."
    )
    boot_only: bool = Field(False, description="Only the disk the VM boots from.")
    max_size_gb: float = Field(gt=0, description="Largest disk, GB.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DdaFacts(_Strict):
    """Discrete Device Assignment: which hosts have it and which devices can be assigned."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    host: ReleaseRange = Field(description="Host releases that offer device assignment.")
    assignable_types: list[PcieType] = Field(description="PCIe device types that can be assigned.")
    non_assignable_types: list[PcieType] = Field(description="PCIe device types that cannot.")
    display_only_types: list[PcieType] = Field(
        default_factory=list,
        description="PCIe device types assignable only when the device is a display controller.",
    )
    message_interrupts: list[Literal["msi", "msix"]] = Field(
        description="Interrupt mechanisms an assigned device must offer if it uses interrupts."
    )
    stop_action: StopAction = Field(description="The automatic stop action the VM must have.")
    default_high_mmio_mb: int = Field(ge=0, description="A VM's high MMIO space by default, MiB.")
    mmio_buffer_mb: int = Field(
        ge=0, description="Buffer to add to the assigned devices' MMIO needs, MiB."
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DdaRestriction(_Strict):
    """VM settings that cannot be used while a device is assigned, on some host releases."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    host: ReleaseRange = Field(
        default_factory=ReleaseRange, description="Host releases it applies to (omit: all)."
    )
    forbids: list[VmSetting] = Field(min_length=1, description="Settings that must be off.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HyperVSection(_Strict):
    """The ``hyperv`` section of a catalog file. Any list may be omitted."""

    generations: list[GenerationProfile] = Field(
        default_factory=list, description="VM generation profiles."
    )
    model_buses: list[ModelBus] = Field(
        default_factory=list, description="The bus of disk, DVD and controller models."
    )
    vm_limits: list[VmLimit] = Field(default_factory=list, description="Per-VM maximums.")
    generation_support: list[GenerationSupport] = Field(
        default_factory=list, description="Which generations each guest OS runs in."
    )
    guest_limits: list[GuestLimit] = Field(
        default_factory=list, description="Virtual processors each guest OS supports."
    )
    features: list[GuestFeature] = Field(
        default_factory=list, description="Guest features and how a VM is seen to use them."
    )
    feature_matrix: list[FeatureRow] = Field(
        default_factory=list, description="Feature availability per guest release."
    )
    daemons: list[DaemonRequirement] = Field(
        default_factory=list, description="Guest daemons that integration services need."
    )
    secure_boot_templates: list[SecureBootTemplate] = Field(
        default_factory=list, description="Secure Boot templates guests need."
    )
    dynamic_memory: list[DynamicMemoryRule] = Field(
        default_factory=list, description="What Dynamic Memory needs from guests."
    )
    memory_requirements: list[MemoryRequirement] = Field(
        default_factory=list, description="Memory each guest OS needs."
    )
    integration_services: list[IntegrationServices] = Field(
        default_factory=list, description="Integration services a VM should have enabled."
    )
    disk_limits: list[VirtualDiskLimit] = Field(
        default_factory=list, description="Largest virtual hard disks by format."
    )
    dda: list[DdaFacts] = Field(default_factory=list, description="Device assignment facts.")
    dda_restrictions: list[DdaRestriction] = Field(
        default_factory=list, description="Settings a VM with an assigned device cannot use."
    )

    def sections(self) -> list[tuple[str, Sequence[HasSources]]]:
        """(logical path, entries) of every list, for the catalog's source check."""
        return [(f"hyperv.{name}", getattr(self, name)) for name in type(self).model_fields]
