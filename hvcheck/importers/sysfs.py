"""A Linux machine's ``/sys`` and ``/proc`` -> the host it is: PCI devices, drivers, CPU, firmware.

ROOT is ``/`` on the machine itself, a directory holding a captured tree (``sys/``, ``proc/``,
``etc/os-release``), or the tarball ``scripts/capture-host.sh`` writes. Only the files in
:data:`READS` are read, through :mod:`hvcheck.importers._tree` (links followed only inside ROOT,
loops stopped, FIFOs and devices never opened, every read bounded). What a file does not say, or
what cannot be read, is left unstated (unknown) and reported as a warning: never guessed.

The host is described as a KVM host (product ``kvm``, drivers ``linux-module`` in the host OS),
which is what the machine is when it runs Linux; ``hvcheck import sysfs --target PRODUCT:RELEASE``
describes the same hardware under another hypervisor.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hvcheck.importers._common import (
    PASSTHROUGH_DRIVERS,
    Drv,
    Fact,
    HostFacts,
    Imported,
    ImportRefused,
    PDev,
    Scalar,
    arch_of,
    bind,
    device_class,
    pci_address,
    pci_device_id,
    sanitize_id,
    small_int,
)
from hvcheck.importers._tree import DirBackend, TarBackend, Tree, TreeError

TITLE = "Linux /sys and /proc tree"
"""What the source format is, for messages and provenance comments."""
SCOPE = "host"
"""One host per ROOT."""
DEFAULT_PATH = "/"
"""What ``hvcheck import sysfs`` reads when no ROOT is given: the running machine."""

PCI = "sys/bus/pci/devices"
SECURE_BOOT_GUID = "8be5f19a-75f8-4d1c-9ac3-fcf43d9d1a2c"  # EFI_GLOBAL_VARIABLE
KVM_MODULES = ("kvm", "kvm_intel", "kvm_amd")
PCI_ATTRIBUTES = (
    "vendor",
    "device",
    "subsystem_vendor",
    "subsystem_device",
    "class",
    "revision",
    "resource",
    "config",
    "sriov_totalvfs",
    "sriov_numvfs",
)
PCI_LINKS = ("driver", "iommu_group", "physfn")

READS: tuple[str, ...] = (
    "etc/os-release (or usr/lib/os-release)",
    "proc/cpuinfo",
    "proc/meminfo",
    "proc/cgroups",
    "proc/sys/kernel/osrelease",
    "proc/sys/kernel/ostype",
    "proc/sys/kernel/arch",
    f"{PCI}/* (links) and, in each device's directory: " + ", ".join(PCI_ATTRIBUTES),
    "the links driver, iommu_group and physfn of each PCI device (their targets' names only)",
    "sys/bus/pci/drivers/*/module (link; its target's name only)",
    "sys/kernel/iommu_groups/ (names only)",
    "sys/firmware/ (names only), sys/firmware/acpi/tables/ (names only), "
    "sys/firmware/acpi/tables/DMAR and IVRS",
    "sys/firmware/efi/ (names only), "
    f"sys/firmware/efi/efivars/SecureBoot-{SECURE_BOOT_GUID} (or efi/vars/SecureBoot-…/data)",
    "sys/class/tpm/*/tpm_version_major, sys/class/tpm/*/device/caps",
    "sys/class/dmi/id/bios_version, sys/class/dmi/id/product_name",
    "sys/devices/system/memory/block_size_bytes and the names memory* beside it",
    "sys/devices/system/cpu/cpu*/topology/core_cpus_list (or thread_siblings_list) and "
    "physical_package_id",
    "sys/module/kvm/parameters/*, sys/module/kvm_intel/parameters/*, "
    "sys/module/kvm_amd/parameters/*",
    "sys/class/misc/kvm, sys/class/misc/tun, sys/class/misc/vhost-net (existence only)",
    "sys/fs/cgroup/cgroup.controllers",
)
"""Every file and directory the importer reads (``scripts/capture-host.sh`` copies exactly these)."""

_BDF = re.compile(r"^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$")
_MAX_DEVICES = 16384
_MAX_CPUS = 8192
_CPUINFO_BYTES = 4 << 20


@dataclass
class _Host:
    """What has been read so far, and what could not be."""

    tree: Tree
    unknown: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    acs_root_ports: bool | None = None
    short_config: int = 0  # devices whose capability list is past the readable 64 bytes

    def note(self, message: str) -> None:
        if message not in self.unknown:
            self.unknown.append(message)

    def text(self, path: str, what: str, limit: int = 4096, quiet: bool = False) -> str | None:
        """A small text file, or None (absent: silent when ``quiet``; unreadable: a warning)."""
        try:
            return self.tree.text(path, limit)
        except TreeError as exc:
            if not quiet or not _absent(exc):
                self.note(f"{what} unknown: {exc}")
            return None

    def names(self, path: str, what: str, limit: int = 65536, quiet: bool = False) -> list[str]:
        try:
            return self.tree.names(path, limit)
        except TreeError as exc:
            if not quiet or not _absent(exc):
                self.note(f"{what} unknown: {exc}")
            return []


def _absent(exc: TreeError) -> bool:
    from hvcheck.importers._tree import Absent

    return isinstance(exc, Absent)


# --- entry points ----------------------------------------------------------------------------------


def import_tree(root: str) -> Imported:
    """The host a directory describes (``/``: the running machine)."""
    live = os.path.realpath(root) == "/"
    name = "linux-host" if live else PurePosixPath(os.path.abspath(root)).name or "linux-host"
    return _describe(root, Tree(DirBackend(root)), name, live=live)


def import_file(path: str, data: bytes) -> Imported:
    """The host a capture tarball (``scripts/capture-host.sh``) describes."""
    try:
        backend = TarBackend.from_bytes(data)
    except ValueError as exc:
        raise ImportRefused(
            path,
            f"not a directory or a capture tarball: {exc}; give ROOT (a directory such as /) or "
            "the .tar.gz that scripts/capture-host.sh writes",
        ) from None
    stem = re.sub(r"(\.tar)?(\.gz|\.tgz)?$", "", PurePosixPath(path).name) or "linux-host"
    result = _describe(path, Tree(backend), stem, live=False)
    for item in backend.skipped[:5]:
        result.unknown.append(f"tarball member skipped: {item}")
    return result


def _describe(path: str, tree: Tree, name: str, live: bool) -> Imported:
    if tree.kind("sys") != "dir" and tree.kind("proc") != "dir":
        raise ImportRefused(
            path,
            "not a Linux root: it has neither sys/ nor proc/ (give /, a directory holding a "
            "captured tree, or the tarball scripts/capture-host.sh writes)",
        )
    host = _Host(tree)
    result = Imported(path, "kvm", "sysfs")
    facts = HostFacts()
    result.host = facts
    product = host.text("sys/class/dmi/id/product_name", "the product name", quiet=True)
    if live and product and sanitize_id(product, ""):
        name = product
    result.name = name
    devices, drivers, result.complete = _pci(host)  # complete: every device in sys/bus/pci
    result.devices = devices
    result.drivers = drivers
    flags, cpu = _cpu(host)
    facts.cpu = cpu
    facts.host_os = _host_os(host)
    facts.memory_gb = _memory(host)
    facts.firmware = _firmware(host)
    facts.kvm = _kvm(host, devices)
    _iommu(host, facts, flags)
    count = len(devices)
    result.comments.append(
        f"from {path}: {count} PCI device{'s' if count != 1 else ''} read from {PCI}; each bound "
        "kernel driver is a linux-module driver in the host OS (product kvm). "
        "`hvcheck import sysfs --target PRODUCT:RELEASE` describes the same hardware under "
        "another hypervisor."
    )
    if "hypervisor" in flags:
        result.comments.append(
            "this machine runs under a hypervisor (the CPU flag 'hypervisor'): it describes a "
            "virtual machine and the virtual hardware it is given"
        )
    result.comments.extend(host.comments)
    result.unknown = host.unknown
    return result


# --- PCI -------------------------------------------------------------------------------------------


def _pci(host: _Host) -> tuple[list[PDev], list[Drv], bool]:
    """The PCI devices, their drivers, and whether the list is every PCI device of the host."""
    try:
        names = host.tree.names(PCI, _MAX_DEVICES)
        whole = True
    except TreeError as exc:
        host.note(f"the PCI devices unknown: {exc}")
        names, whole = [], False
    devices: list[PDev] = []
    drivers: dict[str, Drv] = {}
    modules: dict[str, str | None] = {}
    root_ports: list[bool | None] = []
    for bdf in names:
        if not _BDF.match(bdf):
            host.note(f"{PCI}/{bdf[:80]!r} is not a PCI address; skipped")
            continue
        described = _device(host, bdf)
        if described is None:
            whole = False  # a device left out: the list is no longer the whole inventory
            continue
        dev, driver, acs = described
        if acs != "n/a":
            root_ports.append(acs if isinstance(acs, bool) else None)
        devices.append(dev)
        if driver is None:
            continue
        if driver not in modules:
            modules[driver] = _module_of(host, driver)
        module = modules[driver] or driver
        drv = bind(drivers, module, "linux-module", "host-os", dev.id)
        if module != driver and len(drv.drives) == 1:
            drv.note = f"kernel driver '{driver}' of module {module}"
    if host.short_config:
        host.note(
            f"the PCI capabilities of {host.short_config} device(s) are unknown (their config space "
            "past 64 bytes needs root to read): pcie_type and interrupts left out"
        )
    if root_ports and all(r is not None for r in root_ports):
        host.acs_root_ports = all(root_ports)
    return devices, list(drivers.values()), whole


def _module_of(host: _Host, driver: str) -> str | None:
    """The module a PCI driver belongs to (``ehci-pci`` -> ``ehci_pci``); None when built in."""
    try:
        return host.tree.link_name(f"sys/bus/pci/drivers/{driver}/module")
    except TreeError:
        return None


def _hex_attr(host: _Host, path: str, what: str, digits: int) -> str | None:
    text = host.text(path, what, 64, quiet=True)
    if text is None:
        return None
    m = re.fullmatch(r"0x([0-9a-fA-F]{1,8})", text)
    if m is None:
        host.note(f"{what} unknown: {path} holds {text[:20]!r}, not a hexadecimal number")
        return None
    value = int(m.group(1), 16)
    if value >= 16**digits:
        host.note(f"{what} unknown: {path} holds {text[:20]!r}, more than {digits} hex digits")
        return None
    return f"{value:0{digits}x}"


def _device(host: _Host, bdf: str) -> tuple[PDev, str | None, bool | str | None] | None:
    base = f"{PCI}/{bdf}"
    try:
        if host.tree.kind(base) != "dir":
            host.note(f"PCI device {bdf} skipped: {base} is not a directory")
            return None
    except TreeError as exc:
        host.note(f"PCI device {bdf} skipped: {exc}")
        return None
    address = pci_address(bdf) or bdf
    ident = pci_device_id(address)
    vendor = _hex_attr(host, f"{base}/vendor", f"the vendor ID of {bdf}", 4)
    device = _hex_attr(host, f"{base}/device", f"the device ID of {bdf}", 4)
    subvendor = _hex_attr(host, f"{base}/subsystem_vendor", f"the subsystem of {bdf}", 4)
    subdevice = _hex_attr(host, f"{base}/subsystem_device", f"the subsystem of {bdf}", 4)
    klass = _hex_attr(host, f"{base}/class", f"the class of {bdf}", 6)
    revision = _hex_attr(host, f"{base}/revision", f"the revision of {bdf}", 2)
    code = int(klass, 16) >> 8 if klass else None
    dev = PDev(ident, device_class(code) if code is not None else "other", address=address)
    notes: list[str] = []
    if vendor and device:
        pci: dict[str, str] = {"vendor": vendor, "device": device}
        if subvendor and subdevice and (subvendor, subdevice) != ("0000", "0000"):
            pci["subvendor"], pci["subdevice"] = subvendor, subdevice
        if klass:
            pci["class_code"] = klass
        if revision:
            pci["revision"] = revision
        dev.pci = pci
    else:
        host.note(f"the PCI IDs of {bdf} are unknown: {base}/vendor or device unreadable")
    if code is not None:
        notes.append(f"class {klass}")
    # driver, IOMMU group, SR-IOV
    try:
        driver: str | None = host.tree.link_name(f"{base}/driver")
        driver_known = True
    except TreeError as exc:  # absent: no driver bound; unreadable: which one is unknown
        driver, driver_known = None, _absent(exc)
        if not driver_known:
            host.note(f"the driver of {bdf} unknown: {exc}")
    group = _link(host, f"{base}/iommu_group", f"the IOMMU group of {bdf}")
    if group is not None:
        dev.iommu_group = small_int(group, 2**31 - 1)
    physfn = _link(host, f"{base}/physfn", f"the physical function of {bdf}")
    if physfn is not None and _BDF.match(physfn):
        dev.physfn = pci_device_id(pci_address(physfn) or physfn)
        notes.append(f"SR-IOV virtual function of {physfn}")
    total = host.text(f"{base}/sriov_totalvfs", f"the SR-IOV functions of {bdf}", 32, quiet=True)
    if total is not None and small_int(total, 65535) is not None:
        dev.sriov_total_vfs = small_int(total, 65535)
        enabled = small_int(
            host.text(f"{base}/sriov_numvfs", f"the SR-IOV functions of {bdf}", 32), 65535
        )
        if enabled is not None:
            dev.sriov = enabled > 0
            if enabled:
                notes.append(f"{enabled} of {dev.sriov_total_vfs} virtual functions enabled")
    # memory-mapped I/O and the PCI capabilities
    is_bridge = code is not None and code >> 8 == 0x06
    if not is_bridge:
        dev.mmio_mb = _mmio_mb(host, f"{base}/resource", bdf)
    caps = _capabilities(host, f"{base}/config", bdf)
    acs: bool | str | None = "n/a"
    if caps is not None:
        dev.pcie_type, dev.interrupts, port, has_acs = caps
        if port == 4:  # a PCIe root port
            acs = has_acs
    if driver in PASSTHROUGH_DRIVERS:
        dev.in_use = False
        notes.append(f"bound to {driver}: reserved for pass-through, no host driver")
        driver = None
    elif driver is None and driver_known:
        dev.in_use = False
        notes.append("no kernel driver bound")
    elif driver is None:
        dev.driver_unknown = True
        notes.append("its driver link could not be read")
    dev.note = "; ".join(notes)
    return dev, driver, acs


def _link(host: _Host, path: str, what: str) -> str | None:
    try:
        return host.tree.link_name(path)
    except TreeError as exc:
        if not _absent(exc):
            host.note(f"{what} unknown: {exc}")
        return None


_IORESOURCE_MEM = 0x200


def _mmio_mb(host: _Host, path: str, bdf: str) -> float | None:
    """The memory BARs' total size in MB, rounded up as SurveyDDA.ps1 does."""
    text = host.text(path, f"the memory-mapped I/O of {bdf}", 8192, quiet=True)
    if text is None:
        return None
    total = 0
    for line in text.splitlines()[:6]:  # BARs 0-5; the ROM and bridge windows follow
        fields = line.split()
        if len(fields) != 3:
            return None
        try:
            start, end, flags = (int(f, 16) for f in fields)
        except ValueError:
            return None
        if flags & _IORESOURCE_MEM and end > start:
            total += end - start + 1
    return float(math.ceil(total / (1 << 20)))


