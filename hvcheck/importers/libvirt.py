"""libvirt domain XML (``virsh dumpxml``) -> a KVM or Xen child partition and its virtual devices.

``<domain type='kvm'>`` and ``type='qemu'`` (QEMU without KVM acceleration) become product ``kvm``;
``type='xen'`` becomes ``xen``. Every child of ``<devices>`` becomes a virtual device or is listed as
not mapped; so is every other element of the domain that the host format has no field for.
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
    VDev,
    arch_of,
    pci_address,
    pci_device_id,
    sanitize_id,
    small_int,
    summarize,
)
from hvcheck.importers._xml import XmlRefused, parse_xml

TITLE = "libvirt domain XML"
"""What the source format is, for messages and provenance comments."""
SCOPE = "guest"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


PRODUCTS = {"kvm": "kvm", "qemu": "kvm", "xen": "xen"}

# <interface><model type=…/> -> (model id, mode). Ids in the catalog: virtio-net, qemu-e1000,
# qemu-e1000e, qemu-rtl8139, qemu-vmxnet3, xen-netfront; the others are QEMU names kept as they are.
NIC_MODELS: dict[str, tuple[str, str]] = {
    "virtio": ("virtio-net", "paravirtual"),
    "virtio-transitional": ("virtio-net", "paravirtual"),
    "virtio-non-transitional": ("virtio-net", "paravirtual"),
    "virtio-net": ("virtio-net", "paravirtual"),
    "e1000": ("qemu-e1000", "emulated"),
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
    "e1000-82540em": ("qemu-e1000", "emulated"),
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
    "vmpvscsi": ("qemu-pvscsi", "paravirtual"),
    "ibmvscsi": ("ibmvscsi", "paravirtual"),
    "ncr53c90": ("ncr53c90", "emulated"),
    "am53c974": ("am53c974", "emulated"),
    "dc390": ("dc390", "emulated"),
    "buslogic": ("buslogic", "emulated"),
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
    "gop": ("gop", "emulated"),
}

SERIAL_TARGETS: dict[str, tuple[str, str]] = {
    "isa-serial": ("isa-serial", "emulated"),
    "usb-serial": ("usb-serial", "emulated"),
    "pci-serial": ("pci-serial", "emulated"),
    "spapr-vio-serial": ("spapr-vty", "paravirtual"),
    "system-serial": ("pl011", "emulated"),
    "sclp-serial": ("sclpconsole", "paravirtual"),
    "isa-debug": ("isa-debugcon", "emulated"),
}

NO_VIRTIO = re.compile(r"-(non-)?transitional$")


@dataclass
class _Ctx:
    path: str
    product: str
    guest: Guest
    arch: str
    machine: str
    xen_pv: bool
    unmapped: list[str]
    controllers: dict[str, ET.Element] = field(default_factory=dict)

    @property
    def x86(self) -> bool:
        return self.arch in ("x86_64", "i686", "i386", "")

    def served(self) -> str | None:
        return "dom0" if self.product == "xen" else None


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
        root = parse_xml(data)
    except XmlRefused as exc:
        raise ImportRefused(path, f"not {TITLE}: {exc}") from None
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
    guest = Guest(name=name or "guest", source=path)
    if not name:
        guest.comments.append(f"the domain has no <name>; named '{guest.name}' here")
    os_el = root.find("os")
    type_el = os_el.find("type") if os_el is not None else None
    os_type = _text(type_el).lower()
    arch = _attr(type_el, "arch")
    machine = _attr(type_el, "machine")
    xen_pv = product == "xen" and os_type in ("linux", "xen", "xenpvh")
    ctx = _Ctx(path, product, guest, arch, machine, xen_pv, guest.unmapped)
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
    return Imported(path, product, "libvirt", [guest], parent_placeholder=product == "xen")


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
            else:
                ctx.unmapped.append(f"<memory> '{_text(el)}' {el.get('unit') or ''}".strip())
            continue
        if tag == "vcpu" and el.tag == tag:
            text = _text(el)
            count = small_int(text)
            if count is not None and 1 <= count <= 4096:
                guest.vcpus = count
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


def _os_settings(os_el: ET.Element, ctx: _Ctx) -> None:
    guest = ctx.guest
    items: list[str] = []
    firmware = (os_el.get("firmware") or "").strip().lower()
    if firmware == "efi":
        guest.firmware = "uefi"
    elif firmware == "bios":
        guest.firmware = "bios"
    elif firmware:
        items.append(f"firmware={firmware}")
    for el in os_el:
        tag = _local(el.tag)
        if tag in ("type", "boot"):
            continue
        if tag == "loader":
            path = _text(el)
            if el.get("type") == "pflash" or re.search(r"(?i)ovmf|aavmf|edk2|efi", path):
                guest.firmware = "uefi"
            elif el.get("type") == "rom" and path:
                items.append(f"loader rom {path}")
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
            if ctx.arch and arch_of(ctx.arch) is None:
                ctx.unmapped.append(
                    f"guest arch '{ctx.arch}' (the host format knows x86, x64, arm64)"
                )
        else:
            other.append(_local(child.tag))
    if other:
        ctx.unmapped.append("metadata: " + ", ".join(summarize(other)))


# --- devices -------------------------------------------------------------------------------------


def _add(ctx: _Ctx, dev: VDev) -> None:
    taken = {d.local for d in ctx.guest.devices}
    base = sanitize_id(dev.local, "dev", 40)
    local, n = base, 2
    while local in taken:
        local = f"{base}-{n}"
        n += 1
    dev.local = local
    ctx.guest.devices.append(dev)


def _count(ctx: _Ctx, prefix: str) -> int:
    return sum(1 for d in ctx.guest.devices if d.local.startswith(prefix))


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
        _add(ctx, dev)
        return
    model_el = el.find("model")
    raw = _attr(model_el, "type").lower()
    if not raw:
        model, mode, why = _default_nic(ctx)
        note += f"; no <model>: {why}"
    elif raw in NIC_MODELS:
        model, mode = NIC_MODELS[raw]
    else:
        model, mode = raw, "emulated"
        ctx.unmapped.append(
            f"interface model '{raw}' is not one hvcheck knows: written as model "
            f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
        )
    if ctx.product == "xen" and mode == "emulated":
        note += "; HVM ioemu NIC: also offered as a PV netfront device"
    if itype == "vhostuser" and model == "virtio-net":
        note += " (vhost-user backend)"
    served = _backend(el, ctx)
    _add(ctx, VDev(local, "nic", model, mode, served_by=served, boot=order == 1, note=note))


def _default_nic(ctx: _Ctx) -> tuple[str, str, str]:
    if ctx.product == "xen":
        if ctx.xen_pv:
            return "xen-netfront", "paravirtual", "a PV guest's NIC is netfront"
        return "qemu-rtl8139", "emulated", "xl's default for HVM (type=ioemu, model rtl8139)"
    arch, machine = ctx.arch, ctx.machine
    if ctx.x86:
        return "qemu-rtl8139", "emulated", "libvirt's default for x86 (rtl8139)"
    if arch.startswith("s390") or machine.startswith("virt") or arch.startswith("riscv"):
        return "virtio-net", "paravirtual", f"libvirt's default for {arch} {machine} (virtio)"
    if machine.startswith("pseries"):
        return "spapr-vlan", "paravirtual", "libvirt's default for pseries (spapr-vlan)"
    ctx.unmapped.append(
        f"interface without <model> on {arch or 'an unknown arch'} {machine}: libvirt's default "
        "NIC is not known to hvcheck; written as model 'qemu-default-nic', mode 'emulated'"
    )
    return "qemu-default-nic", "emulated", "the machine's default NIC"


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
            model, mode = "qemu-fdc", "emulated"
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
    _add(
        ctx,
        VDev(
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
        ),
    )


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
        ctx.unmapped.append(
            f"SCSI controller model '{raw}' is not one hvcheck knows: written as model "
            f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
        )
        return raw, "emulated"
    # libvirt's default SCSI controller for the machine
    if ctx.machine.startswith("pseries"):
        return "ibmvscsi", "paravirtual"
    if ctx.x86:
        return "lsi53c895a", "emulated"
    return "virtio-scsi", "paravirtual"


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
    elif ctype == "ide":
        model, mode, kind = "qemu-ide", "emulated", "storage"
    elif ctype == "sata":
        model, mode, kind = "qemu-ahci", "emulated", "storage"
    elif ctype == "fdc":
        model, mode, kind = "qemu-fdc", "emulated", "storage"
    elif ctype == "usb":
        if model_raw == "none":
            ctx.unmapped.append("<controller type='usb' model='none'> (the guest has no USB)")
            return
        model, mode, kind = model_raw or "qemu-usb", "emulated", "usb"
        if not model_raw:
            note += " (libvirt's default USB controller for the machine)"
    elif ctype == "virtio-serial":
        model, mode, kind = "virtio-serial", "paravirtual", "serial"
    elif ctype == "ccid":
        model, mode, kind = "usb-ccid", "emulated", "usb"
    else:
        # pci roots, bridges and ports, xenbus, isa: bus topology, not a device a guest drives
        ctx.unmapped.append(f"<controller type='{ctype}'> (bus topology)")
        return
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note))


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
                    pid, "usb", note=f"placeholder: USB device passed through to '{ctx.guest.name}'"
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
                PDev(pid, "storage", note=f"placeholder: SCSI device passed to '{ctx.guest.name}'")
            )
            dev.backed_by = pid
    elif htype == "scsi_host":
        wwpn = _attr(source, "wwpn")
        dev = VDev(local, "storage", "vhost-scsi", "passthrough", note=f"{note} wwpn {wwpn}")
    elif htype == "mdev":
        dev = VDev(
            local,
            "pci",
            "vfio-mdev",
            "passthrough",
            note=f"{note} model {_attr(el, 'model')}: a mediated device (a share of a host "
            "device the domain XML does not name)",
        )
    else:
        ctx.unmapped.append(f"<hostdev type='{htype}'>")
        return
    dev.boot = order == 1
    _add(ctx, dev)


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
        if ctx.x86 or ctx.machine.startswith("pseries"):
            model, mode = "stdvga", "emulated"
        else:
            model, mode = "virtio-gpu", "paravirtual"
        note = "<video> without a model: libvirt's default for the machine"
    else:
        model, mode, note = raw, "emulated", f"<video model='{raw}'>"
        ctx.unmapped.append(
            f"video model '{raw}' is not one hvcheck knows: written as model "
            f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
        )
    _add(ctx, VDev(local, "video", model, mode, served_by=ctx.served(), note=note))


def _input(el: ET.Element, ctx: _Ctx) -> None:
    itype = _attr(el, "type", "?").lower()
    bus = _attr(el, "bus").lower()
    if itype == "evdev" or (itype == "passthrough" and bus != "virtio"):
        ctx.unmapped.append(f"<input type='{itype}'> (host input forwarded into the guest)")
        return
    kind = {"keyboard": "keyboard", "mouse": "mouse", "tablet": "mouse"}.get(itype, "other")
    if not bus:
        bus = "xen" if ctx.product == "xen" and ctx.xen_pv else ("ps2" if ctx.x86 else "usb")
    if bus == "virtio":
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
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note))


def _sound(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model", "unknown").lower()
    local = f"sound{_count(ctx, 'sound')}"
    note = f"<sound model='{raw}'>"
    _add(ctx, VDev(local, "sound", raw, "emulated", served_by=ctx.served(), note=note))


def _serial(el: ET.Element, ctx: _Ctx, kind: str = "serial") -> None:
    tag = _local(el.tag)
    target = el.find("target")
    ttype = _attr(target, "type").lower()
    model_name = _attr(target.find("model") if target is not None else None, "name").lower()
    if kind == "parallel":
        model, mode = "isa-parallel", "emulated"
    elif ttype in SERIAL_TARGETS:
        model, mode = SERIAL_TARGETS[ttype]
    elif model_name:
        model, mode = model_name, "emulated"
    elif ctx.product == "xen" and ctx.xen_pv:
        model, mode = "xen-console", "paravirtual"
    elif ctx.x86 or not ttype:
        model, mode = "isa-serial", "emulated"
    else:
        model, mode = ttype, "emulated"
    local = f"{tag}{_count(ctx, tag)}"
    note = f"<{tag} type='{_attr(el, 'type', '?')}'>" + (f" target {ttype}" if ttype else "")
    _add(ctx, VDev(local, kind, model, mode, served_by=ctx.served(), note=note))


def _parallel(el: ET.Element, ctx: _Ctx) -> None:
    _serial(el, ctx, "parallel")


def _console(el: ET.Element, ctx: _Ctx) -> None:
    ttype = _attr(el.find("target"), "type").lower()
    if ttype == "virtio":
        local = f"console{_count(ctx, 'console')}"
        note = "<console> target virtio (a port of a virtio-serial device)"
        _add(ctx, VDev(local, "serial", "virtio-serial", "paravirtual", note=note))
    elif ttype in ("xen", "sclp", "sclplm"):
        model = "xen-console" if ttype == "xen" else "sclpconsole"
        local = f"console{_count(ctx, 'console')}"
        _add(
            ctx,
            VDev(local, "serial", model, "paravirtual", served_by=ctx.served(), note="<console>"),
        )
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
        model, mode = raw, "emulated"
    local = f"balloon{_count(ctx, 'balloon')}"
    _add(
        ctx,
        VDev(
            local, "other", model, mode, served_by=ctx.served(), note=f"<memballoon model='{raw}'>"
        ),
    )


def _virtio_other(tag: str, model: str, local_prefix: str) -> _Handler:
    def handler(el: ET.Element, ctx: _Ctx) -> None:
        raw = _attr(el, "model").lower()
        if raw and NO_VIRTIO.sub("", raw) != "virtio":
            ctx.unmapped.append(f"<{tag} model='{raw}'>")
            return
        local = f"{local_prefix}{_count(ctx, local_prefix)}"
        _add(ctx, VDev(local, "other", model, "paravirtual", note=f"<{tag}>"))

    return handler


def _filesystem(el: ET.Element, ctx: _Ctx) -> None:
    driver = _attr(el.find("driver"), "type").lower()
    model = "virtio-fs" if driver == "virtiofs" else "virtio-9p"
    local = f"fs{_count(ctx, 'fs')}"
    target = _attr(el.find("target"), "dir")
    note = f"<filesystem type='{_attr(el, 'type', 'mount')}'> driver {driver or 'default'}"
    if target:
        note += f", tag {target}"
    _add(ctx, VDev(local, "other", model, "paravirtual", note=note))


def _other_model(tag: str, attr: str = "model", default: str = "") -> _Handler:
    def handler(el: ET.Element, ctx: _Ctx) -> None:
        raw = _attr(el, attr, default).lower() or tag
        mode = "paravirtual" if raw.startswith("virtio") else "emulated"
        local = f"{tag}{_count(ctx, tag)}"
        note = f"<{tag} {attr}='{raw}'>"
        if tag == "tpm":
            backend = _attr(el.find("backend"), "type")
            note += f" backend {backend or '?'}"
            if backend == "passthrough":
                mode = "passthrough"
                note += " (the host's TPM)"
        model = raw
        if tag == "panic":
            model = f"panic-{raw}"
        elif tag == "iommu" and not raw.endswith("iommu"):
            model = f"{raw}-iommu"
        _add(ctx, VDev(local, "other", sanitize_id(model, tag), mode, note=note))

    return handler


def _hub(el: ET.Element, ctx: _Ctx) -> None:
    local = f"hub{_count(ctx, 'hub')}"
    _add(ctx, VDev(local, "usb", "usb-hub", "emulated", note="<hub type='usb'>"))


def _smartcard(el: ET.Element, ctx: _Ctx) -> None:
    local = f"smartcard{_count(ctx, 'smartcard')}"
    mode = _attr(el, "mode", "?")
    _add(ctx, VDev(local, "usb", "usb-ccid", "emulated", note=f"<smartcard mode='{mode}'>"))


def _memory_device(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el, "model", "dimm").lower()
    mode = "paravirtual" if raw.startswith("virtio") else "emulated"
    local = f"memory{_count(ctx, 'memory')}"
    _add(ctx, VDev(local, "other", sanitize_id(raw, "dimm"), mode, note=f"<memory model='{raw}'>"))


def _shmem(el: ET.Element, ctx: _Ctx) -> None:
    raw = _attr(el.find("model"), "type", "ivshmem").lower()
    local = f"shmem{_count(ctx, 'shmem')}"
    _add(ctx, VDev(local, "other", sanitize_id(raw, "ivshmem"), "emulated", note="<shmem>"))


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
    "crypto": _virtio_other("crypto", "virtio-crypto", "crypto"),
    "filesystem": _filesystem,
    "watchdog": _other_model("watchdog"),
    "tpm": _other_model("tpm", default="tpm-tis"),
    "panic": _other_model("panic", default="isa"),
    "iommu": _other_model("iommu"),
    "nvram": _other_model("nvram", default="spapr-nvram"),
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
