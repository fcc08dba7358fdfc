"""libvirt domain XML (``virsh dumpxml``) -> a KVM or Xen child partition and its virtual devices.

``<domain type='kvm'>`` and ``type='qemu'`` (QEMU without KVM acceleration) become product ``kvm``;
``type='xen'`` becomes ``xen``. Every child of ``<devices>`` becomes a virtual device or is listed as
not mapped; so is every other element of the domain that the host format has no field for.

Models are written with QEMU's own ``-device`` names wherever QEMU has one (``piix3-usb-uhci``,
``usb-tablet``, ``lsi53c895a`` …), which the generated QEMU table knows, and with the catalog's ids
for the devices hvcheck has facts about (``virtio-net``, ``qemu-e1000``, ``stdvga`` …). Where the XML
leaves a model out, libvirt 9.0's own default for the architecture and machine type is written
(src/qemu/qemu_domain.c: ``qemuDomainDefaultNetModel``, ``qemuDomainControllerDefPostParse``,
``qemuDomainChrDefPostParse``, ``qemuDomainDevicePanicDefPostParse``, ``qemuDomainDefaultVideoDevice``,
``qemuDomainTPMDefPostParse``; src/qemu/qemu_domain_address.c ``qemuDomainGetSCSIControllerModel``).
Every element keeps its position, so findings point at it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    Guest,
    Imported,
    ImportRefused,
    OsInfo,
    PDev,
    SourcePos,
    VDev,
    arch_of,
    pci_address,
    pci_device_id,
    sanitize_id,
    small_int,
    summarize,
)
from hvcheck.importers._xml import XmlDocument, XmlRefused, parse_xml_document

TITLE = "libvirt domain XML"
"""What the source format is, for messages and provenance comments."""
SCOPE = "guest"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


PRODUCTS = {"kvm": "kvm", "qemu": "kvm", "xen": "xen"}

# <interface><model type=…/> -> (model id, mode). Catalog ids for the models hvcheck has facts
# about; QEMU's -device names for the others.
NIC_MODELS: dict[str, tuple[str, str]] = {
    "virtio": ("virtio-net", "paravirtual"),
    "virtio-transitional": ("virtio-net", "paravirtual"),
    "virtio-non-transitional": ("virtio-net", "paravirtual"),
    "virtio-net": ("virtio-net", "paravirtual"),
    "e1000": ("qemu-e1000", "emulated"),
    "e1000-82540em": ("qemu-e1000", "emulated"),
    "e1000e": ("qemu-e1000e", "emulated"),
    "rtl8139": ("qemu-rtl8139", "emulated"),
    "vmxnet3": ("qemu-vmxnet3", "paravirtual"),
    "netfront": ("xen-netfront", "paravirtual"),
    "spapr-vlan": ("spapr-vlan", "paravirtual"),
    "ne2k_pci": ("ne2k_pci", "emulated"),
    "ne2k_isa": ("ne2k_isa", "emulated"),
    "pcnet": ("pcnet", "emulated"),
    "i82551": ("i82551", "emulated"),
    "i82557b": ("i82557b", "emulated"),
    "i82559er": ("i82559er", "emulated"),
    "e1000-82544gc": ("e1000-82544gc", "emulated"),
    "e1000-82545em": ("e1000-82545em", "emulated"),
    "lan9118": ("lan9118", "emulated"),
    "smc91c111": ("smc91c111", "emulated"),
    "usb-net": ("usb-net", "emulated"),
}

SCSI_MODELS: dict[str, tuple[str, str]] = {
    "virtio-scsi": ("virtio-scsi", "paravirtual"),
    "virtio-transitional": ("virtio-scsi", "paravirtual"),
    "virtio-non-transitional": ("virtio-scsi", "paravirtual"),
    "lsilogic": ("lsi53c895a", "emulated"),
    "lsisas1068": ("mptsas1068", "emulated"),
    "lsisas1078": ("megasas", "emulated"),
    "vmpvscsi": ("pvscsi", "paravirtual"),
    "ibmvscsi": ("spapr-vscsi", "paravirtual"),
    "ncr53c90": ("ncr53c90", "emulated"),
    "am53c974": ("am53c974", "emulated"),
    "dc390": ("dc390", "emulated"),
}

# libvirt USB controller models -> QEMU devices (qemuControllerModelUSBTypeToString)
USB_MODELS: dict[str, str] = {
    "piix3-uhci": "piix3-usb-uhci",
    "piix4-uhci": "piix4-usb-uhci",
    "ehci": "usb-ehci",
    "ich9-ehci1": "ich9-usb-ehci1",
    "ich9-uhci1": "ich9-usb-uhci1",
    "ich9-uhci2": "ich9-usb-uhci2",
    "ich9-uhci3": "ich9-usb-uhci3",
    "vt82c686b-uhci": "vt82c686b-usb-uhci",
    "pci-ohci": "pci-ohci",
    "nec-xhci": "nec-usb-xhci",
    "qemu-xhci": "qemu-xhci",
    "qusb1": "xen-qusb1",
    "qusb2": "xen-qusb2",
}

VIDEO_MODELS: dict[str, tuple[str, str]] = {
    "qxl": ("qxl", "emulated"),
    "cirrus": ("cirrus", "emulated"),
    "vga": ("stdvga", "emulated"),
    "virtio": ("virtio-gpu", "paravirtual"),
    "bochs": ("bochs-display", "emulated"),
    "ramfb": ("ramfb", "emulated"),
    "vmvga": ("vmware-svga", "emulated"),
    "xen": ("xen-fbfront", "paravirtual"),
}

# <serial><target type=…> -> the target model libvirt defaults it to (qemuDomainChrDefPostParse)
SERIAL_TARGETS: dict[str, tuple[str, str]] = {
    "isa-serial": ("isa-serial", "emulated"),
    "usb-serial": ("usb-serial", "emulated"),
    "pci-serial": ("pci-serial", "emulated"),
    "spapr-vio-serial": ("spapr-vty", "paravirtual"),
    "sclp-serial": ("sclpconsole", "paravirtual"),
    "isa-debug": ("isa-debugcon", "emulated"),
}
# <serial><target><model name=…> -> QEMU device
SERIAL_MODELS: dict[str, tuple[str, str]] = {
    "isa-serial": ("isa-serial", "emulated"),
    "usb-serial": ("usb-serial", "emulated"),
    "pci-serial": ("pci-serial", "emulated"),
    "spapr-vty": ("spapr-vty", "paravirtual"),
    "pl011": ("pl011", "emulated"),
    "16550a": ("16550a", "emulated"),
    "sclpconsole": ("sclpconsole", "paravirtual"),
    "sclplmconsole": ("sclplmconsole", "paravirtual"),
    "isa-debugcon": ("isa-debugcon", "emulated"),
}

SOUND_MODELS: dict[str, str] = {
    "sb16": "sb16",
    "es1370": "ES1370",
    "ac97": "AC97",
    "ich6": "intel-hda",
    "ich7": "intel-hda",
    "ich9": "ich9-intel-hda",
    "usb": "usb-audio",
    "pcspk": "pcspk",
}

WATCHDOG_MODELS: dict[str, str] = {
    "i6300esb": "i6300esb",
    "ib700": "ib700",
    "diag288": "diag288",
    "itco": "itco",
}

MEMORY_MODELS: dict[str, tuple[str, str]] = {
    "dimm": ("pc-dimm", "emulated"),
    "nvdimm": ("nvdimm", "emulated"),
    "virtio-pmem": ("virtio-pmem-pci", "paravirtual"),
    "virtio-mem": ("virtio-mem-pci", "paravirtual"),
    "sgx-epc": ("sgx-epc", "emulated"),
}

IOMMU_MODELS: dict[str, tuple[str, str]] = {
    "intel": ("intel-iommu", "emulated"),
    "amd": ("amd-iommu", "emulated"),
    "virtio": ("virtio-iommu-pci", "paravirtual"),
    "smmuv3": ("smmuv3", "emulated"),
}

PANIC_MODELS: dict[str, tuple[str, str]] = {
    "isa": ("pvpanic", "emulated"),
    "pvpanic": ("pvpanic-pci", "emulated"),
    "pseries": ("panic-pseries", "paravirtual"),
    "s390": ("panic-s390", "paravirtual"),
    "hyperv": ("panic-hyperv", "paravirtual"),
}

TPM_MODELS: dict[str, str] = {
    "tpm-tis": "tpm-tis",
    "tpm-crb": "tpm-crb",
    "tpm-spapr": "tpm-spapr",
    "spapr-tpm-proxy": "spapr-tpm-proxy",
}

SHMEM_MODELS: dict[str, str] = {
    "ivshmem-plain": "ivshmem-plain",
    "ivshmem-doorbell": "ivshmem-doorbell",
}

MDEV_MODELS: dict[str, str] = {"vfio-pci": "vfio-pci", "vfio-ccw": "vfio-ccw", "vfio-ap": "vfio-ap"}

# every model id a fixed rule of this module writes (a model the XML names that hvcheck does not
# know is written as named, and listed as not mapped)
VOCABULARY: frozenset[str] = frozenset(
    [m for m, _ in NIC_MODELS.values()]
    + [m for m, _ in SCSI_MODELS.values()]
    + list(USB_MODELS.values())
    + [m for m, _ in VIDEO_MODELS.values()]
    + [m for m, _ in SERIAL_TARGETS.values()]
    + [m for m, _ in SERIAL_MODELS.values()]
    + list(SOUND_MODELS.values())
    + list(WATCHDOG_MODELS.values())
    + [m for m, _ in MEMORY_MODELS.values()]
    + [m for m, _ in IOMMU_MODELS.values()]
    + [m for m, _ in PANIC_MODELS.values()]
    + list(TPM_MODELS.values())
    + ["tpm-tis-device"]
    + list(SHMEM_MODELS.values())
    + list(MDEV_MODELS.values())
    + ["machine-serial", "isa-parallel", "xen-console", "virtio-serial", "qemu-ide", "qemu-ahci"]
    + ["isa-fdc", "usb-ccid", "usb-storage", "sd-card", "virtio-blk", "xen-blkfront"]
    + ["vfio-pci", "xen-pci-passthrough", "usb-host", "scsi-generic", "vhost-scsi-pci"]
    + ["ps2-mouse", "ps2-keyboard", "usb-tablet", "usb-kbd", "usb-mouse", "virtio-input"]
    + ["virtio-input-host-pci", "xen-vkbd", "virtio-balloon", "xen-balloon", "virtio-rng"]
    + ["virtio-vsock", "virtio-crypto-pci", "vhost-user-fs-pci", "virtio-9p", "usb-hub"]
    + ["spapr-nvram"]
)

NO_VIRTIO = re.compile(r"-(non-)?transitional$")
_UEFI_IMAGE = re.compile(r"(?i)ovmf|aavmf|edk2|efi|qemu_efi|uefi")
_BIOS_IMAGE = re.compile(r"(?i)seabios|bios|slof|openbios|vgabios")


@dataclass
class _Ctx:
    path: str
    product: str
    guest: Guest
    arch: str
    machine: str
    xen_pv: bool
    unmapped: list[str]
    doc: XmlDocument
    controllers: dict[str, ET.Element] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # the local ids of guest.devices
    counts: dict[str, int] = field(default_factory=dict)  # prefix -> devices whose id starts so

    @property
    def x86(self) -> bool:
        return self.arch in ("x86_64", "i686", "i386", "") and not self.machine.startswith(
            ("pseries", "virt", "s390")
        )

    @property
    def arm(self) -> bool:
        return self.arch in ("aarch64", "armv7l", "armv6l")

    @property
    def ppc64(self) -> bool:
        return self.arch.startswith("ppc64") or self.machine.startswith("pseries")

    @property
    def pseries(self) -> bool:
        return self.machine.startswith("pseries") or (
            self.arch.startswith("ppc64") and not self.machine
        )

    @property
    def s390(self) -> bool:
        return self.arch.startswith("s390") or self.machine.startswith("s390")

    @property
    def arm_virt(self) -> bool:
        return self.arm and (self.machine == "virt" or self.machine.startswith("virt-"))

    @property
    def riscv_virt(self) -> bool:
        return self.arch.startswith("riscv") and (
            self.machine == "virt" or self.machine.startswith("virt-")
        )

    def served(self) -> str | None:
        return "dom0" if self.product == "xen" else None

    def pos(self, el: ET.Element | None) -> SourcePos | None:
        return self.doc.pos(el)


_Handler = Callable[[ET.Element, _Ctx], None]


def _attr(el: ET.Element | None, name: str, default: str = "") -> str:
    if el is None:
        return default
    return (el.get(name) or default).strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def import_file(path: str, data: bytes) -> Imported:
    try:
        doc = parse_xml_document(data)
    except XmlRefused as exc:
        raise ImportRefused(path, f"not {TITLE}: {exc}") from None
    root = doc.root
    if root.tag != "domain":
        raise ImportRefused(
            path, f"not {TITLE}: the root element is <{_local(root.tag)}>, expected <domain>"
        )
    dtype = (root.get("type") or "").strip()
    if not dtype:
        raise ImportRefused(path, f"not {TITLE}: <domain> has no type attribute")
    product = PRODUCTS.get(dtype.lower())
    if product is None:
        raise ImportRefused(
            path,
            f"domain type '{dtype}' is not one hvcheck imports (kvm, qemu or xen); "
            "describe this host by hand",
        )
    name = _text(root.find("name"))
    guest = Guest(name=name or "guest", source=path, pos=doc.pos(root))
    if not name:
        guest.comments.append(f"the domain has no <name>; named '{guest.name}' here")
    os_el = root.find("os")
    type_el = os_el.find("type") if os_el is not None else None
    os_type = _text(type_el).lower()
    arch = _attr(type_el, "arch")
    machine = _attr(type_el, "machine")
    xen_pv = product == "xen" and os_type in ("linux", "xen", "xenpvh")
    ctx = _Ctx(path, product, guest, arch, machine, xen_pv, guest.unmapped, doc)
    _at(guest.at, "machine", ctx.pos(type_el))
    _at(guest.at, "virt_mode", ctx.pos(type_el))
    if machine:
        guest.machine = machine

    what = f"libvirt domain '{name}'" if name else "libvirt domain"
    facts = [f"type {dtype}"]
    if os_type:
        facts.append(f"os type {os_type}")
    if arch:
        facts.append(f"arch {arch}")
    if machine:
        facts.append(f"machine {machine}")
    guest.comments.insert(0, f"from {path}: {what} ({', '.join(facts)})")
    if dtype.lower() == "qemu":
        guest.comments.append(
            "domain type 'qemu' is QEMU without KVM acceleration (TCG); imported as product kvm"
        )
    if product == "xen":
        guest.virt_mode = {"linux": "pv", "xen": "pv", "xenpvh": "pvh", "hvm": "hvm"}.get(os_type)
        if guest.virt_mode is None:
            guest.unmapped.append(f"Xen <os><type> '{os_type}' (not linux, xen, xenpvh or hvm)")

    _settings(root, ctx)
    devices = root.find("devices")
    if devices is not None:
        for el in devices:
            if el.tag == "controller":
                key = f"{_attr(el, 'type').lower()}{_attr(el, 'index', '0')}"
                ctx.controllers.setdefault(key, el)
        for el in devices:
            _device(el, ctx)
    _boot(root, guest)
    if guest.os is None:
        guest.comments.append(
            "the guest OS is unknown: the domain XML names it only in libosinfo metadata, which "
            "this file does not have (add os: to the partition); whether its drivers (virtio-win "
            "on Windows) are installed is unknown too"
        )
    return Imported(
        path,
        product,
        "libvirt",
        [guest],
        parent_placeholder=product == "xen",
        text=doc.text(),
    )


def _at(table: dict[str, SourcePos], key: str, pos: SourcePos | None) -> None:
    if pos is not None:
        table[key] = pos


# --- domain-level settings -----------------------------------------------------------------------

_UNITS = {
    "b": 1,
    "bytes": 1,
    "kb": 1000,
    "k": 1024,
    "kib": 1024,
    "mb": 1000**2,
    "m": 1024**2,
    "mib": 1024**2,
    "gb": 1000**3,
    "g": 1024**3,
    "gib": 1024**3,
    "tb": 1000**4,
    "t": 1024**4,
    "tib": 1024**4,
}


def _memory_mb(el: ET.Element) -> int | None:
    number = small_int(_text(el))
    unit = (el.get("unit") or "KiB").strip().lower()
    if number is None or unit not in _UNITS:
        return None
    mib = number * _UNITS[unit] // (1024 * 1024)
    return mib if 1 <= mib <= 1 << 40 else None


def _settings(root: ET.Element, ctx: _Ctx) -> None:
    guest = ctx.guest
    other: list[str] = []
    for el in root:
        tag = _local(el.tag)
        if tag in ("name", "devices") and el.tag == tag:
            continue
        if tag == "memory" and el.tag == tag:
            mib = _memory_mb(el)
            if mib is not None:
                guest.memory_mb = mib
                _at(guest.at, "memory_mb", ctx.pos(el))
            else:
                ctx.unmapped.append(f"<memory> '{_text(el)}' {el.get('unit') or ''}".strip())
            continue
        if tag == "vcpu" and el.tag == tag:
            text = _text(el)
            count = small_int(text)
            if count is not None and 1 <= count <= 4096:
                guest.vcpus = count
                _at(guest.at, "vcpus", ctx.pos(el))
                if el.get("current"):
                    other.append(f"vcpu current={el.get('current')}")
            else:
                ctx.unmapped.append(f"<vcpu> '{text}'")
            continue
        if tag == "os" and el.tag == tag:
            _os_settings(el, ctx)
            continue
        if tag == "features" and el.tag == tag:
            _features(el, ctx)
            continue
        if tag == "metadata" and el.tag == tag:
            _metadata(el, ctx)
            continue
        other.append(tag)
    if other:
        ctx.unmapped.append("domain settings: " + ", ".join(summarize(other)))


def _loader_firmware(el: ET.Element, ctx: _Ctx) -> str | None:
    """What a ``<loader>`` holds: 'uefi', 'bios', or None when its image does not say."""
    path = _text(el)
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if _UEFI_IMAGE.search(name):
        return "uefi"
    if _BIOS_IMAGE.search(name):
        return "bios"
    if _UEFI_IMAGE.search(path):
        return "uefi"
    if not path and el.get("type") == "pflash":
        return "uefi"  # an autoselected pflash loader (firmware='efi' domains)
    return None


def _os_settings(os_el: ET.Element, ctx: _Ctx) -> None:
    guest = ctx.guest
    items: list[str] = []
    firmware = (os_el.get("firmware") or "").strip().lower()
    if firmware == "efi":
        guest.firmware = "uefi"
        _at(guest.at, "firmware", ctx.pos(os_el))
    elif firmware == "bios":
        guest.firmware = "bios"
        _at(guest.at, "firmware", ctx.pos(os_el))
    elif firmware:
        items.append(f"firmware={firmware}")
    for el in os_el:
        tag = _local(el.tag)
        if tag in ("type", "boot"):
            continue
        if tag == "loader":
            path = _text(el)
            kind = el.get("type") or "rom"
            found = _loader_firmware(el, ctx)
            if found is not None and not firmware:
                guest.firmware = found
                _at(guest.at, "firmware", ctx.pos(el))
            ctx.guest.comments.append(
                f"<loader type='{kind}'> {path or '(chosen by libvirt)'}: "
                + (
                    f"{'UEFI' if found == 'uefi' else 'BIOS'} firmware, by its image's name"
                    if found
                    else "an image whose name does not say whether it is UEFI or BIOS firmware "
                    "(firmware left unstated)"
                )
            )
            if el.get("secure") == "yes":
                guest.secure_boot = True
        elif tag == "firmware":
            for feat in el:
                if feat.get("name") == "secure-boot":
                    guest.secure_boot = feat.get("enabled") == "yes"
        elif tag in ("kernel", "initrd", "cmdline", "dtb"):
            items.append(f"{tag} (direct kernel boot)")
        else:
            items.append(tag)
    if guest.secure_boot is not None and guest.firmware is None:
        guest.firmware = "uefi"
    if items:
        ctx.unmapped.append("<os>: " + ", ".join(summarize(items)))


def _features(el: ET.Element, ctx: _Ctx) -> None:
    plain: list[str] = []
    for feat in el:
        tag = _local(feat.tag)
        if tag == "hyperv":
            parts = []
            for e in feat:
                state = e.get("state")
                extra = [f"{k}={v}" for k, v in sorted(e.attrib.items()) if k != "state"]
                label = _local(e.tag)
                if state == "off":
                    label += " off"
                if extra:
                    label += f"({', '.join(extra)})"
                parts.append(label)
            mode = feat.get("mode")
            head = f"Hyper-V enlightenments offered to the guest{f' (mode {mode})' if mode else ''}"
            ctx.unmapped.append(f"{head}: {', '.join(parts) or 'none listed'}")
        else:
            state = feat.get("state")
            plain.append(f"{tag}{' ' + state if state else ''}")
    if plain:
        ctx.unmapped.append("features: " + ", ".join(plain))


_WINDOWS = {
    "xp": "Windows XP",
    "vista": "Windows Vista",
    "7": "Windows 7",
    "8": "Windows 8",
    "8.1": "Windows 8.1",
    "10": "Windows 10",
    "11": "Windows 11",
    "2k": "Windows 2000",
    "2k3": "Windows Server 2003",
    "2k3r2": "Windows Server 2003 R2",
    "2k8": "Windows Server 2008",
    "2k8r2": "Windows Server 2008 R2",
    "2k12": "Windows Server 2012",
    "2k12r2": "Windows Server 2012 R2",
    "2k16": "Windows Server 2016",
    "2k19": "Windows Server 2019",
    "2k22": "Windows Server 2022",
    "2k25": "Windows Server 2025",
}
_LINUX = {
    "ubuntu": "Ubuntu",
    "debian": "Debian",
    "fedora": "Fedora",
    "rhel": "Red Hat Enterprise Linux",
    "centos": "CentOS",
    "centos-stream": "CentOS Stream",
    "sles": "SUSE Linux Enterprise Server",
    "opensuse": "openSUSE",
    "alpinelinux": "Alpine Linux",
    "alpine": "Alpine Linux",
    "archlinux": "Arch Linux",
    "rocky": "Rocky Linux",
    "almalinux": "AlmaLinux",
    "ol": "Oracle Linux",
}


def libosinfo_os(os_id: str) -> tuple[str, str, str | None] | None:
    """(family, name, version) of a libosinfo id such as http://ubuntu.com/ubuntu/22.04."""
    m = re.fullmatch(r"https?://([^/]+)/([^/]+)(?:/([^/]+))?/?", os_id.strip())
    if m is None:
        return None
    domain, distro, version = m.group(1), m.group(2).lower(), m.group(3)
    if domain.endswith("microsoft.com") and distro == "win" and version:
        name = _WINDOWS.get(version.lower())
        return ("windows", name, None) if name else ("windows", f"Windows {version}", None)
    if distro == "freebsd":
        return ("freebsd", "FreeBSD", version)
    if distro in _LINUX:
        return ("linux", _LINUX[distro], version)
    return None