_PCIE_TYPES = {
    0x0: "endpoint",
    0x1: "legacy-endpoint",
    0x9: "rc-integrated-endpoint",
    0x4: "bridge",  # root port
    0x5: "bridge",  # switch upstream port
    0x6: "bridge",  # switch downstream port
    0x7: "bridge",  # PCIe to PCI/PCI-X bridge
    0x8: "bridge",  # PCI/PCI-X to PCIe bridge
    0xA: "bridge",  # root complex event collector
}


def _capabilities(
    host: _Host, path: str, bdf: str
) -> tuple[str | None, list[str] | None, int | None, bool | None] | None:
    """(pcie_type, interrupts, PCIe port type, ACS capability) from the config space, or None
    when the capability list is not readable (only the 64-byte header is, without root)."""
    try:
        config = host.tree.read(path, 4096)
    except TreeError as exc:
        if not _absent(exc):
            host.note(f"the PCI capabilities of {bdf} unknown: {exc}")
        return None
    if len(config) < 64:
        return None
    status = int.from_bytes(config[6:8], "little")
    pin = config[0x3D]
    found: dict[int, int] = {}
    if status & 0x10:  # a capability list
        if len(config) < 256:
            host.short_config += 1
            return None
        pointer = config[0x34] & 0xFC
        seen: set[int] = set()
        while pointer and pointer >= 0x40 and pointer not in seen and len(seen) < 48:
            seen.add(pointer)
            if pointer + 4 > len(config):
                return None
            found.setdefault(config[pointer], pointer)
            pointer = config[pointer + 1] & 0xFC
    interrupts = [name for cap, name in ((0x05, "msi"), (0x11, "msix")) if cap in found]
    if pin:
        interrupts.insert(0, "intx")
    port: int | None = None
    pcie_type: str | None
    if 0x10 in found:
        port = (int.from_bytes(config[found[0x10] + 2 : found[0x10] + 4], "little") >> 4) & 0xF
        pcie_type = _PCIE_TYPES.get(port)
    elif 0x07 in found:
        pcie_type = "pci-x"
    else:
        pcie_type = "conventional-pci"
    acs: bool | None = None
    if port == 4:
        acs = _extended_cap(config, 0x000D)
    return pcie_type, interrupts or ["none"], port, acs


