"""The host description format (``apiVersion: hvcheck/v1``, ``kind: Host``) as pydantic models.

Every field is documented; the descriptions flow into ``schemas/host.schema.json`` and editors show them.
Validation is strict: no type coercion (``"16"`` is not a number, ``no`` is not false), unknown keys are
errors, and nothing here performs I/O.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

API_VERSION = "hvcheck/v1"

Architecture = Literal["hybrid-vmm", "type1-monolithic", "type1-microkernel", "hosted-kernel"]
OsFamily = Literal["windows", "linux", "freebsd", "other"]
OsArch = Literal["x86", "x64", "arm64"]
DriverLocation = Literal["hypervisor", "host-os", "parent", "driver-domain", "guest"]
DriverKind = Literal[
    "native",
    "vmklinux",
    "windows-x64",
    "windows-x86",
    "linux-module",
    "freebsd-module",
    "netbsd-module",
    "other",
]
DeviceClass = Literal[
    "network", "storage", "display", "usb", "input", "serial", "accelerator", "other"
]
VirtualDeviceKind = Literal[
    "nic",
    "storage",
    "disk",
    "cdrom",
    "floppy",
    "video",
    "keyboard",
    "mouse",
    "serial",
    "parallel",
    "usb",
    "sound",
    "pci",
    "other",
]
DeviceMode = Literal["synthetic", "paravirtual", "emulated", "passthrough"]
PartitionRole = Literal["parent", "child", "driver-domain"]

_PCI_ADDRESS = re.compile(r"^(?:[0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$")
"""A PCI address: optional domain, bus, device, function."""


def _version_text(value: object) -> object:
    """Accept ``version: 2022`` (an integer) as text; refuse floats, which lose digits (``7.10``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(
            f'a version written as a number ({value!r}) loses digits; quote it, e.g. "{value}"'
        )
    return value


def _pci_text(value: object) -> object:
    """Accept an unquoted all-digit PCI ID (``8086``) as its four-digit text."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"
    return value


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"),
    Field(description="An identifier: letters, digits, '_', '.', ':' and '-', unique in the host."),
]
Version = Annotated[
    str, BeforeValidator(_version_text), StringConstraints(min_length=1, max_length=64)
]
Hex4 = Annotated[
    str,
    BeforeValidator(_pci_text),
    StringConstraints(pattern=r"^[0-9a-fA-F]{4}$"),
    Field(description='Four hexadecimal digits, e.g. "8086".'),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
        allow_inf_nan=False,
        populate_by_name=False,
        # Build each validator when first used, not at import: a run that loads its catalogs from
        # the cache never builds the catalog models' validators at all.
        defer_build=True,
    )


class Metadata(_Strict):
    """Who this host is."""

    name: Id = Field(description="The host's name, used in findings and reports.")
    description: str | None = Field(None, description="Free text for people.")
    labels: dict[Id, Text] = Field(default_factory=dict, description="Arbitrary key/value labels.")
    suppress: dict[Id, str] = Field(
        default_factory=dict,
        description=(
            "Findings to suppress for the whole host: rule code or name -> the reason (required)."
        ),
    )


class Hypervisor(_Strict):
    """The virtualization product installed on the host."""

    product: Id = Field(
        description=(
            "Product id from the products catalog: hyperv, esxi, xen, kvm, virtual-server, "
            "virtual-pc, windows-virtual-pc (see `hvcheck catalog list`)."
        )
    )
    version: Version | None = Field(None, description='Product release, e.g. "2022" or "8.0 U2".')
    architecture: Architecture | None = Field(
        None,
        description=(
            "Architecture class. Derived from the product; if stated it must agree with the catalog."
        ),
    )


class HostOS(_Strict):
    """The operating system that runs directly on the hardware beside (or under) the VMM.

    Required for hybrid VMMs (Virtual PC, Virtual Server) and KVM; ESXi and Hyper-V have none (the
    Hyper-V management OS is the parent partition, described under ``partitions``).
    """

    family: OsFamily = Field(description="Operating system family.")
    name: Text = Field(description='Product name, e.g. "Windows Server 2003 R2".')
    version: Version | None = Field(None, description="Release or service pack.")
    edition: Text | None = Field(None, description="Edition, e.g. Datacenter, Pro.")
    arch: OsArch = Field(description="Instruction set the OS runs as.")
    kernel: Version | None = Field(
        None, description="Kernel release (`uname -r`), for Linux and FreeBSD host OSes."
    )


class CpuFeatures(_Strict):
    """Processor features. Omit what you do not know; unknown is reported as unknown, never guessed."""

    hw_virt: bool | None = Field(None, description="Intel VT-x or AMD-V present (vmx/svm flag).")
    hw_virt_enabled: bool | None = Field(
        None, description="Hardware virtualization enabled in firmware."
    )
    slat: bool | None = Field(None, description="Second-level address translation (EPT / NPT/RVI).")
    nx: bool | None = Field(None, description="NX/XD (hardware DEP) present.")
    nx_enabled: bool | None = Field(None, description="NX/XD enabled in firmware.")
    iommu: bool | None = Field(None, description="IOMMU (VT-d / AMD-Vi) present and enabled.")
    interrupt_remapping: bool | None = Field(None, description="IOMMU interrupt remapping.")
    sse4_2: bool | None = Field(None, description="SSE4.2 instructions.")
    popcnt: bool | None = Field(None, description="POPCNT instruction.")
    dma_remapping_qi: bool | None = Field(
        None, description="IOMMU DMA remapping with queued invalidations (Intel VT-d QI)."
    )
    acs_root_ports: bool | None = Field(
        None, description="Access Control Services on the PCIe root ports."
    )
    sev: bool | None = Field(None, description="AMD SEV memory encryption.")
    cmpxchg16b: bool | None = Field(None, description="CMPXCHG16B instruction (cx16 flag).")
    lahf_sahf: bool | None = Field(None, description="LAHF/SAHF in 64-bit mode (lahf_lm flag).")
    prefetchw: bool | None = Field(None, description="PREFETCHW instruction (3dnowprefetch flag).")
    xsave: bool | None = Field(None, description="XSAVE instruction (xsave flag).")


class Cpu(_Strict):
    """The host's processors."""

    vendor: Literal["intel", "amd", "other"] = Field(description="Processor vendor.")
    model: Text | None = Field(None, description="Marketing name, for reports.")
    arch: Literal["x86", "x86_64", "arm64", "arm32"] = Field(
        description="Instruction set architecture (arm32: 32-bit Arm with virtualization extensions)."
    )
    sockets: int = Field(1, ge=1, le=64, description="Populated sockets.")
    cores: int | None = Field(None, ge=1, le=65536, description="Physical cores in total.")
    threads: int | None = Field(
        None, ge=1, le=131072, description="Logical processors in total (cores times SMT threads)."
    )
    features: CpuFeatures = Field(default_factory=CpuFeatures, description="Processor features.")


class Firmware(_Strict):
    """System firmware."""

    type: Literal["bios", "uefi"] = Field(description="Legacy BIOS or UEFI.")
    version: Version | None = Field(None, description="Firmware version.")
    secure_boot: bool | None = Field(None, description="UEFI Secure Boot enabled.")
    tpm: Literal["none", "1.2", "2.0"] | None = Field(None, description="TPM version present.")


class PciId(_Strict):
    """PCI identity of a device, as `lspci -nn` shows it."""

    vendor: Hex4 = Field(description="Vendor ID.")
    device: Hex4 = Field(description="Device ID.")
    subvendor: Hex4 | None = Field(None, description="Subsystem vendor ID.")
    subdevice: Hex4 | None = Field(None, description="Subsystem device ID.")
    class_code: (
        Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{4}([0-9a-fA-F]{2})?$")] | None
    ) = Field(None, description='PCI class and subclass (and prog-if), e.g. "0200" for Ethernet.')
    revision: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{2}$")] | None = Field(
        None, description="Revision ID."
    )