def _metadata(el: ET.Element, ctx: _Ctx) -> None:
    other: list[str] = []
    for child in el:
        if _local(child.tag) == "libosinfo":
            os_el = next((c for c in child if _local(c.tag) == "os"), None)
            os_id = os_el.get("id", "") if os_el is not None else ""
            found = libosinfo_os(os_id)
            if found is None:
                ctx.unmapped.append(f"libosinfo os id '{os_id}' (no OS mapping known)")
                continue
            family, name, version = found
            ctx.guest.os = OsInfo(
                family, name[:256], version[:64] if version else None, arch_of(ctx.arch)
            )
            _at(ctx.guest.at, "os", ctx.pos(os_el))
            if ctx.arch and arch_of(ctx.arch) is None:
                ctx.unmapped.append(
                    f"guest arch '{ctx.arch}' (the host format knows x86, x64, arm64)"
                )
        else:
            other.append(_local(child.tag))
    if other:
        ctx.unmapped.append("metadata: " + ", ".join(summarize(other)))


# --- devices -------------------------------------------------------------------------------------


def _add(
    ctx: _Ctx, dev: VDev, el: ET.Element | None = None, model_el: ET.Element | None = None
) -> None:
    base = sanitize_id(dev.local, "dev", 40)
    local, n = base, 2
    while local in ctx.taken:
        local = f"{base}-{n}"
        n += 1
    dev.local = local
    if dev.pos is None:
        dev.pos = ctx.pos(el)
    _at(dev.at, "model", ctx.pos(model_el))
    ctx.guest.devices.append(dev)
    ctx.taken.add(local)
    for prefix in ctx.counts:
        if local.startswith(prefix):
            ctx.counts[prefix] += 1


