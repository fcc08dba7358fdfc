"""Product releases and the host requirements each release states (catalog sections ``releases`` and
``host_requirements``).

A *release* names one version of a product (``esxi`` ``8.0 U2``, ``hyperv`` ``2012 R2``,
``hyperv-client`` ``11``). A *host requirement* entry states facts (64-bit CPU, hardware
virtualization, SLAT, NX, memory, cores, boot device, ...) for every release of a product in an
inclusive ``min_version``..``max_version`` range; an entry without a range applies to every
release, and to hosts whose release is unknown. The requirements of one release are all matching
entries laid over each other field by field, the entry with the higher ``min_version`` winning (later
catalog files win ties), so "from 7.0 onward" entries refine "every release" ones.

Version matching never guesses: a host's ``spec.hypervisor.version`` matches a release by its
version or an alias (ignoring case, spaces and dashes), or else by the release whose numbers are the
longest prefix of the host's numbers, where a number keeps the designation written before it (``R``,
``SP``, ``U``/``Update``) so that ``"2008 SP2"`` is 2008 and not 2008 R2 (``"7.0 U3c"`` → ``7.0 U3``;
``"4.17"`` → Xen ``4``). Anything else is an unknown release.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from hvcheck.catalog.versions import normalize_name
from hvcheck.model.host import DriverLocation, Id, Text, Version, _Strict

CpuArch = Literal["x86", "x86_64", "arm64", "arm32"]
CpuInstruction = Literal["sse4_2", "popcnt", "cmpxchg16b", "lahf_sahf", "prefetchw", "xsave"]
"""Fields of a host's ``cpu.features`` a release can require."""
PvhDom0Gap = Literal["sr-iov", "resizable-bar", "nmi-forwarding", "mce", "pci-passthrough-to-domu"]
Need = Literal["required", "recommended"]
HwVirtNeed = Literal["required", "recommended", "for-64-bit-guests", "for-hvm-guests"]
BootKind = Literal["hdd", "ssd", "nvme", "usb", "sd", "san", "pxe"]
KvmDeviceFact = Literal["dev_kvm", "dev_kvm_accessible", "dev_net_tun", "dev_vhost_net"]
CpuVendor = Literal["intel", "amd", "other"]