class BootDevice(_Strict):
    """The device the hypervisor boots from."""

    kind: Literal["hdd", "ssd", "nvme", "usb", "sd", "san", "pxe"] = Field(
        description="What kind of device it is."
    )
    size_gb: float | None = Field(None, gt=0, description="Capacity in GB.")
    shared: bool | None = Field(None, description="Shared with other hosts (e.g. one SAN LUN).")


class KvmHost(_Strict):
    """What `virt-host-validate qemu` checks on a KVM host. Omit what you do not know."""

    dev_kvm: bool | None = Field(None, description="/dev/kvm exists (kvm_intel or kvm_amd loaded).")
    dev_kvm_accessible: bool | None = Field(None, description="/dev/kvm is readable and writable.")
    dev_net_tun: bool | None = Field(None, description="/dev/net/tun exists.")
    dev_vhost_net: bool | None = Field(None, description="/dev/vhost-net exists.")
    cgroup_controllers: list[Id] | None = Field(
        None,
        description="Mounted cgroup controllers (memory, cpu, cpuacct, cpuset, devices, blkio).",
    )
    iommu_enabled: bool | None = Field(
        None,
        description=(
            "The kernel turned the IOMMU on (/sys/kernel/iommu_groups is populated); firmware "
            "support alone (cpu.features.iommu) is not enough for VFIO device assignment."
        ),
    )
    module: Id | None = Field(
        None, description="The processor vendor's KVM module that is loaded: kvm_intel or kvm_amd."
    )
    parameters: dict[Id, Text] | None = Field(
        None,
        description=(
            "Parameters of the kvm modules as /sys/module/<module>/parameters shows them, keyed "
            'module.parameter, e.g. {"kvm_intel.nested": "Y"}.'
        ),
    )