def _count(ctx: _Ctx, prefix: str) -> int:
    """How many devices so far have a local id starting with ``prefix`` (kept up to date by
    ``_add`` once asked, so that numbering N devices stays linear)."""
    if prefix not in ctx.counts:
        ctx.counts[prefix] = sum(1 for d in ctx.guest.devices if d.local.startswith(prefix))
    return ctx.counts[prefix]


def _boot_order(el: ET.Element) -> int | None:
    return small_int(_attr(el.find("boot"), "order"))


def _device(el: ET.Element, ctx: _Ctx) -> None:
    tag = _local(el.tag)
    handler = _HANDLERS.get(tag) if el.tag == tag else None
    if handler is None:
        ctx.unmapped.append(_describe(el))
        return
    handler(el, ctx)


def _describe(el: ET.Element) -> str:
    tag = _local(el.tag)
    if tag == "emulator":
        return f"<emulator> {_text(el)}"
    kind = el.get("type") or el.get("model")
    return f"<{tag} type='{kind}'>" if kind else f"<{tag}>"


def _unknown_model(ctx: _Ctx, what: str, raw: str) -> str:
    model = sanitize_id(raw, "unknown")
    ctx.unmapped.append(
        f"{what} '{raw}' is not one hvcheck knows: written as model '{model}', mode 'emulated' "
        "(assumed)"
    )
    return model


