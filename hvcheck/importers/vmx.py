"""VMware .vmx -> an ESXi child partition with its virtual devices.

Keys and enumerated values are case-insensitive, as VMware reads them. Devices with ``present`` not
TRUE are not in the virtual machine and are skipped; every other key that is not mapped is listed in a
comment (grouped by its first component) and returned as a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    Guest,
    Imported,
    ImportRefused,
    OsInfo,
    PDev,
    VDev,
    hex4,
    pci_address,
    pci_device_id,
    sanitize_id,
    small_int,
)

TITLE = "a VMware .vmx file"
"""What the source format is, for messages and provenance comments."""
SCOPE = "guest"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


NIC_MODELS: dict[str, tuple[str, str]] = {
    "vlance": ("vlance", "emulated"),
    "vmxnet": ("vmxnet", "paravirtual"),
    "vmxnet2": ("vmxnet", "paravirtual"),
    "vmxnet3": ("vmxnet3", "paravirtual"),
    "e1000": ("e1000", "emulated"),
    "e1000e": ("e1000e", "emulated"),
}

SCSI_MODELS: dict[str, tuple[str, str]] = {
    "buslogic": ("buslogic", "emulated"),
    "lsilogic": ("lsilogic", "emulated"),
    "lsisas1068": ("lsisas1068", "emulated"),
    "pvscsi": ("pvscsi", "paravirtual"),
}

# Controllers with no catalog entry for ESXi yet (VMware IDs from pci.ids).
OTHER_CONTROLLERS: dict[str, tuple[str, str, str]] = {
    "sata": ("vmware-ahci", "emulated", "VMware SATA AHCI 15ad:07e0"),
    "nvme": ("vmware-nvme", "emulated", "VMware NVMe 15ad:07f0"),
}

_LINE = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.:\[\]-]+)\s*=\s*(?P<value>.*?)\s*$")

# Keys that only say which file or build wrote the .vmx
_FILE_KEYS = {".encoding", "config.version"}


@dataclass
class _Vmx:
    path: str
    values: dict[str, str]
    names: dict[str, str]  # lower-case key -> key as written
    used: set[str] = field(default_factory=set)

    def get(self, key: str) -> str | None:
        value = self.values.get(key.lower())
        if value is not None:
            self.used.add(key.lower())
        return value

    def true(self, key: str) -> bool:
        return (self.get(key) or "").strip().lower() in ("true", "yes", "1")

    def use_prefix(self, prefix: str) -> None:
        p = prefix.lower()
        for key in self.values:
            if key.startswith(p):
                self.used.add(key)


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data:
        raise ImportRefused(path, f"not {TITLE}: the file is binary (it contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    m = re.search(rb'(?im)^\s*\.encoding\s*=\s*"([^"\r\n]*)"', data)
    encoding = m.group(1).decode("ascii", "replace").strip() if m else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportRefused(path, f"unknown .encoding '{encoding}'") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            path, f"not {TITLE}: byte {exc.start} is not {encoding} ({exc.reason})"
        ) from None


def _unescape(value: str) -> str:
    """VMware writes special characters in values as |XX (hex)."""
    return re.sub(r"\|([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)


def parse(path: str, data: bytes) -> _Vmx:
    text = _decode(path, data)
    values: dict[str, str] = {}
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
            raise ImportRefused(path, f'not {TITLE}: line {number} is not KEY = "VALUE": {shown!r}')
        raw = m.group("value")
        if raw.startswith('"'):
            end = raw.find('"', 1)
            if end < 0:
                raise ImportRefused(path, f"not {TITLE}: line {number}: unterminated quoted value")
            value = raw[1:end]
        else:
            value = raw.split("#", 1)[0].strip()
        key = m.group("key").lower()
        values[key] = _unescape(value)
        names[key] = m.group("key")
    if not values:
        raise ImportRefused(path, f'not {TITLE}: it has no KEY = "VALUE" lines')
    markers = ("config.version", "virtualhw.version", "displayname", "guestos", "memsize")
    if not any(k in values for k in markers):
        raise ImportRefused(
            path,
            f"not {TITLE}: none of config.version, virtualHW.version, displayName, guestOS, "
            "memsize is set",
        )
    return _Vmx(path, values, names)


# guestOS id -> (family, name, version); the arch comes from the -64 suffix.
_GUEST_OS: list[tuple[str, str, str, str | None]] = [
    (r"windows2022srvnext", "windows", "Windows Server 2025", None),
    (r"windows2019srvnext", "windows", "Windows Server 2022", None),
    (r"windows2019srv", "windows", "Windows Server 2019", None),
    (r"windows9srv", "windows", "Windows Server 2016", None),
    (r"windows8srv", "windows", "Windows Server 2012", None),
    (r"windows7srv", "windows", "Windows Server 2008 R2", None),
    (r"longhorn", "windows", "Windows Server 2008", None),
    (r"winnet", "windows", "Windows Server 2003", None),
    (r"win2000", "windows", "Windows 2000", None),
    (r"winxp", "windows", "Windows XP", None),
    (r"winvista", "windows", "Windows Vista", None),
    (r"windows11", "windows", "Windows 11", None),
    (r"windows9", "windows", "Windows 10", None),
    (r"windows8", "windows", "Windows 8", None),
    (r"windows7", "windows", "Windows 7", None),
    (r"winnt", "windows", "Windows NT 4.0", None),
    (r"rhel(\d+)", "linux", "Red Hat Enterprise Linux", "1"),
    (r"centos(\d+)", "linux", "CentOS", "1"),
    (r"centos", "linux", "CentOS", None),
    (r"oraclelinux(\d+)", "linux", "Oracle Linux", "1"),
    (r"sles(\d+)", "linux", "SUSE Linux Enterprise Server", "1"),
    (r"debian(\d+)", "linux", "Debian", "1"),
    (r"ubuntu", "linux", "Ubuntu", None),
    (r"fedora", "linux", "Fedora", None),
    (r"opensuse", "linux", "openSUSE", None),
    (r"photon", "linux", "VMware Photon OS", None),
    (r"other\d*x?linux|linux", "linux", "Other Linux", None),
    (r"freebsd(\d+)", "freebsd", "FreeBSD", "1"),
    (r"freebsd", "freebsd", "FreeBSD", None),
]


def guest_os(raw: str) -> OsInfo:
    value = raw.strip().lower()
    arm = value.startswith("arm-")
    body = value.removeprefix("arm-")
    is64 = body.endswith("-64") or body.endswith("_64")
    base = re.sub(r"[-_]64$", "", body)
    arch = "arm64" if arm else ("x64" if is64 else "x86")
    for pattern, family, name, group in _GUEST_OS:
        m = re.match(pattern, base)
        if m:
            version = m.group(1) if group and m.groups() else None
            return OsInfo(family, name, version, arch)
    family = "windows" if base.startswith("win") else "other"
    return OsInfo(family, raw.strip()[:256] or "unknown", None, arch if family != "other" else None)


def import_file(path: str, data: bytes) -> Imported:
    vmx = parse(path, data)
    for key in _FILE_KEYS:
        vmx.get(key)
    display = vmx.get("displayName") or ""
    stem = re.sub(r"\.vmx$", "", path.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
    guest = Guest(name=display or stem or "vm", source=path)
    facts = []
    hw = vmx.get("virtualHW.version")
    if hw:
        facts.append(f"virtualHW.version {hw}")
    guest.comments.append(
        f"from {path}: VMware virtual machine '{display or stem}'"
        + (f" ({', '.join(facts)})" if facts else "")
    )
    recorded: list[str] = []
    if hw:
        version = small_int(hw)
        if version is not None and 1 <= version <= 99:
            guest.hw_version = version
        else:
            recorded.append(f"virtualHW.version = {hw}")
    firmware = (vmx.get("firmware") or "").strip().lower()
    if firmware in ("efi", "bios"):
        guest.firmware = "uefi" if firmware == "efi" else "bios"
    elif firmware:
        recorded.append(f"firmware = {firmware}")
    secure = vmx.get("uefi.secureBoot.enabled")
    if secure is not None and guest.firmware == "uefi":
        guest.secure_boot = secure.strip().lower() == "true"
    elif secure is not None:
        recorded.append(f"uefi.secureBoot.enabled = {secure}")

    raw_os = vmx.get("guestOS")
    if raw_os:
        guest.os = guest_os(raw_os)
        if guest.os.family == "other":
            guest.unmapped.append(f"guestOS '{raw_os}' (no OS family known; recorded as 'other')")
    memsize = vmx.get("memsize")
    if memsize is not None:
        mib = small_int(memsize)
        if mib is not None and mib >= 1:
            guest.memory_mb = mib
        else:
            recorded.append(f"memsize = {memsize!r}")
    cpus = vmx.get("numvcpus")
    if cpus is not None:
        count = small_int(cpus)
        if count is not None and 1 <= count <= 4096:
            guest.vcpus = count
        else:
            recorded.append(f"numvcpus = {cpus!r}")

    _ethernet(vmx, guest)
    _storage(vmx, guest)
    _passthrough(vmx, guest)
    _misc(vmx, guest)

    guest.unmapped[:0] = recorded
    rest = _leftovers(vmx)
    if rest:
        guest.unmapped.append("other settings: " + ", ".join(rest))
    return Imported(path, "esxi", "vmx", [guest])


def _indices(vmx: _Vmx, pattern: str) -> list[str]:
    """The N (or N:M) of every ``<prefix>N.present`` key, in numeric order."""
    found = set()
    rx = re.compile(pattern + r"\.present$")
    for key in vmx.values:
        m = rx.match(key)
        if m:
            found.add(m.group(1))

    def numeric(text: str) -> list[tuple[int, str]]:  # numeric order without int() on long digits
        return [(len(x.lstrip("0")), x.lstrip("0")) for x in re.findall(r"\d+", text)]

    return sorted(found, key=numeric)


def _ethernet(vmx: _Vmx, guest: Guest) -> None:
    for n in _indices(vmx, r"ethernet(\d+)"):
        prefix = f"ethernet{n}"
        if not vmx.true(f"{prefix}.present"):
            vmx.use_prefix(f"{prefix}.")
            continue
        vmx.use_prefix(f"{prefix}.")
        raw = (vmx.get(f"{prefix}.virtualDev") or "").strip().lower()
        features = (vmx.get(f"{prefix}.features") or "").strip()
        network = vmx.get(f"{prefix}.networkName") or vmx.get(f"{prefix}.connectionType") or ""
        note = (
            f"{prefix}"
            + (f" virtualDev {raw}" if raw else "")
            + (f", network {network}" if network else "")
        )
        if not raw:
            model, mode = "vlance", "emulated"
            note += "; no virtualDev: the Flexible adapter (vlance until VMware Tools switch it to vmxnet)"
        elif raw in NIC_MODELS:
            model, mode = NIC_MODELS[raw]
            if raw == "vmxnet" and features == "15":
                note += " (vmxnet2, Enhanced VMXNET)"
        elif raw == "sriov":
            model, mode = "sriov", "passthrough"
            pf = vmx.get(f"{prefix}.pfId") or "?"
            note += f"; an SR-IOV virtual function of physical adapter {pf} (the VF is not named)"
        else:
            model, mode = raw, "emulated"
            guest.unmapped.append(
                f"{prefix}.virtualDev '{raw}' is not one hvcheck knows: written as model "
                f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
            )
        guest.devices.append(VDev(prefix, "nic", model, mode, served_by="hypervisor", note=note))


def _storage(vmx: _Vmx, guest: Guest) -> None:
    controllers: dict[str, tuple[str, str]] = {}
    for bus in ("scsi", "sata", "nvme"):
        for n in _indices(vmx, rf"{bus}(\d+)"):
            prefix = f"{bus}{n}"
            vmx.use_prefix(f"{prefix}.")
            if not vmx.true(f"{prefix}.present"):
                continue
            raw = (vmx.get(f"{prefix}.virtualDev") or "").strip().lower()
            note = prefix + (f" virtualDev {raw}" if raw else "")
            if bus == "scsi":
                if raw in SCSI_MODELS:
                    model, mode = SCSI_MODELS[raw]
                elif not raw:
                    model, mode = "unspecified-scsi", "emulated"
                    guest.unmapped.append(
                        f"{prefix}.virtualDev is not set (ESXi picks BusLogic or LSI Logic from the "
                        "guest OS): written as model 'unspecified-scsi', mode 'emulated'"
                    )
                else:
                    model, mode = raw, "emulated"
                    guest.unmapped.append(
                        f"{prefix}.virtualDev '{raw}' is not one hvcheck knows: written as model "
                        f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
                    )
            else:
                model, mode, what = OTHER_CONTROLLERS[bus]
                note += f" ({what})"
            controllers[prefix] = (model, mode)
            guest.devices.append(
                VDev(prefix, "storage", model, mode, served_by="hypervisor", note=note)
            )
    # disks and CD/DVD drives: <bus>N:M
    for bus in ("scsi", "sata", "nvme", "ide"):
        for nm in _indices(vmx, rf"{bus}(\d+:\d+)"):
            prefix = f"{bus}{nm}"
            vmx.use_prefix(f"{prefix}.")
            if not vmx.true(f"{prefix}.present"):
                continue
            dtype = (vmx.get(f"{prefix}.deviceType") or "").strip().lower()
            file_name = vmx.get(f"{prefix}.fileName") or ""
            kind = "cdrom" if "cdrom" in dtype else "disk"
            if dtype == "scsi-passthru":
                kind = "other"
            ctl = prefix.split(":", 1)[0]
            note = (
                f"{prefix}"
                + (f" deviceType {dtype}" if dtype else "")
                + (f", {file_name}" if file_name else "")
            )
            if bus == "ide":
                model, mode, served_local = "vmware-ide", "emulated", None
                note += " (IDE, emulated)"
            elif ctl in controllers:
                model, mode = controllers[ctl]
                served_local = ctl
            else:
                model, mode, served_local = f"{bus}-disk", "emulated", None
                guest.unmapped.append(
                    f"{prefix} sits on {ctl}, which is not present: written as model "
                    f"'{model}', mode 'emulated'"
                )
            if dtype == "scsi-passthru":
                model, mode = "scsi-passthru", "passthrough"
                note += " (a host SCSI device passed through)"
            unit = small_int(nm.split(":", 1)[1])
            guest.devices.append(
                VDev(
                    prefix.replace(":", "-"),
                    kind,
                    model,
                    mode,
                    served_by="hypervisor",
                    controller_local=served_local,
                    bus=bus,
                    unit=unit if unit is not None and unit <= 255 else None,
                    media=_media(dtype, file_name),
                    note=note,
                )
            )
    for n in _indices(vmx, r"floppy(\d+)"):
        prefix = f"floppy{n}"
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            guest.devices.append(
                VDev(
                    prefix,
                    "floppy",
                    "vmware-floppy",
                    "emulated",
                    served_by="hypervisor",
                    note=prefix,
                )
            )


def _media(device_type: str, file_name: str) -> str | None:
    if device_type in ("cdrom-raw", "atapi-cdrom", "scsi-passthru"):
        return "physical"
    if device_type == "cdrom-image" or file_name.lower().endswith(".iso"):
        return "iso"
    if file_name.lower().endswith(".vmdk"):
        return "vmdk"
    return None


def _passthrough(vmx: _Vmx, guest: Guest) -> None:
    for n in _indices(vmx, r"pcipassthru(\d+)"):
        prefix = f"pciPassthru{n}"
        vmx.use_prefix(f"{prefix}.")
        if not vmx.true(f"{prefix}.present"):
            continue
        raw_id = vmx.get(f"{prefix}.id") or ""
        vendor = hex4(vmx.get(f"{prefix}.vendorId"))
        device = hex4(vmx.get(f"{prefix}.deviceId"))
        virtual_dev = (vmx.get(f"{prefix}.virtualDev") or "").strip().lower()
        vgpu = vmx.get(f"{prefix}.vgpu")
        note = prefix
        dev = VDev(prefix, "pci", "directpath", "passthrough", note=note)
        if virtual_dev == "vmiop" or vgpu:
            dev.note += (
                f" NVIDIA vGPU profile {vgpu or '?'} (a share of a host GPU, not DirectPath)"
            )
        address = pci_address(raw_id.split("-")[0]) if raw_id else None
        if address is None and raw_id:
            # some releases write the address as decimal bus:slot.function
            m = re.fullmatch(r"(\d+):(\d+)\.(\d)", raw_id.strip())
            if m:
                address = pci_address(f"{int(m.group(1)):x}:{int(m.group(2)):x}.{m.group(3)}")
        if address is None:
            guest.unmapped.append(
                f"{prefix}.id '{raw_id}' is not a PCI address: no host device named"
            )
        else:
            pci = {"vendor": vendor, "device": device} if vendor and device else None
            pid = pci_device_id(address)
            guest.host_devices.append(
                PDev(
                    pid,
                    "other",
                    pci=pci,
                    address=address,
                    note=f"placeholder: passed through to '{guest.name}' (DirectPath I/O); "
                    "the .vmx names only its address and IDs",
                )
            )
            dev.backed_by = pid
            dev.note += f", host {address}"
        guest.devices.append(dev)


def _misc(vmx: _Vmx, guest: Guest) -> None:
    # Every VMware VM has an SVGA adapter; svga.* keys only tune it.
    vmx.use_prefix("svga.")
    if (vmx.get("svga.present") or "true").strip().lower() != "false":
        guest.devices.append(
            VDev("svga", "video", "svga", "emulated", served_by="hypervisor", note="VMware SVGA II")
        )
    simple = [
        (r"serial(\d+)", "serial", "vmware-serial"),
        (r"parallel(\d+)", "parallel", "vmware-parallel"),
    ]
    for pattern, kind, model in simple:
        for n in _indices(vmx, pattern):
            prefix = f"{kind}{n}"
            vmx.use_prefix(f"{prefix}.")
            if vmx.true(f"{prefix}.present"):
                ftype = vmx.get(f"{prefix}.fileType") or ""
                note = prefix + (f" fileType {ftype}" if ftype else "")
                guest.devices.append(
                    VDev(prefix, kind, model, "emulated", served_by="hypervisor", note=note)
                )
    for prefix, model in (
        ("usb", "vmware-uhci"),
        ("ehci", "vmware-ehci"),
        ("usb_xhci", "vmware-xhci"),
    ):
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            guest.devices.append(
                VDev(prefix, "usb", model, "emulated", served_by="hypervisor", note=f"{prefix}")
            )
    vmx.use_prefix("sound.")
    if vmx.true("sound.present"):
        raw = (vmx.get("sound.virtualDev") or "es1371").strip().lower()
        guest.devices.append(
            VDev(
                "sound",
                "sound",
                sanitize_id(raw, "sound"),
                "emulated",
                served_by="hypervisor",
                note=f"sound virtualDev {raw}",
            )
        )
    for n in _indices(vmx, r"vmci(\d+)"):
        prefix = f"vmci{n}"
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            guest.devices.append(
                VDev(
                    prefix,
                    "other",
                    "vmci",
                    "paravirtual",
                    served_by="hypervisor",
                    note="VMCI 15ad:0740",
                )
            )


def _leftovers(vmx: _Vmx) -> list[str]:
    groups: dict[str, int] = {}
    for key in vmx.values:
        if key in vmx.used:
            continue
        written = vmx.names.get(key, key)
        head = re.split(r"[.:]", written, maxsplit=1)[0] or written
        head = re.sub(r"\d+$", "N", head)
        groups[head] = groups.get(head, 0) + 1
    return [f"{head}* ({count})" if count > 1 else head for head, count in groups.items()]