class PhysicalDevice(_Strict):
    """A physical device in the host."""

    id: Id = Field(description="Unique id, referenced by drivers and virtual devices.")
    device_class: DeviceClass = Field(alias="class", description="What the device is for.")
    name: Text | None = Field(None, description="Human-readable model name.")
    pci: PciId | None = Field(None, description="PCI vendor/device/subsystem IDs.")
    address: Text | None = Field(
        None,
        description='Bus address: PCI "0000:18:00.0", or a device tree path "/soc/ethernet@e0000".',
    )
    firmware_version: Version | None = Field(None, description="Device firmware version.")
    pcie_type: (
        Literal[
            "endpoint",
            "rc-integrated-endpoint",
            "legacy-endpoint",
            "conventional-pci",
            "pci-x",
            "pcie-treated-as-pci",
            "bridge",
        ]
        | None
    ) = Field(None, description="PCI Express device type (matters for device assignment).")
    interrupts: list[Literal["intx", "msi", "msix", "none"]] | None = Field(
        None, description="Interrupt mechanisms the device supports."
    )
    requires_rmrr: bool | None = Field(
        None, description="The device needs BIOS-reserved memory (RMRR); it cannot be assigned."
    )
    shares_interrupt: bool | None = Field(
        None, description="The device shares a line interrupt with another device."
    )
    mmio_mb: float | None = Field(
        None, ge=0, description="Memory-mapped I/O space it needs, in MB."
    )
    speed_gbps: float | None = Field(
        None, gt=0, description="Link speed of a network adapter, in Gbit/s (1 for Gigabit)."
    )
    sriov: bool | None = Field(
        None, description="SR-IOV virtual functions are enabled on this device (a PF)."
    )
    sriov_total_vfs: int | None = Field(
        None, ge=0, le=65535, description="Virtual functions the device supports (a PF)."
    )
    physfn: Id | None = Field(
        None,
        description="For an SR-IOV virtual function: the id of its physical function (a device).",
    )
    iommu_group: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description=(
            "The IOMMU group the device is in (Linux /sys/kernel/iommu_groups); the devices of "
            "one group can only be assigned to a guest together."
        ),
    )
    boot: bool = Field(False, description="The host boots through this device (NIC or HBA).")
    in_use: bool = Field(
        True, description="False for a device the host leaves unused (it then needs no driver)."
    )
    driver: Literal["unknown"] | None = Field(
        None,
        description=(
            "unknown: which driver binds this device is not known (an importer or `hvcheck "
            "matrix` could not tell); the driver rules then report it as unknown, not as a device "
            "nothing drives. Leave it out when spec.drivers says what drives the device."
        ),
    )

    @property
    def on_pci(self) -> bool | None:
        """Whether the device sits on a PCI bus: true with PCI IDs or a PCI address
        (``0000:18:00.0``), false with a device-tree path (``/soc/ethernet@e0000``, Xen's
        ``dtdev``), otherwise unknown."""
        if self.pci is not None or (self.address and _PCI_ADDRESS.match(self.address)):
            return True
        if self.address and self.address.startswith("/"):
            return False
        return None


