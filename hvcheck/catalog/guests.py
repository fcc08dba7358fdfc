"""Catalog section ``guests``: what guests need from, and may ask of, a virtual machine.

Facts the guest and virtual-device rules read:

- ``guest_drivers``: which guest driver a virtual device model needs on a guest OS, and whether the
  OS ships it (``in-box``), gets it with the product's integration software (``integration``: VMware
  Tools, virtio-win, Xen PV drivers), or has none (``none``);
- ``device_requirements``: virtual hardware a device model needs (VMware hardware version);
- ``passthrough_limits``: how many devices a VM may have passed through, what the VM gives up;
- ``controller_limits``: controllers per VM, disks per controller, reserved unit numbers;
- ``disk_limits``: the largest virtual disk per bus;
- ``guest_limits``: guest architecture, virtual processors and memory a product offers;
- ``host_os_support``: the host operating systems a hosted product runs on;
- ``guest_types``: Xen guest types (pv, pvh, hvm), their device model and the OSes each runs.

Every entry cites sources defined in the same file. A question no entry answers is "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal, Protocol

from pydantic import Field, StringConstraints

from hvcheck.model.host import Id, OsArch, OsFamily, Text, Version, _Strict

IntegrationKind = Literal[
    "hyperv-ic",
    "lis-builtin",
    "lis-download",
    "bis",
    "vmware-tools",
    "open-vm-tools",
    "virtio-win",
    "virtio-linux",
    "xen-pv-drivers",
    "vm-additions",
]
"""The values of a host file's ``integration.kind`` (kept equal by a test)."""

Feature = Literal["live_migration", "snapshots", "save_restore", "ha", "fault_tolerance"]
"""Fields of a partition's ``features`` that device assignment can take away."""

BootKind = Literal["hdd", "ssd", "nvme", "usb", "sd", "san", "pxe"]
DiskBus = Literal["ide", "scsi", "sata", "nvme", "virtio", "xen", "usb", "fdc", "pci"]
PciPair = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{4}:[0-9a-f]{4}$")]


class HasSources(Protocol):
    """Anything that cites catalog sources."""

    @property
    def sources(self) -> list[str]: ...


class GuestOsMatch(_Strict):
    """Which guest OS releases an entry covers; without names, every OS of the family."""

    family: OsFamily = Field(description="OS family.")
    names: list[Text] = Field(
        default_factory=list,
        description="Names it is known by (matched case-insensitively); empty: the whole family.",
    )
    min_version: Version | None = Field(None, description="Lowest release covered (inclusive).")
    max_version: Version | None = Field(None, description="Highest release covered (inclusive).")
    min_kernel: Version | None = Field(
        None, description="Lowest kernel release covered (Linux, FreeBSD), inclusive."
    )


