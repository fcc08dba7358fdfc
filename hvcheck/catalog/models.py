"""Catalog file format: versioned facts about hypervisor products, device models and guest support.

Every entry names the sources it rests on; rules read these facts instead of hard-coding them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hvcheck.catalog.drivers import DriverSection
from hvcheck.catalog.guests import GuestFacts
from hvcheck.catalog.hyperv import HyperVSection
from hvcheck.catalog.release_facts import ReleaseFactsSection
from hvcheck.catalog.releases import HostRequirement, Release
from hvcheck.model.host import (
    Architecture,
    DeviceMode,
    DriverKind,
    DriverLocation,
    Id,
    OsFamily,
    Text,
    Version,
    VirtualDeviceKind,
    _Strict,
)

CATALOG_API_VERSION = "hvcheck/v1"

IntegrationSupport = Literal["built-in", "install", "none"]


class Source(_Strict):
    """A public document a catalog entry rests on."""

    title: str = Field(description="Title, author and date as the source gives them.")
    url: str | None = Field(None, description="Where to read it.")
    note: str | None = Field(None, description="What in it supports the entry, or its caveats.")


class Product(_Strict):
    """A hypervisor product and the architectural facts rules check against."""

    id: Id = Field(description="Product id used in host files (spec.hypervisor.product).")
    name: Text = Field(description="Marketing name.")
    vendor: Text = Field(description="Who makes it.")
    aliases: list[Id] = Field(default_factory=list, description="Other accepted spellings.")
    architecture: Architecture = Field(description="Architecture class.")
    traits: list[Id] = Field(
        default_factory=list,
        description=(
            "What rules may rely on, by name: vmbus (VMBus synthetic devices served from a parent "
            "partition), hyperv-vm (Hyper-V VM generations and settings), windows-server (the "
            "features Microsoft offers only on Windows Server), vmware-vm (VMware virtual "
            "hardware), vmkernel-drivers, xen-domains, qemu-devices, fixed-hardware (a hybrid "
            "VMM's fixed emulated hardware)."
        ),
    )
    host_os: Literal["required", "none"] = Field(
        description="Whether a host OS runs on the hardware beside the hypervisor."
    )
    parent_partition: Literal["required", "none"] = Field(
        description="Whether the product has a parent/root partition (dom0)."
    )
    driver_locations: list[DriverLocation] = Field(
        description="Where drivers for physical devices may run."
    )
    hypervisor_driver_kinds: list[DriverKind] = Field(
        default_factory=list, description="Driver models that can run inside the hypervisor."
    )
    parent_driver_kinds: list[DriverKind] = Field(
        default_factory=list, description="Driver models that the parent partition runs."
    )
    host_driver_kinds: list[DriverKind] = Field(
        default_factory=list, description="Driver models the host OS runs (hybrid VMMs, KVM)."
    )
    parent_os: list[Id] = Field(
        default_factory=list, description="OS families the parent partition runs (empty: any)."
    )
    parent_arch: list[Literal["x86", "x64", "arm64"]] = Field(
        default_factory=list, description="Instruction sets the parent OS must run as (empty: any)."
    )
    cpu_compatibility_modes: list[Literal["evc", "processor-compatibility"]] = Field(
        default_factory=list,
        description="CPU compatibility modes for live migration between different processors.",
    )
    integration_name: Text = Field(
        "integration components",
        description="What the product calls its guest integration software.",
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class DeviceModel(_Strict):
    """A virtual device model a product offers to partitions."""

    id: Id = Field(description="Model id used in host files (devices[].model).")
    name: Text = Field(description="What the guest sees, e.g. 'DEC 21140 10/100 Ethernet'.")
    products: list[Id] = Field(min_length=1, description="Products that offer this model.")
    aliases: list[Id] = Field(default_factory=list, description="Other accepted model ids.")
    kind: VirtualDeviceKind = Field(description="Device kind.")
    mode: DeviceMode = Field(description="How the device is provided.")
    pci_id: str | None = Field(
        None, description="Guest-visible PCI vendor:device, when it has one."
    )
    emulated_alternative: Id | None = Field(
        None,
        description="The emulated model a guest without integration components can use instead.",
    )
    generations: list[Literal[1, 2]] = Field(
        default_factory=list,
        description="Hyper-V VM generations that have it (empty: not generation-specific).",
    )
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class OsMatch(_Strict):
    """Which guest OS releases an entry covers."""

    family: OsFamily = Field(description="OS family.")
    names: list[Text] = Field(
        min_length=1, description="Names it is known by (matched case-insensitively)."
    )
    min_version: Version | None = Field(None, description="Lowest release covered (inclusive).")
    max_version: Version | None = Field(None, description="Highest release covered (inclusive).")


class GuestSupport(_Strict):
    """Whether a guest OS gets integration components (enlightenment) on a product."""

    products: list[Id] = Field(min_length=1, description="Products this entry applies to.")
    os: OsMatch = Field(description="The guest OS releases covered.")
    integration: IntegrationSupport = Field(
        description="built-in (ships with the OS), install (must be installed), or none (not available)."
    )
    note: str | None = Field(None, description="What the user needs to know.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class CatalogFile(_Strict):
    """One catalog file. Any section may be omitted; later files override entries by id."""

    api_version: Literal["hvcheck/v1"] = Field(alias="apiVersion", description="Format version.")
    kind: Literal["Catalog"] = Field(description="Document kind.")
    sources: dict[Id, Source] = Field(default_factory=dict, description="Sources cited by entries.")
    products: list[Product] = Field(default_factory=list, description="Hypervisor products.")
    device_models: list[DeviceModel] = Field(
        default_factory=list, description="Virtual device models."
    )
    guest_support: list[GuestSupport] = Field(
        default_factory=list, description="Guest integration-component availability."
    )
    releases: list[Release] = Field(default_factory=list, description="Product releases.")
    host_requirements: list[HostRequirement] = Field(
        default_factory=list, description="Host requirements per product release range."
    )
    guests: GuestFacts = Field(
        default_factory=GuestFacts,
        description="Guest drivers, per-VM limits, guest types and hosted-product host OSes.",
    )
    hyperv: HyperVSection = Field(
        default_factory=HyperVSection,
        description="Hyper-V generations, per-VM limits, guest feature matrix and DDA facts.",
    )
    drivers: DriverSection = Field(
        default_factory=DriverSection,
        description="Driver PCI bindings, driver kinds per release, the HCL and PCI registries.",
    )
    release_facts: ReleaseFactsSection = Field(
        default_factory=ReleaseFactsSection,
        description="Features, virtual hardware, maximums and CPU generations per release.",
    )