def _interface(el: ET.Element, ctx: _Ctx) -> None:
    itype = _attr(el, "type", "?")
    local = f"net{_count(ctx, 'net')}"
    source = el.find("source")
    where = ""
    if source is not None:
        for key in ("network", "bridge", "dev", "path"):
            if source.get(key):
                where = f", {key} {source.get(key)}"
                break
    note = f"<interface type='{itype}'>{where}"
    order = _boot_order(el)
    if itype == "hostdev":
        dev = _passthrough_pci(source, ctx, "nic", local, note + ": SR-IOV/NIC assignment")
        dev.boot = order == 1
        _add(ctx, dev, el)
        return
    model_el = el.find("model")
    raw = _attr(model_el, "type").lower()
    if not raw:
        if itype in ("vhostuser", "vdpa"):
            model, mode, why = "virtio-net", "paravirtual", f"libvirt's model for type {itype}"
        else:
            model, mode, why = _default_nic(ctx)
        note += f"; no <model>: {why}"
    elif raw in NIC_MODELS:
        model, mode = NIC_MODELS[raw]
    else:
        model, mode = _unknown_model(ctx, "interface model", raw), "emulated"
    if ctx.product == "xen" and mode == "emulated":
        note += "; HVM ioemu NIC: also offered as a PV netfront device"
    if itype == "vhostuser" and model == "virtio-net":
        note += " (vhost-user backend)"
    served = _backend(el, ctx)
    _add(
        ctx,
        VDev(local, "nic", model, mode, served_by=served, boot=order == 1, note=note),
        el,
        model_el,
    )