class GuestDriver(_Strict):
    """The guest driver a virtual device model needs on a guest OS, and where the OS gets it."""

    products: list[Id] = Field(min_length=1, description="Products whose device models these are.")
    models: list[Id] = Field(min_length=1, description="Device model ids (device-models catalog).")
    os: GuestOsMatch = Field(description="The guest OS releases covered.")
    provided_by: Literal["in-box", "integration", "none"] = Field(
        description=(
            "in-box: the OS (and its installer) ships the driver; integration: it comes with the "
            "product's guest integration software, installed after (or, for a boot disk, during) "
            "setup; none: no driver exists for this OS."
        )
    )
    integration_kinds: list[IntegrationKind] = Field(
        default_factory=list,
        description="Integration software that carries the driver (for provided_by: integration).",
    )
    drivers: list[Id] = Field(
        default_factory=list,
        description="Driver names as the guest knows them (vmxnet3, vmw_pvscsi, netkvm, viostor).",
    )
    hardware_ids: list[PciPair] = Field(
        default_factory=list,
        description='PCI vendor:device IDs the driver binds, e.g. "1af4:1000" (its INF hardware IDs).',
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DeviceRequirement(_Strict):
    """Virtual hardware a device model needs."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    models: list[Id] = Field(min_length=1, description="Device model ids.")
    min_hw_version: int | None = Field(
        None, ge=1, le=99, description="Lowest VMware virtual hardware version (vmx-NN)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class PassthroughLimit(_Strict):
    """Device assignment (pass-through) limits of a product release range."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    min_version: Version | None = Field(None, description="Lowest product release covered.")
    max_version: Version | None = Field(None, description="Highest product release covered.")
    min_hw_version: int | None = Field(
        None,
        ge=1,
        le=99,
        description="Lowest VMware virtual hardware version this entry holds for.",
    )
    max_hw_version: int | None = Field(
        None, ge=1, le=99, description="Highest virtual hardware version this entry holds for."
    )
    max_devices_per_vm: int | None = Field(
        None, ge=0, description="Most PCI devices one VM may have passed through."
    )
    unavailable_features: list[Feature] = Field(
        default_factory=list,
        description="Partition features a VM with a passed-through device cannot use.",
    )
    usb_controller_conflicts_with_boot: list[BootKind] = Field(
        default_factory=list,
        description="Host boot devices that forbid passing a USB controller through.",
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class ControllerLimit(_Strict):
    """How many controllers of some models a VM may have, and how many disks each takes."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    models: list[Id] = Field(min_length=1, description="Controller device model ids.")
    label: Text = Field(description='What the models are together, e.g. "SCSI controller".')
    max_per_vm: int | None = Field(None, ge=1, description="Most such controllers per VM.")
    max_disks: int | None = Field(
        None, ge=1, description="Most disks (and CD/DVD drives) on one controller."
    )
    max_unit: int | None = Field(None, ge=0, description="Highest unit number on a controller.")
    reserved_units: list[int] = Field(
        default_factory=list, description="Unit numbers no disk may use (the controller's own)."
    )
    min_hw_version: int | None = Field(
        None,
        ge=1,
        le=99,
        description=(
            "Lowest VMware virtual hardware version this entry holds for; an entry with a range "
            "replaces the general entry of its models (for disks and units) within it."
        ),
    )
    max_hw_version: int | None = Field(
        None, ge=1, le=99, description="Highest virtual hardware version this entry holds for."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DiskLimit(_Strict):
    """The largest virtual disk a product supports on one bus."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    bus: DiskBus = Field(description="Disk bus.")
    controller_models: list[Id] = Field(
        default_factory=list, description="Controller models that put a disk on this bus."
    )
    max_size_gb: float = Field(gt=0, description="Largest disk, GB.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GuestLimit(_Strict):
    """What a product release offers a guest: instruction set, processors, memory."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    min_version: Version | None = Field(None, description="Lowest product release covered.")
    max_version: Version | None = Field(None, description="Highest product release covered.")
    guest_arch: list[OsArch] = Field(
        default_factory=list, description="Guest instruction sets it runs (empty: not known)."
    )
    max_vcpus: int | None = Field(None, ge=1, description="Most virtual processors per guest.")
    max_memory_mb: int | None = Field(None, ge=1, description="Most memory per guest, MiB.")
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class HostOsMatch(_Strict):
    """Host operating systems, by name, with optional instruction sets and editions."""

    family: OsFamily = Field(description="OS family.")
    names: list[Text] = Field(min_length=1, description="Names (matched case-insensitively).")
    arch: list[OsArch] = Field(default_factory=list, description="Instruction sets (empty: any).")
    editions: list[Text] = Field(default_factory=list, description="Editions (empty: any).")


class HostOsSupport(_Strict):
    """The host operating systems a hosted product release runs on."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    min_version: Version | None = Field(None, description="Lowest product release covered.")
    max_version: Version | None = Field(None, description="Highest product release covered.")
    supported: list[HostOsMatch] = Field(
        min_length=1, description="Host OSes supported in production; the list is complete."
    )
    evaluation_only: list[HostOsMatch] = Field(
        default_factory=list, description="Host OSes it runs on for evaluation, not production."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GuestTypeOs(_Strict):
    """Whether guests of one OS run as a guest type."""

    os: GuestOsMatch = Field(description="The guest OS releases covered.")
    support: Literal["supported", "unsupported"] = Field(description="Whether they run.")
    note: str | None = Field(None, description="What the user needs to know.")


class GuestType(_Strict):
    """A guest type (Xen ``type=``): its device model and the OSes that run as it."""

    products: list[Id] = Field(min_length=1, description="Products this applies to.")
    type: Literal["pv", "pvh", "hvm"] = Field(description="Guest type (partition virt_mode).")
    device_model: Literal["required", "optional", "none"] = Field(
        description="Whether the guest has a device model (QEMU) emulating hardware for it."
    )
    emulated_devices: bool = Field(description="Whether the guest can have emulated devices.")
    guests: list[GuestTypeOs] = Field(
        default_factory=list, description="Which OSes run as this type; others are unknown."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class GuestFacts(_Strict):
    """The ``guests`` section of a catalog file."""

    guest_drivers: list[GuestDriver] = Field(
        default_factory=list, description="Guest drivers virtual device models need."
    )
    device_requirements: list[DeviceRequirement] = Field(
        default_factory=list, description="Virtual hardware device models need."
    )
    passthrough_limits: list[PassthroughLimit] = Field(
        default_factory=list, description="Device assignment limits."
    )
    controller_limits: list[ControllerLimit] = Field(
        default_factory=list, description="Controller and disk-per-controller limits."
    )
    disk_limits: list[DiskLimit] = Field(
        default_factory=list, description="Largest virtual disk per bus."
    )
    guest_limits: list[GuestLimit] = Field(
        default_factory=list, description="Guest instruction set, processors and memory."
    )
    host_os_support: list[HostOsSupport] = Field(
        default_factory=list, description="Host OSes of hosted products."
    )
    guest_types: list[GuestType] = Field(default_factory=list, description="Xen guest types.")

    def sections(self) -> list[tuple[str, Sequence[HasSources]]]:
        """(logical path, entries) of every list, for the source check."""
        return [
            (f"guests.{name}", getattr(self, name))
            for name in (
                "guest_drivers",
                "device_requirements",
                "passthrough_limits",
                "controller_limits",
                "disk_limits",
                "guest_limits",
                "host_os_support",
                "guest_types",
            )
        ]