def _extended_cap(config: bytes, wanted: int) -> bool | None:
    """Whether the PCIe extended capability ``wanted`` is present; None without 4 KiB of config."""
    if len(config) < 4096:
        return None
    offset = 0x100
    seen: set[int] = set()
    while offset and offset >= 0x100 and offset not in seen and len(seen) < 96:
        seen.add(offset)
        header = int.from_bytes(config[offset : offset + 4], "little")
        if header in (0, 0xFFFFFFFF):
            return False
        if header & 0xFFFF == wanted:
            return True
        offset = (header >> 20) & 0xFFC
    return False


# --- CPU -------------------------------------------------------------------------------------------


def _cpuinfo(host: _Host) -> tuple[dict[str, str], list[dict[str, str]], bool]:
    """The first processor's fields, every processor block, and whether the file was cut short."""
    try:
        data, cut = host.tree.read_head("proc/cpuinfo", _CPUINFO_BYTES)
    except TreeError as exc:
        host.note(f"the processor unknown: {exc}")
        return {}, [], False
    text = data.decode("utf-8", errors="replace")
    if "\x00" in text:
        host.note("the processor unknown: proc/cpuinfo holds binary data; not read")
        return {}, [], False
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = {}
            continue
        key, sep, value = line.partition(":")
        if sep:
            current.setdefault(key.strip().lower(), value.strip()[:16384])
    if current:
        blocks.append(current)
    first = next((b for b in blocks if "vendor_id" in b or "cpu implementer" in b), {})
    if cut:
        host.note(f"proc/cpuinfo is longer than {_CPUINFO_BYTES} bytes: the first part was read")
    return first, blocks, cut