class Release(_Strict):
    """One release of a product, as hosts name it in ``spec.hypervisor.version``."""

    product: Id = Field(description="Product id (see the products section).")
    version: Version = Field(description='Canonical version, e.g. "8.0 U2", "2012 R2", "11".')
    name: Text = Field(description='Full name, e.g. "VMware ESXi 8.0 Update 2".')
    aliases: list[Text] = Field(
        default_factory=list, description='Other spellings of the version, e.g. "8.0.2", "8.0U2".'
    )
    note: str | None = Field(None, description="What the user needs to know about this release.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


class BootDeviceRequirement(_Strict):
    """What the hypervisor's boot device must be."""

    min_size_gb: float | None = Field(
        None, gt=0, description="Smallest boot device (not counting PXE boot), in GB."
    )
    not_shared: bool = Field(False, description="The boot device must not be shared between hosts.")
    boot_bank_only: list[BootKind] = Field(
        default_factory=list,
        description=(
            "Device kinds usable only for the boot-bank partitions: the host also needs a persistent "
            "device of at least min_size_gb."
        ),
    )


class NetworkRequirement(_Strict):
    """The network adapter the host needs."""

    min_speed_gbps: float = Field(gt=0, description="At least one adapter this fast, in Gbit/s.")
    driver_location: DriverLocation | None = Field(
        None, description="Where that adapter's driver must run (e.g. hypervisor)."
    )


class DeviceAssignmentRequirement(_Strict):
    """What the host needs before a physical device can be assigned (passed through) to a VM."""

    name: Text = Field(description='What the product calls it, e.g. "Discrete Device Assignment".')
    iommu: bool = Field(True, description="An IOMMU (Intel VT-d / AMD-Vi) present and enabled.")
    interrupt_remapping: bool = Field(False, description="IOMMU interrupt remapping.")
    dma_remapping_qi: bool = Field(
        False, description="DMA remapping with queued invalidations (Intel VT-d QI)."
    )
    acs_root_ports: bool = Field(
        False, description="Access Control Services on the PCIe root ports."
    )
    any_iommu_vendors: list[CpuVendor] = Field(
        default_factory=list,
        description=(
            "Vendors whose IOMMU meets the remapping requirements in any version "
            '(Hyper-V: "any version of AMD I/O MMU").'
        ),
    )
    kernel_parameters: dict[CpuVendor, Text] = Field(
        default_factory=dict,
        description=(
            "Kernel command-line parameters that turn the IOMMU on, by processor vendor (Linux "
            "hosts); a vendor not listed gets no specific advice."
        ),
    )


class KvmHostRequirement(_Strict):
    """Host setup a KVM host needs (what `virt-host-validate qemu` checks)."""

    required: list[KvmDeviceFact] = Field(
        default_factory=list, description="spec.kvm facts that must be true (FAIL)."
    )
    recommended: list[KvmDeviceFact] = Field(
        default_factory=list, description="spec.kvm facts that should be true (WARN)."
    )
    cgroup_controllers: list[Id] = Field(
        default_factory=list, description="cgroup controllers that should be mounted (WARN)."
    )


class PvhDom0Requirement(_Strict):
    """What a PVH dom0 (a parent partition with virt_mode pvh) needs and lacks."""

    iommu: bool = Field(True, description="A PVH dom0 requires an IOMMU.")
    sriov_unsupported: bool = Field(
        False,
        description="A PVH dom0 cannot use PCI SR-IOV virtual functions (as 'sr-iov' in missing).",
    )
    missing: list[PvhDom0Gap] = Field(
        default_factory=list,
        description=(
            "What SUPPORT.md says a PVH dom0 lacks: sr-iov, resizable-bar, nmi-forwarding, mce, "
            "pci-passthrough-to-domu."
        ),
    )


class HostRequirement(_Strict):
    """Host requirements of a product's releases, from ``min_version`` to ``max_version``.

    Omitted fields say nothing; they are filled from other matching entries or stay unchecked.
    """

    id: Id = Field(description="Entry id; a later catalog file replaces the entry with this id.")
    product: Id = Field(description="Product id.")
    min_version: Version | None = Field(
        None, description="First release covered (inclusive); omit both bounds for every release."
    )
    max_version: Version | None = Field(
        None,
        description='Last release covered (inclusive, with its updates: "6.7" covers "6.7 U3").',
    )
    cpu_arch: list[CpuArch] | None = Field(
        None, description="Instruction sets the host CPU may have (cpu.arch)."
    )
    hw_virt: HwVirtNeed | None = Field(
        None,
        description=(
            "Hardware virtualization (VT-x/AMD-V) present and enabled: required, recommended, "
            "for-64-bit-guests (needed to run any 64-bit VM), or for-hvm-guests (needed for HVM and "
            "PVH domains)."
        ),
    )
    slat: Need | None = Field(None, description="Second-level address translation (EPT/NPT).")
    nx: Need | None = Field(None, description="NX/XD (hardware DEP) present and enabled.")
    min_memory_gb: float | None = Field(None, gt=0, description="Minimum installed memory, GB.")
    recommended_memory_gb: float | None = Field(
        None, gt=0, description="Recommended installed memory, GB (below it: a warning)."
    )
    min_cores: int | None = Field(None, ge=1, description="Minimum physical CPU cores in total.")
    boot_device: BootDeviceRequirement | None = Field(None, description="Boot device needs.")
    network: NetworkRequirement | None = Field(None, description="Network adapter needs.")
    client_editions: list[Text] | None = Field(
        None,
        description=(
            "Editions of the management (parent) OS that include the product; an edition matches "
            'when it equals one or starts with one ("Pro for Workstations" is Pro).'
        ),
    )
    excluded_editions: list[Text] | None = Field(
        None, description="Editions known not to include the product (e.g. Home)."
    )
    windows_11_guests: bool | None = Field(
        None,
        description=(
            "Whether this release hosts Windows 11 guests (generation 2, POPCNT and SSE4.2 exposed)."
        ),
    )
    dynamic_processor_compatibility: bool | None = Field(
        None,
        description=(
            "The release offers dynamic processor compatibility, which keeps POPCNT/SSE4.2 visible "
            "while processor compatibility is on (Windows Server 2025 clusters)."
        ),
    )
    cpu_instructions: list[CpuInstruction] | None = Field(
        None,
        description=(
            "Processor features (cpu.features fields) the release requires; the entry with the "
            "highest min_version gives the whole list."
        ),
    )
    device_assignment: DeviceAssignmentRequirement | None = Field(
        None, description="Host needs for device assignment (passthrough)."
    )
    kvm_host: KvmHostRequirement | None = Field(None, description="KVM host setup needs.")
    pvh_dom0: PvhDom0Requirement | None = Field(None, description="Xen PVH dom0 needs.")
    note: str | None = Field(None, description="Caveats of this entry.")
    sources: list[Id] = Field(min_length=1, description="Source ids.")


REQUIREMENT_FIELDS: tuple[str, ...] = tuple(
    name
    for name in HostRequirement.model_fields
    if name not in ("id", "product", "min_version", "max_version", "note", "sources")
)


def release_label(product_name: str, release: Release | None, version: str | None) -> str:
    """'VMware ESXi 8.0 Update 2' (the release's name), else the product name and the version."""
    if release is not None:
        return release.name
    return f"{product_name} {version}" if version else product_name


@dataclass(frozen=True)
class ReleaseMatch:
    """The outcome of looking a host's version up: the release, or why there is none."""

    status: Literal["found", "missing-version", "unknown-version", "unversioned-product"]
    release: Release | None = None


@dataclass
class Requirements:
    """The effective host requirements of one release: field -> value, and who said so."""

    product: str
    label: str
    release: Release | None
    values: dict[str, Any] = field(default_factory=dict)
    entries: dict[str, HostRequirement] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def sources(self, *names: str) -> list[str]:
        """Source ids behind the given fields (all fields when none are named)."""
        out: list[str] = []
        for name in names or tuple(self.entries):
            entry = self.entries.get(name)
            if entry is None:
                continue
            for sid in entry.sources:
                if sid not in out:
                    out.append(sid)
        return out

    def is_empty(self) -> bool:
        return not self.values


def release_id(product: str, version: str) -> str:
    return f"{product} {normalize_name(version)}"


def edition_matches(edition: str, names: Iterable[str]) -> str | None:
    """The catalog edition ``edition`` is (equal to it, or a prefix of it in whole words)."""
    ed = normalize_name(edition)
    best: str | None = None
    for name in names:
        norm = normalize_name(name)
        if (ed == norm or ed.startswith(norm + " ")) and (
            best is None or len(norm) > len(normalize_name(best))
        ):
            best = name
    return best


def edition_in_name(os_name: str, names: Iterable[str]) -> str | None:
    """The longest catalog edition written as whole words inside an OS name
    ("Windows 11 Pro" → "Pro"), or None."""
    words = f" {normalize_name(os_name)} "
    best: str | None = None
    for name in names:
        norm = normalize_name(name)
        if f" {norm} " in words and (best is None or len(norm) > len(normalize_name(best))):
            best = name
    return best