def _default_nic(ctx: _Ctx) -> tuple[str, str, str]:
    """libvirt 9.0's default NIC model (qemuDomainDefaultNetModel)."""
    if ctx.product == "xen":
        if ctx.xen_pv:
            return "xen-netfront", "paravirtual", "a PV guest's NIC is netfront"
        return "qemu-rtl8139", "emulated", "xl's default for HVM (type=ioemu, model rtl8139)"
    arch, machine = ctx.arch or "x86", ctx.machine
    if ctx.s390:
        return "virtio-net", "paravirtual", f"libvirt's default for {arch} (virtio)"
    if ctx.arm:
        if machine == "versatilepb":
            return "smc91c111", "emulated", "libvirt's default for versatilepb (smc91c111)"
        if ctx.arm_virt:
            return "virtio-net", "paravirtual", f"libvirt's default for {arch} virt (virtio)"
        return "lan9118", "emulated", f"libvirt's default for {arch} {machine} (lan9118)"
    if ctx.riscv_virt:
        return "virtio-net", "paravirtual", f"libvirt's default for {arch} virt (virtio)"
    return "qemu-rtl8139", "emulated", f"libvirt's default for {arch} (rtl8139)"


def _backend(el: ET.Element, ctx: _Ctx) -> str | None:
    backend = el.find("backenddomain")
    name = _attr(backend, "name")
    if name and ctx.product == "xen" and name not in ("0", "Domain-0", "dom0"):
        return name
    return ctx.served()


_DEV_BUS = (("xvd", "xen"), ("hd", "ide"), ("sd", "scsi"), ("vd", "virtio"), ("fd", "fdc"))


def _disk(el: ET.Element, ctx: _Ctx) -> None:
    device = _attr(el, "device", "disk").lower()
    kind = {"cdrom": "cdrom", "floppy": "floppy"}.get(device, "disk")
    target = el.find("target")
    dev_name = _attr(target, "dev")
    bus = _attr(target, "bus").lower()
    if not bus:
        bus = next((b for p, b in _DEV_BUS if dev_name.startswith(p)), "")
    local = dev_name or f"disk{_count(ctx, 'disk')}"
    note = f"<disk device='{device}'> bus {bus or '?'}"
    if device == "lun":
        note += " (SCSI LUN pass-through of the source)"
    order = _boot_order(el)
    addr = el.find("address")
    drive = _attr(addr, "type") == "drive"
    controller = _attr(addr, "controller", "0") if drive else "0"
    unit = small_int(_attr(addr, "unit")) if drive else None
    ctl_local: str | None = None
    served = _backend(el, ctx)
    if bus == "virtio":
        model, mode = "virtio-blk", "paravirtual"
    elif bus == "xen":
        model, mode = "xen-blkfront", "paravirtual"
    elif bus in ("ide", "sata", "scsi", "fdc", "usb"):
        ctl = _find_controller(ctx, bus, controller)
        if bus == "scsi":
            model, mode = _scsi_model(ctx, ctl)
        elif bus == "ide":
            model, mode = "qemu-ide", "emulated"
        elif bus == "sata":
            model, mode = "qemu-ahci", "emulated"
        elif bus == "fdc":
            model, mode = "isa-fdc", "emulated"
        else:
            model, mode = "usb-storage", "emulated"
        if ctl is not None:
            ctl_local = f"{bus}{controller}"
        if ctx.product == "xen" and bus == "ide" and kind == "disk":
            note += "; HVM emulated disk: also offered as a PV blkfront device"
    elif bus == "sd":
        model, mode = "sd-card", "emulated"
    else:
        model, mode = sanitize_id(bus or "unknown-bus", "unknown-bus"), "emulated"
        ctx.unmapped.append(
            f"disk '{local}' on bus '{bus or '?'}': bus not known to hvcheck; written as model "
            f"'{model}', mode 'emulated' (assumed)"
        )
    dev = VDev(
        local,
        kind,
        model,
        mode,
        served_by=served,
        controller_local=ctl_local,
        boot=order == 1,
        bus=bus if bus in _BUSES else None,
        unit=unit if unit is not None and unit <= 255 else None,
        media=_media(el, kind),
        note=note,
    )
    for key, part in (
        ("bus", target),
        ("unit", addr),
        ("controller", addr),
        ("media", el.find("source")),
    ):
        _at(dev.at, key, ctx.pos(part))
    _add(ctx, dev, el, target)


_BUSES = frozenset({"ide", "scsi", "sata", "virtio", "xen", "usb", "fdc"})
_FORMATS = {
    "raw": "raw",
    "qcow2": "qcow2",
    "vmdk": "vmdk",
    "vpc": "vhd",
    "vhd": "vhd",
    "vhdx": "vhdx",
}


def _media(el: ET.Element, kind: str) -> str | None:
    """What backs a disk: an ISO image, a host block device, or an image format."""
    source = el.find("source")
    path = _attr(source, "file") or _attr(source, "dev")
    if kind == "cdrom" and path.lower().endswith(".iso"):
        return "iso"
    if _attr(el, "type") == "block" or (kind == "cdrom" and path.startswith("/dev/")):
        return "physical"
    return _FORMATS.get(_attr(el.find("driver"), "type").lower())


def _find_controller(ctx: _Ctx, bus: str, index: str) -> ET.Element | None:
    return ctx.controllers.get(f"{bus}{index}")


def _scsi_model(ctx: _Ctx, ctl: ET.Element | None) -> tuple[str, str]:
    raw = _attr(ctl, "model").lower()
    if raw in SCSI_MODELS:
        return SCSI_MODELS[raw]
    if raw and raw not in ("auto", "default"):
        return _unknown_model(ctx, "SCSI controller model", raw), "emulated"
    # libvirt's default SCSI controller (qemuDomainGetSCSIControllerModel)
    if ctx.pseries:
        return SCSI_MODELS["ibmvscsi"]
    if ctx.s390:
        return SCSI_MODELS["virtio-scsi"]
    return SCSI_MODELS["lsilogic"]


def _usb_default(ctx: _Ctx, el: ET.Element) -> str | None:
    """libvirt 9.0's model for a USB controller without one (qemuDomainControllerDefPostParse);
    None for 'none'."""
    if ctx.s390:
        return None if el.find("address") is None else "piix3-usb-uhci"
    if ctx.ppc64 or ctx.arch == "aarch64":
        return "qemu-xhci"
    return "piix3-usb-uhci"