def _cpu(host: _Host) -> tuple[set[str], dict[str, Fact]]:
    first, blocks, cut = _cpuinfo(host)
    flags = set(first.get("flags", "").split())
    vmx_flags = set(first.get("vmx flags", "").split())
    vendor_id = first.get("vendor_id", "")
    vendor = {"GenuineIntel": "intel", "AuthenticAMD": "amd"}.get(vendor_id)
    if vendor is None and (vendor_id or "cpu implementer" in first):
        vendor = "other"
    cpu: dict[str, Fact] = {}
    if vendor is None:
        if first or blocks:
            host.note("the processor vendor unknown: proc/cpuinfo names none")
        return flags, cpu
    arch = _cpu_arch(host, first, flags)
    if arch is None:
        host.note("the processor's instruction set unknown: proc/cpuinfo does not say it")
        return flags, cpu
    cpu["vendor"] = vendor
    model = first.get("model name")
    if model:
        cpu["model"] = " ".join(model.split())[:256]
    cpu["arch"] = arch
    sockets, cores, threads = _topology(host, blocks, cut)
    if sockets is not None:
        cpu["sockets"] = min(sockets, 64)
    if cores is not None:
        cpu["cores"] = cores
    if threads is not None:
        cpu["threads"] = threads
    features = _features(host, vendor, flags, vmx_flags)
    if features:
        cpu["features"] = features
    return flags, cpu