class Driver(_Strict):
    """A device driver and where it runs."""

    name: Id = Field(description="Driver name, e.g. ixgben, i40ea, e1i63x64. Also its id.")
    version: Version | None = Field(None, description="Driver version.")
    kind: DriverKind = Field(
        description=(
            "Driver model: native (ESXi native), vmklinux (ESXi Linux-derived), windows-x64, "
            "windows-x86, linux-module, freebsd-module, netbsd-module."
        )
    )
    location: DriverLocation = Field(
        description=(
            "Where the driver runs: in the hypervisor itself, in the host OS, in the parent "
            "partition, in a driver domain, or in a guest."
        )
    )
    partition: Id | None = Field(
        None,
        description="The partition it runs in (required for driver-domain and guest locations).",
    )
    drives: list[Id] = Field(
        default_factory=list, description="Ids of the physical devices it drives."
    )
    vendor: Text | None = Field(None, description="Who ships the driver.")
    source: Literal["inbox", "async", "third-party"] | None = Field(
        None,
        description="Shipped with the product (inbox), by the hardware vendor (async), or other.",
    )
    observed: bool = Field(
        False,
        description=(
            "The running system has bound this driver to the devices it drives (an importer "
            "read the binding from lspci, sysfs, esxcli or libvirt): an observed fact, not a plan."
        ),
    )


class GuestOS(_Strict):
    """The operating system running in a partition."""

    family: OsFamily = Field(description="Operating system family.")
    name: Text = Field(
        description='Product or distribution name, e.g. "Windows Server 2019", "Ubuntu".'
    )
    version: Version | None = Field(None, description='Release, e.g. "22.04" (Linux/FreeBSD).')
    arch: OsArch | None = Field(None, description="Instruction set the OS runs as.")
    edition: Text | None = Field(None, description="Edition, e.g. Datacenter, Pro, Home.")
    kernel: Version | None = Field(None, description="Kernel release, for Linux and FreeBSD.")