def _controller(el: ET.Element, ctx: _Ctx) -> None:
    ctype = _attr(el, "type", "?").lower()
    index = _attr(el, "index", "0")
    model_raw = _attr(el, "model").lower()
    local = f"{ctype}{index}"
    note = f"<controller type='{ctype}' index='{index}'" + (
        f" model='{model_raw}'>" if model_raw else ">"
    )
    if ctype == "scsi":
        model, mode = _scsi_model(ctx, el)
        kind = "storage"
        if not model_raw:
            note += " (libvirt's default SCSI controller for the machine)"
    elif ctype == "ide":
        model, mode, kind = "qemu-ide", "emulated", "storage"
    elif ctype == "sata":
        model, mode, kind = "qemu-ahci", "emulated", "storage"
    elif ctype == "fdc":
        model, mode, kind = "isa-fdc", "emulated", "storage"
    elif ctype == "usb":
        if model_raw == "none":
            ctx.unmapped.append("<controller type='usb' model='none'> (the guest has no USB)")
            return
        if not model_raw:
            found = _usb_default(ctx, el)
            if found is None:
                ctx.unmapped.append(
                    "<controller type='usb'> without a model on s390: libvirt makes it 'none' "
                    "(the guest has no USB)"
                )
                return
            model = found
            note += " (libvirt's default USB controller for the machine)"
        elif model_raw in USB_MODELS:
            model = USB_MODELS[model_raw]
        else:
            model = _unknown_model(ctx, "USB controller model", model_raw)
        mode, kind = "emulated", "usb"
    elif ctype == "virtio-serial":
        model, mode, kind = "virtio-serial", "paravirtual", "serial"
    elif ctype == "ccid":
        model, mode, kind = "usb-ccid", "emulated", "usb"
    else:
        # pci roots, bridges and ports, xenbus, isa: bus topology, not a device a guest drives
        ctx.unmapped.append(f"<controller type='{ctype}'> (bus topology)")
        return
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note), el, el)


def _passthrough_pci(
    source: ET.Element | None, ctx: _Ctx, kind: str, local: str, note: str
) -> VDev:
    model = "xen-pci-passthrough" if ctx.product == "xen" else "vfio-pci"
    addr = source.find("address") if source is not None else None
    address = None
    if addr is not None:
        parts = [_attr(addr, k, "0") for k in ("domain", "bus", "slot", "function")]
        try:
            dom, bus, slot, func = (int(p, 0) if len(p) <= 10 else -1 for p in parts)
        except ValueError:
            dom = bus = slot = func = -1
        if min(dom, bus, slot, func) >= 0 and func <= 7:
            address = pci_address(f"{dom:x}:{bus:x}:{slot:x}.{func}")
    dev = VDev(local, kind, model, "passthrough", note=note)
    _at(dev.at, "backed_by", ctx.pos(addr))
    if address is None:
        ctx.unmapped.append(f"{note}: the host PCI address is missing or invalid")
        return dev
    pid = pci_device_id(address)
    cls = "network" if kind == "nic" else "other"
    ctx.guest.host_devices.append(
        PDev(
            pid,
            cls,
            address=address,
            note=f"placeholder: passed through to '{ctx.guest.name}'; "
            "the domain XML names only its address",
            pos=ctx.pos(addr),
        )
    )
    dev.backed_by = pid
    dev.note = f"{note}, host {address}"
    return dev


def _hostdev(el: ET.Element, ctx: _Ctx) -> None:
    mode = _attr(el, "mode", "subsystem")
    htype = _attr(el, "type", "?").lower()
    if mode != "subsystem":
        ctx.unmapped.append(f"<hostdev mode='{mode}' type='{htype}'> (container device)")
        return
    source = el.find("source")
    order = _boot_order(el)
    local = f"hostdev{_count(ctx, 'hostdev')}"
    note = f"<hostdev type='{htype}'>"
    if htype == "pci":
        dev = _passthrough_pci(source, ctx, "pci", local, note)
    elif htype == "usb":
        vendor = _attr(source.find("vendor") if source is not None else None, "id")
        product = _attr(source.find("product") if source is not None else None, "id")
        addr = source.find("address") if source is not None else None
        dev = VDev(local, "usb", "usb-host", "passthrough", note=note)
        ident = ""
        if vendor and product:
            ident = f"usb-{vendor.lower().removeprefix('0x')}-{product.lower().removeprefix('0x')}"
            dev.note += f" {vendor}:{product}"
        elif addr is not None:
            ident = f"usb-bus{_attr(addr, 'bus')}-dev{_attr(addr, 'device')}"
        if ident:
            pid = sanitize_id(ident, "usb-device")
            ctx.guest.host_devices.append(
                PDev(
                    pid,
                    "usb",
                    note=f"placeholder: USB device passed through to '{ctx.guest.name}'",
                    pos=ctx.pos(source),
                )
            )
            dev.backed_by = pid
    elif htype == "scsi":
        dev = VDev(local, "storage", "scsi-generic", "passthrough", note=note)
        adapter = source.find("adapter") if source is not None else None
        addr = source.find("address") if source is not None else None
        if _attr(source, "protocol") == "iscsi":
            host = source.find("host") if source is not None else None
            dev.note += f" iSCSI {_attr(host, 'name')} (a remote LUN, no host device)"
        elif adapter is not None:
            pid = sanitize_id(
                f"scsi-{_attr(adapter, 'name')}-{_attr(addr, 'bus')}:{_attr(addr, 'target')}:"
                f"{_attr(addr, 'unit')}",
                "scsi-device",
            )
            ctx.guest.host_devices.append(
                PDev(
                    pid,
                    "storage",
                    note=f"placeholder: SCSI device passed to '{ctx.guest.name}'",
                    pos=ctx.pos(source),
                )
            )
            dev.backed_by = pid
    elif htype == "scsi_host":
        wwpn = _attr(source, "wwpn")
        dev = VDev(local, "storage", "vhost-scsi-pci", "passthrough", note=f"{note} wwpn {wwpn}")
    elif htype == "mdev":
        raw = _attr(el, "model").lower()
        model = MDEV_MODELS.get(raw) or _unknown_model(ctx, "mediated device model", raw or "?")
        dev = VDev(
            local,
            "pci",
            model,
            "passthrough",
            note=f"{note} model {raw}: a mediated device (a share of a host device the domain "
            "XML does not name)",
        )
    else:
        ctx.unmapped.append(f"<hostdev type='{htype}'>")
        return
    dev.boot = order == 1
    _add(ctx, dev, el)


def _default_video(ctx: _Ctx) -> tuple[str, str]:
    """libvirt 9.0's video model when none is given (qemuDomainDefaultVideoDevice)."""
    if ctx.ppc64:
        return VIDEO_MODELS["vga"]
    if ctx.arm_virt or ctx.riscv_virt or ctx.s390:
        return VIDEO_MODELS["virtio"]
    return VIDEO_MODELS["cirrus"]