def _cpu_arch(host: _Host, first: dict[str, str], flags: set[str]) -> str | None:
    if "vendor_id" in first:
        return "x86_64" if "lm" in flags else "x86"
    machine = host.text("proc/sys/kernel/arch", "the machine", 64, quiet=True)
    if machine in ("aarch64", "arm64"):
        return "arm64"
    if first.get("cpu architecture") == "8" and machine is None:
        return None  # an ARMv8 core may run a 32-bit kernel: not enough to tell
    return None


def _topology(
    host: _Host, blocks: list[dict[str, str]], cut: bool
) -> tuple[int | None, int | None, int | None]:
    """(sockets, physical cores, logical processors) from sysfs topology, else proc/cpuinfo."""
    cpus = [
        n
        for n in host.names("sys/devices/system/cpu", "the CPU topology", _MAX_CPUS, quiet=True)
        if re.fullmatch(r"cpu\d+", n)
    ]
    cores: set[str] = set()
    packages: set[str] = set()
    online = 0
    complete = bool(cpus)
    for cpu in cpus:
        base = f"sys/devices/system/cpu/{cpu}/topology"
        if not host.tree.exists(base):
            continue  # an offline CPU has no topology
        siblings = None
        for name in ("core_cpus_list", "thread_siblings_list"):
            try:
                siblings = host.tree.text(f"{base}/{name}", 4096)
                break
            except TreeError:
                continue
        package = None
        with contextlib.suppress(TreeError):
            package = host.tree.text(f"{base}/physical_package_id", 64)
        if siblings is None or package is None:
            complete = False
            break
        cores.add(f"{package}/{siblings}")
        packages.add(package)
        online += 1
    if complete and cores:
        return len(packages), len(cores), online
    if cut or not blocks:
        if blocks or cpus:
            host.note("the number of cores unknown: no readable CPU topology")
        return None, None, None
    processors = [b for b in blocks if "processor" in b]
    pairs = {(b.get("physical id"), b.get("core id")) for b in processors}
    if pairs and all(p is not None and c is not None for p, c in pairs):
        return len({p for p, _ in pairs}), len(pairs), len(processors)
    host.note("the number of cores unknown: no readable CPU topology")
    return None, None, None