class Integration(_Strict):
    """Guest integration components (Hyper-V integration services, VM Additions, VMware Tools…)."""

    present: bool = Field(
        description="Whether the integration components are installed and running."
    )
    version: Version | None = Field(None, description="Installed version.")
    kind: (
        Literal[
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
        | None
    ) = Field(None, description="Which integration software it is.")
    services: list[Id] = Field(
        default_factory=list,
        description=(
            "Integration services enabled in the guest (heartbeat, shutdown, timesync, kvp, vss, "
            "fcopy). A stated list is complete: a service it leaves out is off. Leave it out when "
            "which services are enabled is not known."
        ),
    )
    daemons: list[Id] = Field(
        default_factory=list, description="User-space daemons installed (hv_kvp_daemon, ...)."
    )
    drivers: list[Id] = Field(
        default_factory=list,
        description="Guest drivers installed (e.g. viostor, netkvm, vmxnet3, pvscsi, xen-netfront).",
    )
    drivers_at_install: list[Id] = Field(
        default_factory=list,
        description="Drivers loaded during OS installation (e.g. viostor for a virtio boot disk).",
    )


class PartitionFirmware(_Strict):
    """A partition's virtual firmware."""

    type: Literal["bios", "uefi"] = Field(description="Legacy BIOS or UEFI.")
    secure_boot: bool | None = Field(None, description="Secure Boot enabled.")
    template: Text | None = Field(
        None, description='Secure Boot template, e.g. "MicrosoftUEFICertificateAuthority".'
    )


class DynamicMemory(_Strict):
    """Hyper-V Dynamic Memory settings."""

    enabled: bool = Field(description="Dynamic Memory on.")
    startup_mb: int | None = Field(None, ge=1, description="Startup memory, MiB.")
    min_mb: int | None = Field(None, ge=1, description="Minimum memory, MiB.")
    max_mb: int | None = Field(None, ge=1, description="Maximum memory, MiB.")


class PartitionFeatures(_Strict):
    """Availability features in use for a partition (omit what does not apply)."""

    live_migration: bool | None = Field(None, description="Live migration / vMotion enabled.")
    snapshots: bool | None = Field(None, description="Snapshots / checkpoints in use.")
    save_restore: bool | None = Field(None, description="Save/restore (suspend) in use.")
    ha: bool | None = Field(None, description="Member of a high-availability cluster.")
    fault_tolerance: bool | None = Field(None, description="VMware Fault Tolerance.")
    processor_compatibility: bool | None = Field(
        None, description="Hyper-V processor compatibility mode (hides newer CPU features)."
    )


class VirtualDevice(_Strict):
    """A device that a partition sees."""

    id: Id = Field(description="Unique id in the host.")
    kind: VirtualDeviceKind = Field(description="What the guest sees.")
    model: Id = Field(
        description="Device model from the device-models catalog, e.g. synthetic-nic, legacy-nic."
    )
    mode: DeviceMode = Field(
        description=(
            "synthetic (VMBus), paravirtual (virtio, vmxnet3, Xen PV), emulated, or passthrough."
        )
    )
    served_by: Id | None = Field(
        None,
        description=(
            "What serves the device: a partition id (the VSP or device model runs there), a driver, "
            "another virtual device, or the reserved ids 'hypervisor' and 'host-os'."
        ),
    )
    backed_by: Id | None = Field(
        None,
        description=(
            "The physical device behind it (required for passthrough, where the device is assigned to "
            "this partition), or another virtual device."
        ),
    )
    boot: bool = Field(False, description="The partition boots from this device.")
    bus: Literal["ide", "scsi", "sata", "nvme", "virtio", "xen", "usb", "fdc", "pci"] | None = (
        Field(None, description="Bus or controller type a disk or CD/DVD hangs off.")
    )
    controller: Id | None = Field(
        None, description="Id of the virtual storage controller this disk is attached to."
    )
    unit: int | None = Field(None, ge=0, le=255, description="Unit / LUN number on its controller.")
    media: Literal["iso", "physical", "vhd", "vhdx", "vmdk", "raw", "qcow2"] | None = Field(
        None, description="What backs a disk or CD/DVD drive."
    )
    size_gb: float | None = Field(None, gt=0, description="Disk size in GB.")


class Partition(_Strict):
    """A partition (Hyper-V), domain (Xen) or virtual machine."""

    id: Id = Field(description="Unique id in the host.")
    role: PartitionRole = Field(
        description=(
            "parent (Hyper-V root partition, Xen dom0), child (a virtual machine), or driver-domain."
        )
    )
    generation: Literal[1, 2] | None = Field(None, description="Hyper-V VM generation.")
    hw_version: int | None = Field(
        None,
        ge=1,
        le=99,
        description="VMware virtual hardware version (virtualHW.version, vmx-NN).",
    )
    virt_mode: Literal["pv", "pvh", "hvm"] | None = Field(
        None, description="Xen guest type (xl.cfg type=)."
    )
    device_model: Literal["qemu-xen", "qemu-xen-traditional", "none"] | None = Field(
        None, description="Xen device model (device_model_version)."
    )
    xen_platform_pci: bool | None = Field(
        None, description="Xen platform PCI device (5853:0001) exposed to an HVM guest."
    )
    pv_shim: bool | None = Field(
        None, description="Xen PV guest booted inside the PV shim (xl.cfg pvshim=1)."
    )
    machine: Text | None = Field(None, description='QEMU machine type, e.g. "pc-q35-8.2", "pc".')
    firmware: PartitionFirmware | None = Field(None, description="Virtual firmware.")
    dynamic_memory: DynamicMemory | None = Field(None, description="Hyper-V Dynamic Memory.")
    automatic_stop_action: Literal["save", "turn-off", "shut-down"] | None = Field(
        None, description="Hyper-V automatic stop action."
    )
    features: PartitionFeatures = Field(
        default_factory=PartitionFeatures, description="Availability features in use."
    )
    high_mmio_mb: int | None = Field(None, ge=0, description="Hyper-V high MMIO space, MiB.")
    low_mmio_mb: int | None = Field(None, ge=0, description="Hyper-V low MMIO space, MiB.")
    os: GuestOS | None = Field(None, description="The operating system it runs.")
    integration: Integration | None = Field(
        None,
        description=(
            "Integration components. When omitted, the enlightenment catalog decides from the OS."
        ),
    )
    vcpus: int | None = Field(None, ge=1, le=4096, description="Virtual processors.")
    memory_mb: int | None = Field(None, ge=1, description="Memory in MiB.")
    devices: list[VirtualDevice] = Field(default_factory=list, description="Virtual devices.")
    suppress: dict[Id, str] = Field(
        default_factory=dict,
        description=(
            "Findings to suppress inside this partition: rule code or name -> the reason (required)."
        ),
    )


class HostSpec(_Strict):
    """Everything about the host that the rules check."""

    hypervisor: Hypervisor = Field(description="The virtualization product.")
    host_os: HostOS | None = Field(None, description="The host OS, where the architecture has one.")
    cpu: Cpu | None = Field(None, description="Processors.")
    memory_gb: float | None = Field(None, gt=0, description="Installed memory in GiB.")
    firmware: Firmware | None = Field(None, description="System firmware.")
    boot_device: BootDevice | None = Field(
        None, description="The device the hypervisor boots from."
    )
    kvm: KvmHost | None = Field(None, description="KVM host facts (virt-host-validate).")
    devices_complete: bool | None = Field(
        None,
        description=(
            "true: `devices` lists every physical device of the host (importers that read the "
            "whole machine, sysfs and hyperv-json, set it). Unstated: the list may leave devices "
            "out, and rules that need the whole inventory (one network adapter only) report "
            "unknown."
        ),
    )
    devices: list[PhysicalDevice] = Field(default_factory=list, description="Physical devices.")
    drivers: list[Driver] = Field(default_factory=list, description="Drivers and where they run.")
    partitions: list[Partition] = Field(
        default_factory=list, description="Parent, child and driver-domain partitions."
    )


class HostDocument(_Strict):
    """A host description: one YAML document with ``kind: Host``."""

    api_version: Literal["hvcheck/v1"] = Field(
        alias="apiVersion", description="Format version of this document."
    )
    kind: Literal["Host"] = Field(description="Document kind.")
    metadata: Metadata = Field(description="Name, description and labels.")
    spec: HostSpec = Field(description="The host itself.")