def _video(el: ET.Element, ctx: _Ctx) -> None:
    model_el = el.find("model")
    raw = _attr(model_el, "type").lower()
    local = f"video{_count(ctx, 'video')}"
    if raw == "none":
        ctx.unmapped.append("<video model='none'> (no video device)")
        return
    if raw in VIDEO_MODELS:
        model, mode = VIDEO_MODELS[raw]
        note = f"<video model='{raw}'>"
    elif not raw:
        if ctx.product == "xen" and ctx.xen_pv:
            model, mode = VIDEO_MODELS["xen"]
        else:
            model, mode = _default_video(ctx)
        note = "<video> without a model: libvirt's default for the machine"
    else:
        model, mode, note = (
            _unknown_model(ctx, "video model", raw),
            "emulated",
            f"<video model='{raw}'>",
        )
    _add(ctx, VDev(local, "video", model, mode, served_by=ctx.served(), note=note), el, model_el)


def _input(el: ET.Element, ctx: _Ctx) -> None:
    itype = _attr(el, "type", "?").lower()
    bus = _attr(el, "bus").lower()
    if itype == "evdev" or (itype == "passthrough" and bus not in ("virtio", "")):
        ctx.unmapped.append(f"<input type='{itype}'> (host input forwarded into the guest)")
        return
    kind = {"keyboard": "keyboard", "mouse": "mouse", "tablet": "mouse"}.get(itype, "other")
    if not bus:
        # libvirt: a tablet is a USB device; mouse and keyboard are PS/2 on x86, USB elsewhere;
        # a Xen PV guest's are its PV keyboard and mouse
        if ctx.product == "xen" and ctx.xen_pv:
            bus = "xen"
        elif itype == "passthrough":
            bus = "virtio"
        elif itype in ("mouse", "keyboard") and ctx.x86:
            bus = "ps2"
        else:
            bus = "usb"
    if bus == "virtio":
        if itype == "passthrough":
            model, mode = "virtio-input-host-pci", "paravirtual"
        else:
            model, mode = "virtio-input", "paravirtual"
    elif bus == "xen":
        model, mode = "xen-vkbd", "paravirtual"
    elif bus == "ps2":
        model, mode = f"ps2-{'keyboard' if itype == 'keyboard' else 'mouse'}", "emulated"
    elif bus == "usb":
        model, mode = (
            {"keyboard": "usb-kbd", "tablet": "usb-tablet"}.get(itype, "usb-mouse"),
            "emulated",
        )
    else:
        model, mode = f"{bus}-{itype}", "emulated"
        ctx.unmapped.append(f"<input type='{itype}' bus='{bus}'>: bus not known; mode assumed")
    local = f"input{_count(ctx, 'input')}"
    note = f"<input type='{itype}' bus='{bus}'>"
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note), el)


def _sound(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model", "unknown").lower()
    local = f"sound{_count(ctx, 'sound')}"
    note = f"<sound model='{raw}'>"
    model = SOUND_MODELS.get(raw) or _unknown_model(ctx, "sound model", raw)
    _add(ctx, VDev(local, "sound", model, "emulated", served_by=ctx.served(), note=note), el)


def _serial_default(ctx: _Ctx, el: ET.Element) -> tuple[str, str, str]:
    """(model, mode, target type) libvirt gives a serial port without a target type."""
    if _attr(el.find("address"), "type") == "spapr-vio":
        return "spapr-vty", "paravirtual", "spapr-vio-serial"
    if ctx.product == "xen" and ctx.xen_pv:
        return "xen-console", "paravirtual", "xen"
    if ctx.x86:
        return "isa-serial", "emulated", "isa-serial"
    if ctx.pseries:
        return "spapr-vty", "paravirtual", "spapr-vio-serial"
    if ctx.arm_virt:
        return "pl011", "emulated", "system-serial"
    if ctx.riscv_virt:
        return "16550a", "emulated", "system-serial"
    if ctx.s390:
        return "sclpconsole", "paravirtual", "sclp-serial"
    return "machine-serial", "emulated", "the machine's own"


def _serial(el: ET.Element, ctx: _Ctx, kind: str = "serial") -> None:
    tag = _local(el.tag)
    target = el.find("target")
    ttype = _attr(target, "type").lower()
    model_el = target.find("model") if target is not None else None
    model_name = _attr(model_el, "name").lower()
    local = f"{tag}{_count(ctx, tag)}"
    note = f"<{tag} type='{_attr(el, 'type', '?')}'>" + (f" target {ttype}" if ttype else "")
    if kind == "parallel":
        model, mode = "isa-parallel", "emulated"
    elif model_name:
        if model_name in SERIAL_MODELS:
            model, mode = SERIAL_MODELS[model_name]
        else:
            model, mode = _unknown_model(ctx, "serial target model", model_name), "emulated"
    elif ttype == "system-serial":
        model, mode = ("16550a", "emulated") if ctx.riscv_virt else ("pl011", "emulated")
    elif ttype in SERIAL_TARGETS and not (ttype == "isa-serial" and not ctx.x86):
        model, mode = SERIAL_TARGETS[ttype]
    else:
        # no target type (or isa-serial, which libvirt reads as the default): the machine's own
        model, mode, picked = _serial_default(ctx, el)
        note += f"; libvirt's default for the machine ({picked})"
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note), el, model_el)


def _parallel(el: ET.Element, ctx: _Ctx) -> None:
    _serial(el, ctx, "parallel")


def _console(el: ET.Element, ctx: _Ctx) -> None:
    ttype = _attr(el.find("target"), "type").lower()
    models = {
        "virtio": ("virtio-serial", "<console> target virtio (a port of a virtio-serial device)"),
        "xen": ("xen-console", "<console> target xen"),
        "sclp": ("sclpconsole", "<console> target sclp"),
        "sclplm": ("sclplmconsole", "<console> target sclplm"),
    }
    if ttype in models:
        model, note = models[ttype]
        local = f"console{_count(ctx, 'console')}"
        served = None if ttype == "virtio" else ctx.served()
        _add(ctx, VDev(local, "serial", model, "paravirtual", served_by=served, note=note), el)
    else:
        ctx.unmapped.append(f"<console> target {ttype or 'serial'} (the guest's first serial port)")