def _features(host: _Host, vendor: str, flags: set[str], vmx_flags: set[str]) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    if not flags:
        host.note("the processor's features unknown: proc/cpuinfo has no flags line")
        return out
    virtual = "hypervisor" in flags
    if "vmx" in flags or "svm" in flags:
        out["hw_virt"] = True
        if _kvm_vendor_module(host) is not None or (
            vendor == "intel" and _kernel_at_least(host, 5, 6)
        ):
            out["hw_virt_enabled"] = True
        if "vmx" in flags:
            out["slat"] = "ept" in flags or "ept" in vmx_flags
        else:
            out["slat"] = "npt" in flags
    elif virtual:
        out["hw_virt"] = False  # a virtual CPU without nested virtualization
        out["slat"] = False
    else:
        host.note(
            "hardware virtualization unknown: the CPU shows no vmx/svm flag, so it either lacks "
            "VT-x/AMD-V or the firmware turned it off (Linux then hides the flag); check the "
            "firmware setup"
        )
    if "nx" in flags:
        out["nx"] = True
        out["nx_enabled"] = True
    else:
        host.note("NX/XD unknown: the CPU shows no nx flag (absent, or off in the firmware)")
    if vendor in ("intel", "amd"):  # instructions the CPUID flags state either way
        for feature, flag in _INSTRUCTIONS:
            out[feature] = flag in flags
        if vendor == "intel" and "3dnowprefetch" not in flags:
            # Windows needs PREFETCHW to execute, not the CPUID PRFCHW bit to be set, and older
            # Intel processors leave the bit clear: its absence does not show the instruction faults.
            del out["prefetchw"]
            host.note(
                "PREFETCHW unknown: the CPU shows no 3dnowprefetch flag (the CPUID PRFCHW bit), "
                "which older Intel processors leave clear; whether the instruction executes is not "
                "shown"
            )
    if "sev" in flags:
        out["sev"] = True
    return out


_INSTRUCTIONS = (
    ("sse4_2", "sse4_2"),
    ("popcnt", "popcnt"),
    ("cmpxchg16b", "cx16"),
    ("lahf_sahf", "lahf_lm"),
    ("prefetchw", "3dnowprefetch"),  # absent on Intel: unknown (below)
    ("xsave", "xsave"),
)


def _kernel_at_least(host: _Host, major: int, minor: int) -> bool:
    release = host.text("proc/sys/kernel/osrelease", "the kernel release", 256, quiet=True)
    m = re.match(r"(\d+)\.(\d+)", release or "")
    return m is not None and (int(m.group(1)), int(m.group(2))) >= (major, minor)


def _kvm_vendor_module(host: _Host) -> str | None:
    for module in ("kvm_intel", "kvm_amd"):
        if host.tree.kind(f"sys/module/{module}", follow=False) == "dir":
            return module
    return None


# --- host OS, memory, firmware ---------------------------------------------------------------------


def _os_release(host: _Host) -> dict[str, str]:
    for path in ("etc/os-release", "usr/lib/os-release"):
        text = host.text(path, "the distribution", 16384, quiet=True)
        if text is None:
            continue
        out: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.strip().partition("=")
            if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", key):
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            out[key] = value.replace('\\"', '"')[:256]
        return out
    return {}


def _host_os(host: _Host) -> dict[str, Fact]:
    release = _os_release(host)
    ostype = host.text("proc/sys/kernel/ostype", "the kernel", 64, quiet=True)
    kernel = host.text("proc/sys/kernel/osrelease", "the kernel release", 256, quiet=True)
    if not release and ostype is None and kernel is None:
        host.note("the host OS unknown: no etc/os-release and no proc/sys/kernel")
        return {}
    if ostype not in (None, "Linux"):
        host.note(f"the host OS unknown: the kernel is {ostype[:40]!r}, not Linux")
        return {}
    arch = arch_of(host.text("proc/sys/kernel/arch", "the machine", 64, quiet=True))
    if arch is None and kernel:
        arch = _arch_from_release(kernel)
    if arch is None:
        host.note(
            "the host OS unknown: its instruction set is not readable (proc/sys/kernel/arch, "
            "Linux 6.1 and later, or a release name such as ...-amd64)"
        )
        return {}
    out: dict[str, Fact] = {"family": "linux", "name": release.get("NAME") or "Linux"}
    if release.get("VERSION_ID"):
        out["version"] = release["VERSION_ID"][:64]
    out["arch"] = arch
    if kernel:
        out["kernel"] = kernel[:64]
    return out


