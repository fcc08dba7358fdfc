"""A deterministic generator of realistic host descriptions for benchmarks.

Each generated host has about 40 physical devices, 20 partitions and 100 virtual devices, and is one of
three architectures in turn: Hyper-V (type 1 microkernel), VMware ESXi (type 1 monolithic) and
Microsoft Virtual Server 2005 R2 (hybrid VMM). Models, PCI IDs, drivers and guest operating systems are
real ones, and every host is valid for every rule (the Virtual Server hosts carry the one informational
finding HV2005 that every hybrid host with guests gets), so the rules do their full work rather than
stopping early. The output is a pure function of (index, seed): the same call writes the same bytes.

``large_host`` writes one host with many partitions (2,000 for the "large host" row, 20,000 for a
graph of more than 100,000 nodes).

Usage: ``python benchmarks/generate.py OUT_DIR --files 1000 [--seed 0] [--large 2000]``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARCHITECTURES = ("hyperv", "esxi", "virtual-server")


@dataclass(frozen=True)
class Hardware:
    """One kind of physical device and the driver each product uses for it."""

    prefix: str
    device_class: str
    name: str
    vendor: str
    device: str
    drivers: dict[str, tuple[str, str, str]]  # product -> (driver name, kind, version)


# Current server hardware (Hyper-V 2022 and ESXi 8.0 hosts).
MODERN = (
    Hardware(
        "nic",
        "network",
        "Intel Ethernet Controller X710 for 10GbE SFP+",
        "8086",
        "1572",
        {
            "esxi": ("i40en", "native", "1.11.2.6-1vmw.800.1.0.20613240"),
            "hyperv": ("i40ea", "windows-x64", "1.16.202.10"),
        },
    ),
    Hardware(
        "nic",
        "network",
        "Intel Ethernet Controller E810-XXV for SFP",
        "8086",
        "159b",
        {
            "esxi": ("icen", "native", "1.10.5.0-1OEM.800.1.0.20613240"),
            "hyperv": ("icea", "windows-x64", "1.13.236.0"),
        },
    ),
    Hardware(
        "nic",
        "network",
        "Broadcom BCM57414 NetXtreme-E 10Gb/25Gb RDMA Ethernet Controller",
        "14e4",
        "16d7",
        {
            "esxi": ("bnxtnet", "native", "226.0.145.0-1vmw.800.1.0.20613240"),
            "hyperv": ("bnxtnd", "windows-x64", "226.0.131.0"),
        },
    ),
    Hardware(
        "nic",
        "network",
        "Mellanox MT27800 Family [ConnectX-5]",
        "15b3",
        "1017",
        {
            "esxi": ("nmlx5_core", "native", "4.23.0.36-15vmw.800.1.0.20613240"),
            "hyperv": ("mlx5", "windows-x64", "3.10.51000"),
        },
    ),
    Hardware(
        "hba",
        "storage",
        "Broadcom MegaRAID 12GSAS/PCIe Secure SAS39xx",
        "1000",
        "10e2",
        {
            "esxi": ("lsi_mr3", "native", "7.722.02.00-1vmw.800.1.0.20613240"),
            "hyperv": ("megasas35", "windows-x64", "7.722.2.0"),
        },
    ),
    Hardware(
        "nvme",
        "storage",
        "Samsung NVMe SSD Controller PM9A1/PM9A3/980PRO",
        "144d",
        "a80a",
        {
            "esxi": ("nvme_pcie", "native", "1.2.4.11-1vmw.800.1.0.20613240"),
            "hyperv": ("stornvme", "windows-x64", "10.0.20348.1"),
        },
    ),
    Hardware(
        "fc",
        "storage",
        "Emulex LPe32000 PCIe Fibre Channel Adapter",
        "10df",
        "e300",
        {
            "esxi": ("lpfc", "native", "14.0.169.25-5vmw.800.1.0.20613240"),
            "hyperv": ("elxfc", "windows-x64", "14.0.326.0"),
        },
    ),
    Hardware(
        "fc",
        "storage",
        "QLogic ISP2261-based 16/32Gb Fibre Channel to PCIe Adapter",
        "1077",
        "2261",
        {
            "esxi": ("qlnativefc", "native", "5.2.46.0-1vmw.800.1.0.20613240"),
            "hyperv": ("ql2300i", "windows-x64", "9.4.6.20"),
        },
    ),
    Hardware(
        "usb",
        "usb",
        "Intel C620 Series Chipset Family USB 3.0 xHCI Controller",
        "8086",
        "a1af",
        {
            "esxi": ("vmkusb", "native", "0.1-8vmw.800.1.0.20613240"),
            "hyperv": ("usbxhci", "windows-x64", "10.0.20348.1"),
        },
    ),
)
GPU = Hardware("gpu", "display", "NVIDIA Tesla T4", "10de", "1eb8", {})

# Server hardware of 2006-2008 (Virtual Server 2005 R2 SP1 on Windows Server 2003 R2 x64).
VINTAGE = (
    Hardware(
        "nic",
        "network",
        "Intel PRO/1000 MT Dual Port Server Adapter (82546EB)",
        "8086",
        "1010",
        {"virtual-server": ("e1g5132e", "windows-x64", "8.10.3.0")},
    ),
    Hardware(
        "nic",
        "network",
        "Broadcom NetXtreme II BCM5708 Gigabit Ethernet",
        "14e4",
        "164c",
        {"virtual-server": ("bxnd52x", "windows-x64", "4.6.16.0")},
    ),
    Hardware(
        "hba",
        "storage",
        "LSI Logic SAS1068E PCI-Express Fusion-MPT SAS",
        "1000",
        "0058",
        {"virtual-server": ("lsi_sas", "windows-x64", "1.28.3.52")},
    ),
    Hardware(
        "hba",
        "storage",
        "Adaptec AIC-7902 Ultra320 SCSI",
        "9005",
        "801f",
        {"virtual-server": ("adpu320", "windows-x64", "7.0.0.10")},
    ),
    Hardware(
        "raid",
        "storage",
        "Hewlett-Packard Smart Array P400",
        "103c",
        "3230",
        {"virtual-server": ("hpcisss2", "windows-x64", "6.14.0.64")},
    ),
    Hardware(
        "fc",
        "storage",
        "QLogic QLA2340 2Gb Fibre Channel HBA",
        "1077",
        "2312",
        {"virtual-server": ("ql2300", "windows-x64", "9.1.7.19")},
    ),
    Hardware(
        "usb",
        "usb",
        "Intel 631xESB/632xESB/3100 Chipset UHCI USB Controller",
        "8086",
        "2688",
        {"virtual-server": ("usbuhci", "windows-x64", "5.2.3790.3959")},
    ),
)

HYPERV_GUESTS = (
    ("windows", "Windows Server 2022", None, "x64"),
    ("windows", "Windows Server 2019", None, "x64"),
    ("linux", "Ubuntu", "22.04", "x64"),
    ("linux", "Red Hat Enterprise Linux", "9.2", "x64"),
    ("windows", "Windows 11", None, "x64"),
)
ESXI_GUESTS = (
    ("linux", "Ubuntu", "22.04", "x64"),
    ("windows", "Windows Server 2022", None, "x64"),
    ("linux", "Rocky Linux", "9.3", "x64"),
    ("windows", "Windows Server 2019", None, "x64"),
    ("linux", "SUSE Linux Enterprise Server", "15 SP5", "x64"),
)
VS_GUESTS = (
    ("windows", "Windows Server 2003", "SP2", "x86"),
    ("windows", "Windows 2000 Server", "SP4", "x86"),
    ("linux", "Red Hat Enterprise Linux", "4", "x86"),
    ("windows", "Windows XP Professional", "SP3", "x86"),
)
ROLES = ("web", "app", "db", "cache", "build", "mail", "file", "proxy", "ci", "log")
SITES = ("dc1", "dc2", "fra2", "ams1", "iad3", "sin1")


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _header(w: _Writer, name: str, what: str, rng: random.Random) -> None:
    w.add("# yaml-language-server: $schema=../../schemas/host.schema.json")
    w.add(f"# {what}; generated for hvcheck's benchmarks (benchmarks/generate.py).")
    w.add("apiVersion: hvcheck/v1")
    w.add("kind: Host")
    w.add("metadata:")
    w.add(f"  name: {name}")
    w.add(f"  description: {what} in rack {rng.randint(1, 40)}.")
    w.add("  labels:")
    w.add(f"    site: {rng.choice(SITES)}")
    w.add(f"    cluster: {rng.choice(('prod-a', 'prod-b', 'staging', 'dr'))}")
    w.add(f"    owner: team-{rng.randint(1, 30)}")


def _cpu(w: _Writer, vendor: str, model: str, sockets: int, cores: int, modern: bool) -> None:
    w.add("  cpu:")
    w.add(f"    vendor: {vendor}")
    w.add(f"    model: {model}")
    w.add("    arch: x86_64")
    w.add(f"    sockets: {sockets}")
    w.add(f"    cores: {cores}")
    w.add("    features:")
    w.add("      hw_virt: true             # VT-x / AMD-V")
    w.add("      hw_virt_enabled: true")
    w.add(f"      slat: {'true' if modern else 'false'}")
    w.add("      nx: true")
    w.add("      nx_enabled: true")
    if modern:
        w.add("      iommu: true               # needed for device assignment")
        w.add("      interrupt_remapping: true")
        w.add("      acs_root_ports: true")
        w.add("      sse4_2: true")
        w.add("      popcnt: true")


@dataclass
class _Device:
    ident: str
    hw: Hardware
    address: str
    in_use: bool = True


def _devices(
    rng: random.Random, catalog: tuple[Hardware, ...], count: int, gpus: int
) -> list[_Device]:
    out: list[_Device] = []
    counters: dict[str, int] = {}
    bus = 0x17
    for i in range(count - gpus):
        hw = catalog[i % len(catalog)] if i < len(catalog) else rng.choice(catalog)
        n = counters.get(hw.prefix, 0)
        counters[hw.prefix] = n + 1
        bus += rng.randint(1, 3)
        in_use = not (hw.device_class == "usb" and n % 2 == 1)
        out.append(_Device(f"{hw.prefix}{n}", hw, f"0000:{bus:02x}:00.{n % 2}", in_use))
    for g in range(gpus):
        bus += rng.randint(1, 3)
        out.append(_Device(f"gpu{g}", GPU, f"0000:{bus:02x}:00.0"))
    return out


def _write_devices(w: _Writer, devices: list[_Device]) -> None:
    w.add("  devices:")
    for d in devices:
        w.add(f"    - id: {d.ident}")
        w.add(f"      class: {d.hw.device_class}")
        w.add(f"      name: {d.hw.name}")
        w.add(f"      pci: {{vendor: {_q(d.hw.vendor)}, device: {_q(d.hw.device)}}}")
        w.add(f"      address: {_q(d.address)}")
        if d.hw is GPU:  # what device assignment needs to know
            w.add("      pcie_type: endpoint")
            w.add("      interrupts: [msi, msix]")
            w.add("      requires_rmrr: false")
            w.add("      mmio_mb: 16384")
        if not d.in_use:
            w.add("      in_use: false             # nothing attached; no driver needed")


def _write_drivers(
    w: _Writer,
    devices: list[_Device],
    product: str,
    location: str,
    guest_drivers: list[tuple[str, str]],
) -> None:
    """One driver per hardware kind, driving every in-use device of that kind; one guest driver per
    passed-through GPU, in the partition that owns it."""
    groups: dict[str, tuple[tuple[str, str, str], list[str]]] = {}
    for d in devices:
        if d.hw is GPU or not d.in_use:
            continue
        drv = d.hw.drivers[product]
        groups.setdefault(drv[0], (drv, []))[1].append(d.ident)
    w.add("  drivers:")
    for (name, kind, version), drives in groups.values():
        w.add(f"    - name: {name}")
        w.add(f"      version: {_q(version)}")
        w.add(f"      kind: {kind}")
        w.add(f"      location: {location}")
        w.add(f"      drives: [{', '.join(drives)}]")
    for gpu, part in guest_drivers:
        w.add(f"    # {gpu} is passed through to {part}; its driver runs in that guest.")
        w.add(f"    - name: nvidia-{part}")
        w.add('      version: "535.129.03"')
        w.add("      kind: linux-module")
        w.add("      location: guest")
        w.add(f"      partition: {part}")
        w.add(f"      drives: [{gpu}]")
        w.add("      vendor: NVIDIA")


def _os_line(os: tuple[str, str, str | None, str]) -> str:
    family, name, version, arch = os
    ver = f", version: {_q(version)}" if version else ""
    return f"{{family: {family}, name: {name}{ver}, arch: {arch}}}"


def _vdev(ident: str, kind: str, model: str, mode: str, extra: str = "") -> str:
    return f"        - {{id: {ident}, kind: {kind}, model: {model}, mode: {mode}{extra}}}"


def _partition_head(
    w: _Writer, pid: str, os: tuple[str, str, str | None, str], rng: random.Random
) -> None:
    w.add(f"    - id: {pid}")
    w.add("      role: child")
    w.add(f"      os: {_os_line(os)}")


def _hyperv(index: int, rng: random.Random, partitions: int, devices: int, vdevs: int) -> str:
    w = _Writer()
    name = f"hv-{rng.choice(SITES)}-{index:06d}"
    _header(w, name, "A Windows Server 2022 Datacenter Hyper-V host", rng)
    w.add("spec:")
    w.add("  hypervisor:")
    w.add("    product: hyperv")
    w.add('    version: "2022"')
    w.add("    architecture: type1-microkernel")
    _cpu(w, "amd", "AMD EPYC 7543", 2, 64, True)
    w.add(f"  memory_gb: {rng.choice((256, 512, 768, 1024))}")
    w.add('  firmware: {type: uefi, secure_boot: true, tpm: "2.0"}')
    gpus = min(2, max(0, partitions - 1))
    devs = _devices(rng, MODERN, devices, gpus)
    _write_devices(w, devs)
    children = [f"{ROLES[i % len(ROLES)]}{i // len(ROLES):02d}" for i in range(partitions - 1)]
    gpu_owners = [(f"gpu{g}", children[g]) for g in range(gpus)]
    _write_drivers(w, devs, "hyperv", "parent", gpu_owners)
    w.add("  partitions:")
    w.add("    # The parent (root) partition runs the vendor drivers and the VSPs.")
    w.add("    - id: root")
    w.add("      role: parent")
    w.add("      os: {family: windows, name: Windows Server 2022, edition: Datacenter, arch: x64}")
    owner_of = {part: gpu for gpu, part in gpu_owners}
    per = _spread(vdevs, len(children))
    for i, pid in enumerate(children):
        legacy = i % 7 == 6
        if legacy:
            w.add("    # Not enlightened: generation 1 with emulated hardware only.")
            w.add(f"    - id: {pid}")
            w.add("      role: child")
            w.add("      generation: 1")
            w.add("      os: {family: windows, name: Windows Server 2008 R2, arch: x64}")
            w.add("      integration: {present: false}")
        else:
            os = HYPERV_GUESTS[rng.randrange(len(HYPERV_GUESTS))]
            w.add(f"    - id: {pid}")
            w.add("      role: child")
            w.add("      generation: 2")
            w.add(f"      os: {_os_line(os)}")
        w.add(f"      vcpus: {rng.choice((2, 4, 8, 16))}")
        w.add(f"      memory_mb: {rng.choice((4096, 8192, 16384, 32768))}")
        w.add("      features: {processor_compatibility: false}")
        if pid in owner_of:
            w.add("      automatic_stop_action: turn-off   # required with an assigned device")
            w.add("      high_mmio_mb: 33280")
        w.add("      devices:")
        models = (
            [
                ("nic", "legacy-nic"),
                ("storage", "ide-controller"),
                ("video", "s3-video"),
                ("keyboard", "ps2-keyboard"),
                ("mouse", "ps2-mouse"),
                ("serial", "com-port"),
            ]
            if legacy
            else [
                ("nic", "synthetic-nic"),
                ("storage", "synthetic-scsi"),
                ("video", "synthetic-video"),
                ("mouse", "synthetic-mouse"),
                ("keyboard", "synthetic-keyboard"),
                ("nic", "synthetic-nic"),
            ]
        )
        mode = "emulated" if legacy else "synthetic"
        count = per[i]
        gpu = owner_of.get(pid)
        if gpu is not None:
            count -= 1
        for j in range(count):
            kind, model = models[j % len(models)]
            boot = ", boot: true" if kind == "storage" and j < len(models) else ""
            w.add(_vdev(f"{pid}-{kind}{j}", kind, model, mode, f", served_by: root{boot}"))
        if gpu is not None:
            w.add(_vdev(f"{pid}-{gpu}", "pci", "dda", "passthrough", f", backed_by: {gpu}"))
    return w.text()


def _esxi(index: int, rng: random.Random, partitions: int, devices: int, vdevs: int) -> str:
    w = _Writer()
    name = f"esx-{rng.choice(SITES)}-{index:06d}"
    _header(w, name, "A VMware ESXi 8.0 U2 host", rng)
    w.add("spec:")
    w.add("  hypervisor:")
    w.add("    product: esxi")
    w.add('    version: "8.0 U2"')
    w.add("    architecture: type1-monolithic")
    _cpu(w, "intel", "Intel Xeon Gold 6338", 2, 64, True)
    w.add(f"  memory_gb: {rng.choice((256, 512, 768, 1024))}")
    w.add('  firmware: {type: uefi, secure_boot: true, tpm: "2.0"}')
    gpus = min(2, partitions)
    devs = _devices(rng, MODERN, devices, gpus)
    _write_devices(w, devs)
    vms = [f"{ROLES[i % len(ROLES)]}{i // len(ROLES):02d}" for i in range(partitions)]
    gpu_owners = [(f"gpu{g}", vms[g]) for g in range(gpus)]
    _write_drivers(w, devs, "esxi", "hypervisor", gpu_owners)
    w.add("  # Every partition is a VM; virtual devices are provided by the VMkernel itself.")
    w.add("  partitions:")
    owner_of = {part: gpu for gpu, part in gpu_owners}
    per = _spread(vdevs, len(vms))
    for i, pid in enumerate(vms):
        os = ESXI_GUESTS[rng.randrange(len(ESXI_GUESTS))]
        _partition_head(w, pid, os, rng)
        w.add("      integration: {present: true}     # VMware Tools / open-vm-tools")
        w.add(f"      vcpus: {rng.choice((2, 4, 8, 16))}")
        w.add(f"      memory_mb: {rng.choice((4096, 8192, 16384, 32768))}")
        w.add("      devices:")
        windows = os[0] == "windows"
        models = (
            [
                ("nic", "e1000e", "emulated"),
                ("storage", "lsisas1068", "emulated"),
                ("video", "svga", "emulated"),
                ("nic", "vmxnet3", "paravirtual"),
                ("storage", "pvscsi", "paravirtual"),
            ]
            if windows
            else [
                ("nic", "vmxnet3", "paravirtual"),
                ("storage", "pvscsi", "paravirtual"),
                ("video", "svga", "emulated"),
                ("nic", "vmxnet3", "paravirtual"),
                ("storage", "pvscsi", "paravirtual"),
            ]
        )
        count = per[i]
        gpu = owner_of.get(pid)
        if gpu is not None:
            count -= 1
        for j in range(count):
            kind, model, mode = models[j % len(models)]
            boot = ", boot: true" if j == 1 else ""
            w.add(_vdev(f"{pid}-{kind}{j}", kind, model, mode, f", served_by: hypervisor{boot}"))
        if gpu is not None:
            w.add(_vdev(f"{pid}-{gpu}", "pci", "directpath", "passthrough", f", backed_by: {gpu}"))
    return w.text()


def _virtual_server(
    index: int, rng: random.Random, partitions: int, devices: int, vdevs: int
) -> str:
    w = _Writer()
    name = f"vs-{rng.choice(SITES)}-{index:06d}"
    _header(w, name, "A Microsoft Virtual Server 2005 R2 SP1 host", rng)
    w.add("spec:")
    w.add("  hypervisor:")
    w.add("    product: virtual-server")
    w.add('    version: "2005 R2 SP1"')
    w.add("    architecture: hybrid-vmm")
    w.add("  # A hybrid VMM runs beside a Windows host OS, whose drivers serve every device.")
    w.add("  host_os:")
    w.add("    family: windows")
    w.add("    name: Windows Server 2003 R2")
    w.add("    version: SP2")
    w.add("    edition: Enterprise")
    w.add("    arch: x64")
    _cpu(w, "intel", "Intel Xeon 5160", 2, 4, False)
    w.add(f"  memory_gb: {rng.choice((16, 24, 32))}")
    w.add("  firmware: {type: bios}")
    devs = _devices(rng, VINTAGE, devices, 0)
    _write_devices(w, devs)
    _write_drivers(w, devs, "virtual-server", "host-os", [])
    w.add("  # Guests see only the fixed emulated hardware, with VM Additions installed.")
    w.add("  partitions:")
    vms = [f"{ROLES[i % len(ROLES)]}{i // len(ROLES):02d}" for i in range(partitions)]
    per = _spread(vdevs, len(vms))
    models = [
        ("storage", "ide-controller"),
        ("nic", "legacy-nic"),
        ("video", "s3-video"),
        ("storage", "adaptec-7870"),
        ("serial", "com-port"),
        ("floppy", "floppy"),
        ("parallel", "lpt-port"),
    ]
    for i, pid in enumerate(vms):
        os = VS_GUESTS[rng.randrange(len(VS_GUESTS))]
        _partition_head(w, pid, os, rng)
        w.add("      integration: {present: true}     # Virtual Machine Additions")
        w.add("      vcpus: 1")
        w.add(f"      memory_mb: {rng.choice((512, 1024, 2048, 3584))}")
        w.add("      devices:")
        for j in range(per[i]):
            kind, model = models[j % len(models)]
            boot = ", boot: true" if j == 0 else ""
            w.add(_vdev(f"{pid}-{kind}{j}", kind, model, "emulated", boot))
    return w.text()


def _spread(total: int, parts: int) -> list[int]:
    if parts <= 0:
        return []
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


_BUILDERS = {"hyperv": _hyperv, "esxi": _esxi, "virtual-server": _virtual_server}


def host_text(
    index: int,
    *,
    seed: int = 0,
    partitions: int = 20,
    devices: int = 40,
    virtual_devices: int = 100,
    architecture: str | None = None,
) -> str:
    """The YAML text of host number ``index`` (architectures rotate unless one is given)."""
    arch = architecture or ARCHITECTURES[index % len(ARCHITECTURES)]
    rng = random.Random(f"hvcheck-bench:{seed}:{index}:{arch}")
    return _BUILDERS[arch](index, rng, partitions, devices, virtual_devices)


def large_host_text(partitions: int = 2000, *, seed: int = 0, per_partition: int = 5) -> str:
    """One Hyper-V host with ``partitions`` partitions and ``per_partition`` devices in each."""
    return host_text(
        0,
        seed=seed,
        partitions=partitions,
        devices=40,
        virtual_devices=(partitions - 1) * per_partition,
        architecture="hyperv",
    )


def file_names(count: int) -> Iterator[str]:
    """Relative paths of the ``count`` generated files, 500 to a directory."""
    for i in range(count):
        yield f"d{i // 500:03d}/host-{i:06d}.yaml"


def generate(
    out_dir: Path,
    count: int,
    *,
    seed: int = 0,
    partitions: int = 20,
    devices: int = 40,
    virtual_devices: int = 100,
) -> list[Path]:
    """Write ``count`` host files under ``out_dir`` (reusing identical existing files)."""
    paths: list[Path] = []
    for i, rel in enumerate(file_names(count)):
        path = out_dir / rel
        text = host_text(
            i,
            seed=seed,
            partitions=partitions,
            devices=devices,
            virtual_devices=virtual_devices,
        )
        data = text.encode("utf-8")
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        paths.append(path)
    return paths


def write_apart(corpus: Path | None, files: int, hosts: dict[Path, int]) -> None:
    """``generate(corpus, files)`` and each large host (path -> partitions), written by a child
    process. Benchmarks start the measured commands from their own process, and a child's peak RSS
    counts the pages it shares with its parent until it runs the command: writing a 10 MiB host
    here would make every small command look as large as the writer."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from benchmarks.generate import generate, large_host_text; "
        "sys.argv[2] and generate(Path(sys.argv[2]), int(sys.argv[3])); "
        "[Path(p).write_text(large_host_text(int(n)), encoding='utf-8') "
        "for p, n in zip(sys.argv[4::2], sys.argv[5::2])]"
    )
    pairs = [str(x) for path, size in hosts.items() for x in (path, size)]
    repo = str(Path(__file__).resolve().parent.parent)
    where = str(corpus) if corpus is not None else ""
    subprocess.run([sys.executable, "-c", code, repo, where, str(files), *pairs], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--large", type=int, default=0, help="also write large.yaml with N partitions"
    )
    args = parser.parse_args()
    paths = generate(args.out_dir / "hosts", args.files, seed=args.seed)
    print(f"wrote {len(paths)} files under {args.out_dir / 'hosts'}")
    if args.large:
        large = args.out_dir / f"large-{args.large}.yaml"
        large.write_text(large_host_text(args.large, seed=args.seed), encoding="utf-8")
        print(f"wrote {large}")


if __name__ == "__main__":
    main()