def _memballoon(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model").lower()
    if raw == "none" or not raw:
        ctx.unmapped.append("<memballoon model='none'> (no balloon device)")
        return
    if NO_VIRTIO.sub("", raw) == "virtio":
        model, mode = "virtio-balloon", "paravirtual"
    elif raw == "xen":
        model, mode = "xen-balloon", "paravirtual"
    else:
        model, mode = _unknown_model(ctx, "memballoon model", raw), "emulated"
    local = f"balloon{_count(ctx, 'balloon')}"
    _add(
        ctx,
        VDev(
            local, "other", model, mode, served_by=ctx.served(), note=f"<memballoon model='{raw}'>"
        ),
        el,
    )


def _virtio_other(tag: str, model: str, local_prefix: str) -> _Handler:
    def handler(el: ET.Element, ctx: _Ctx) -> None:
        raw = _attr(el, "model").lower()
        if raw and NO_VIRTIO.sub("", raw) != "virtio":
            ctx.unmapped.append(f"<{tag} model='{raw}'>")
            return
        local = f"{local_prefix}{_count(ctx, local_prefix)}"
        _add(ctx, VDev(local, "other", model, "paravirtual", note=f"<{tag}>"), el)

    return handler


def _filesystem(el: ET.Element, ctx: _Ctx) -> None:
    driver = _attr(el.find("driver"), "type").lower()
    model = "vhost-user-fs-pci" if driver == "virtiofs" else "virtio-9p"
    local = f"fs{_count(ctx, 'fs')}"
    target = _attr(el.find("target"), "dir")
    note = f"<filesystem type='{_attr(el, 'type', 'mount')}'> driver {driver or 'default'}"
    if target:
        note += f", tag {target}"
    _add(ctx, VDev(local, "other", model, "paravirtual", note=note), el)


def _watchdog(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model").lower()
    local = f"watchdog{_count(ctx, 'watchdog')}"
    model = WATCHDOG_MODELS.get(raw) or _unknown_model(ctx, "watchdog model", raw or "?")
    _add(ctx, VDev(local, "other", model, "emulated", note=f"<watchdog model='{raw}'>"), el)


def _tpm(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model").lower()
    if not raw:  # qemuDomainTPMDefPostParse
        raw = "tpm-spapr" if ctx.ppc64 else "tpm-tis"
    model = TPM_MODELS.get(raw) or _unknown_model(ctx, "TPM model", raw)
    if model == "tpm-tis" and ctx.arm:
        model = "tpm-tis-device"  # libvirt's tpm-tis on ARM is QEMU's sysbus tpm-tis-device
    backend = _attr(el.find("backend"), "type")
    note = f"<tpm model='{raw}'> backend {backend or '?'}"
    mode = "emulated"
    if backend == "passthrough":
        mode = "passthrough"
        note += " (the host's TPM)"
    local = f"tpm{_count(ctx, 'tpm')}"
    _add(ctx, VDev(local, "other", model, mode, note=note), el)


def _panic(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model").lower()
    if not raw:  # qemuDomainDevicePanicDefPostParse
        raw = "pseries" if ctx.pseries else ("s390" if ctx.s390 else "isa")
        note = f"<panic> without a model: libvirt's default for the machine ({raw})"
    else:
        note = f"<panic model='{raw}'>"
    if raw in PANIC_MODELS:
        model, mode = PANIC_MODELS[raw]
    else:
        model, mode = _unknown_model(ctx, "panic model", raw), "emulated"
    local = f"panic{_count(ctx, 'panic')}"
    _add(ctx, VDev(local, "other", model, mode, note=note), el)


def _iommu(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model").lower()
    if raw in IOMMU_MODELS:
        model, mode = IOMMU_MODELS[raw]
    else:
        model, mode = _unknown_model(ctx, "IOMMU model", raw or "?"), "emulated"
    local = f"iommu{_count(ctx, 'iommu')}"
    _add(ctx, VDev(local, "other", model, mode, note=f"<iommu model='{raw}'>"), el)


def _nvram(el: ET.Element, ctx: _Ctx) -> None:
    local = f"nvram{_count(ctx, 'nvram')}"
    _add(ctx, VDev(local, "other", "spapr-nvram", "emulated", note="<nvram> (pSeries NVRAM)"), el)


def _hub(el: ET.Element, ctx: _Ctx) -> None:
    local = f"hub{_count(ctx, 'hub')}"
    _add(ctx, VDev(local, "usb", "usb-hub", "emulated", note="<hub type='usb'>"), el)


def _smartcard(el: ET.Element, ctx: _Ctx) -> None:
    local = f"smartcard{_count(ctx, 'smartcard')}"
    mode = _attr(el, "mode", "?")
    _add(ctx, VDev(local, "usb", "usb-ccid", "emulated", note=f"<smartcard mode='{mode}'>"), el)


def _memory_device(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model", "dimm").lower()
    if raw in MEMORY_MODELS:
        model, mode = MEMORY_MODELS[raw]
    else:
        model, mode = _unknown_model(ctx, "memory device model", raw), "emulated"
    local = f"memory{_count(ctx, 'memory')}"
    _add(ctx, VDev(local, "other", model, mode, note=f"<memory model='{raw}'>"), el)


def _shmem(el: ET.Element, ctx: _Ctx) -> None:
    model_el = el.find("model")
    raw = _attr(model_el, "type", "ivshmem").lower()
    if raw == "ivshmem":
        model = raw
        ctx.unmapped.append(
            "<shmem> model ivshmem: QEMU's legacy ivshmem device, which none of QEMU 5.2 to 11.1 "
            "has (ivshmem-plain and ivshmem-doorbell replace it); written as model 'ivshmem'"
        )
    else:
        model = SHMEM_MODELS.get(raw) or _unknown_model(ctx, "shmem model", raw)
    local = f"shmem{_count(ctx, 'shmem')}"
    _add(ctx, VDev(local, "other", model, "emulated", note=f"<shmem> model {raw}"), el, model_el)


_HANDLERS: dict[str, _Handler] = {
    "interface": _interface,
    "disk": _disk,
    "controller": _controller,
    "hostdev": _hostdev,
    "video": _video,
    "input": _input,
    "sound": _sound,
    "serial": _serial,
    "parallel": _parallel,
    "console": _console,
    "memballoon": _memballoon,
    "rng": _virtio_other("rng", "virtio-rng", "rng"),
    "vsock": _virtio_other("vsock", "virtio-vsock", "vsock"),
    "crypto": _virtio_other("crypto", "virtio-crypto-pci", "crypto"),
    "filesystem": _filesystem,
    "watchdog": _watchdog,
    "tpm": _tpm,
    "panic": _panic,
    "iommu": _iommu,
    "nvram": _nvram,
    "hub": _hub,
    "smartcard": _smartcard,
    "memory": _memory_device,
    "shmem": _shmem,
}


def _boot(root: ET.Element, guest: Guest) -> None:
    """Mark the first boot device: ``<os><boot dev=…>`` order when no device has a boot order."""
    if any(d.boot for d in guest.devices):
        return
    os_el = root.find("os")
    if os_el is None:
        return
    kinds = {"hd": "disk", "cdrom": "cdrom", "network": "nic", "fd": "floppy"}
    for boot in os_el.findall("boot"):
        kind = kinds.get(_attr(boot, "dev"))
        first = next((d for d in guest.devices if d.kind == kind), None)
        if first is not None:
            first.boot = True
            return