def _arch_from_release(release: str) -> str | None:
    """The instruction set a distribution's kernel release names (Debian ``-amd64``, Fedora
    ``.x86_64``)."""
    m = re.search(r"[-.+_](amd64|x86_64|i686|686(?:-pae)?|arm64|aarch64)$", release.lower())
    return arch_of({"686": "i686", "686-pae": "i686"}.get(m.group(1), m.group(1))) if m else None


def _memory(host: _Host) -> float | None:
    base = "sys/devices/system/memory"
    size = host.text(f"{base}/block_size_bytes", "the installed memory", 64, quiet=True)
    blocks = [n for n in host.names(base, "the installed memory", quiet=True) if n[6:].isdigit()]
    if size is not None and re.fullmatch(r"(0x)?[0-9a-fA-F]{1,16}", size) and blocks:
        total = int(size, 16) * len(blocks)
        return round(total / (1 << 30), 2)
    meminfo = host.text("proc/meminfo", "the installed memory", 65536, quiet=True)
    usable = re.search(r"^MemTotal:\s+(\d+) kB", meminfo or "", re.MULTILINE)
    shown = f" (proc/meminfo: {int(usable.group(1)) / (1 << 20):.1f} GiB usable)" if usable else ""
    host.note(
        "the installed memory unknown: sys/devices/system/memory is not readable" + shown + "; "
        "the usable memory the kernel reports is less than what is installed, so it is not used"
    )
    return None


def _firmware(host: _Host) -> dict[str, Fact]:
    if host.tree.kind("sys/firmware", follow=False) != "dir":
        host.note("the firmware unknown: sys/firmware is not readable")
        return {}
    out: dict[str, Fact] = {}
    efi = host.tree.kind("sys/firmware/efi", follow=False)
    if efi == "dir":
        out["type"] = "uefi"
        secure = _secure_boot(host)
        if secure is not None:
            out["secure_boot"] = secure
    elif efi is None:
        out["type"] = "bios"  # the kernel was not started by UEFI firmware
    else:
        host.note("the firmware unknown: sys/firmware/efi is not a directory")
        return {}
    version = host.text("sys/class/dmi/id/bios_version", "the firmware version", 256, quiet=True)
    if version and len(version) <= 64 and version.isprintable():
        out["version"] = version
    tpm = _tpm(host)
    if tpm is not None:
        out["tpm"] = tpm
    return out


def _secure_boot(host: _Host) -> bool | None:
    efivars = "sys/firmware/efi/efivars"
    names = host.names(efivars, "Secure Boot", quiet=True)
    for path, offset in (
        (f"{efivars}/SecureBoot-{SECURE_BOOT_GUID}", 4),  # 4 attribute bytes, then the value
        (f"sys/firmware/efi/vars/SecureBoot-{SECURE_BOOT_GUID}/data", 0),
    ):
        try:
            data = host.tree.read(path, 64)
        except TreeError as exc:
            if not _absent(exc):
                host.note(f"Secure Boot unknown: {exc}")
                return None
            continue
        if len(data) == offset + 1 and data[offset] in (0, 1):
            return data[offset] == 1
        host.note(f"Secure Boot unknown: {path} holds {len(data)} bytes, not a boolean variable")
        return None
    if names:  # the variable store is readable and has no SecureBoot variable
        return False
    host.note("Secure Boot unknown: the EFI variables (sys/firmware/efi/efivars) are not readable")
    return None


def _tpm(host: _Host) -> str | None:
    devices = [
        n for n in host.names("sys/class/tpm", "the TPM", quiet=True) if re.fullmatch(r"tpm\d+", n)
    ]
    if not devices:
        host.note(
            "the TPM unknown: the kernel shows none (sys/class/tpm), which does not tell an absent "
            "TPM from one that is disabled or has no driver"
        )
        return None
    base = f"sys/class/tpm/{devices[0]}"
    major = host.text(f"{base}/tpm_version_major", "the TPM version", 16, quiet=True)
    if major in ("1", "2"):
        return "1.2" if major == "1" else "2.0"
    caps = host.text(f"{base}/device/caps", "the TPM version", 4096, quiet=True)
    m = re.search(r"TCG version:\s*1\.2", caps or "")
    if m:
        return "1.2"
    host.note(f"the TPM version unknown: {base} states neither tpm_version_major nor caps")
    return None


# --- IOMMU and KVM ---------------------------------------------------------------------------------


def _iommu(host: _Host, facts: HostFacts, flags: set[str]) -> None:
    features = facts.cpu.get("features")
    if not isinstance(features, dict):
        return
    tables = host.names("sys/firmware/acpi/tables", "the ACPI tables", quiet=True)
    listed = host.tree.kind("sys/firmware/acpi/tables", follow=False) == "dir"
    groups = facts.kvm.get("iommu_enabled")
    firmware: bool | None = None
    if "DMAR" in tables or "IVRS" in tables:
        firmware = True
    elif listed and facts.cpu.get("arch") in ("x86", "x86_64"):
        firmware = False
    if firmware is True or groups is True:
        features["iommu"] = True
    elif firmware is False and groups is False:
        features["iommu"] = False
    else:
        host.note("the IOMMU unknown: neither the ACPI tables nor the IOMMU groups are readable")
    if "DMAR" in tables:
        try:
            dmar = host.tree.read("sys/firmware/acpi/tables/DMAR", 1 << 20)
        except TreeError as exc:
            host.note(f"IOMMU interrupt remapping unknown: {exc}")
        else:
            if len(dmar) >= 48 and dmar[:4] == b"DMAR":
                features["interrupt_remapping"] = bool(dmar[37] & 0x01)  # INTR_REMAP flag
            elif dmar:
                host.note("IOMMU interrupt remapping unknown: the DMAR table is not one")
    if host.acs_root_ports is not None:
        features["acs_root_ports"] = host.acs_root_ports


def _kvm(host: _Host, devices: list[PDev]) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    misc = host.names("sys/class/misc", "the /dev nodes", quiet=True)
    if "kvm" in misc:
        out["dev_kvm"] = True
    elif misc:
        host.note(
            "/dev/kvm unknown: the kernel has no kvm device now (load kvm_intel or kvm_amd); "
            "whether a static /dev/kvm node would load it is not recorded"
        )
    if "tun" in misc:
        out["dev_net_tun"] = True
    if "vhost-net" in misc:
        out["dev_vhost_net"] = True
    controllers = _cgroups(host)
    if controllers is not None:
        out["cgroup_controllers"] = controllers
    groups = host.names("sys/kernel/iommu_groups", "the IOMMU groups", quiet=True)
    if host.tree.kind("sys/kernel/iommu_groups", follow=False) == "dir":
        out["iommu_enabled"] = bool(groups)
    module = _kvm_vendor_module(host)
    if module is not None:
        out["module"] = module
    parameters: dict[str, Fact] = {}
    for name in KVM_MODULES:
        base = f"sys/module/{name}/parameters"
        for param in host.names(base, "the KVM parameters", 256, quiet=True):
            if not re.fullmatch(r"[A-Za-z0-9_]{1,64}", param):
                continue
            value = host.text(f"{base}/{param}", "a KVM parameter", 256, quiet=True)
            if value and value.isprintable():
                parameters[f"{name}.{param}"] = value
    if parameters:
        out["parameters"] = parameters
    return out


def _cgroups(host: _Host) -> list[Scalar] | None:
    """The cgroup controllers libvirt would find, named as virt-host-validate prints them."""
    unified = host.text("sys/fs/cgroup/cgroup.controllers", "the cgroup controllers", quiet=True)
    if unified is not None:
        names = set(unified.split())
        # libvirt's cgroup v2 backend: blkio is the io controller, cpuacct comes with cpu
        # (cpu.stat), devices are BPF device programs (Linux 4.15 and later)
        if "io" in names:
            names.add("blkio")
        names.add("cpuacct")
        if _kernel_at_least(host, 4, 15):
            names.add("devices")
        return [n for n in sorted(names) if re.fullmatch(r"[a-z_]{1,32}", n)]
    table = host.text("proc/cgroups", "the cgroup controllers", 16384, quiet=True)
    if table is None:
        host.note("the cgroup controllers unknown: neither cgroup v2 nor proc/cgroups is readable")
        return None
    mounted: list[str] = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) == 4 and not line.startswith("#"):
            name, hierarchy, _, enabled = fields
            if enabled == "1" and hierarchy != "0" and re.fullmatch(r"[a-z_]{1,32}", name):
                mounted.append(name)
    return list(sorted(mounted))
