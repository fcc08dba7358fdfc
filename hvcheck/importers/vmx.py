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
    ImportWarning,
    OsInfo,
    PDev,
    SourcePos,
    VDev,
    hex4,
    line_pos,
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

# SATA and NVMe controllers (VMware IDs from pci.ids).
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
    where: dict[str, SourcePos] = field(default_factory=dict)  # lower-case key -> its line
    text: str = ""
    warnings: list[ImportWarning] = field(default_factory=list)
    _by_stem: dict[str, list[str]] | None = None  # "ethernet0." -> its keys (built on first use)

    def get(self, key: str) -> str | None:
        value = self.values.get(key.lower())
        if value is not None:
            self.used.add(key.lower())
        return value

    def true(self, key: str) -> bool:
        return (self.get(key) or "").strip().lower() in ("true", "yes", "1")

    def _keys(self, prefix: str) -> list[str]:
        """The (lower-case) keys starting with ``prefix``; a prefix ending at the key's first dot
        ("ethernet0.") is looked up in an index, so that N devices take linear time."""
        p = prefix.lower()
        if p.endswith(".") and p.count(".") == 1:
            if self._by_stem is None:
                self._by_stem = {}
                for key in self.values:
                    stem, dot, _rest = key.partition(".")
                    if dot:
                        self._by_stem.setdefault(stem + ".", []).append(key)
            return self._by_stem.get(p, [])
        return [key for key in self.values if key.startswith(p)]

    def use_prefix(self, prefix: str) -> None:
        self.used.update(self._keys(prefix))

    def pos(self, *keys: str) -> SourcePos | None:
        """The line of the first of ``keys`` the file sets."""
        for key in keys:
            found = self.where.get(key.lower())
            if found is not None:
                return found
        return None

    def first(self, prefix: str) -> SourcePos | None:
        """The first line that sets a key starting with ``prefix``."""
        lines = [w for k in self._keys(prefix) if (w := self.where.get(k)) is not None]
        return min(lines, key=lambda w: w.line) if lines else None


ENCODING_ALIASES = {"utf8": "utf-8", "shift-jis": "shift_jis", "x-sjis": "shift_jis"}


def codec_for(name: str) -> str | None:
    """The Python codec of a ``.encoding`` value: any name Python knows, and VMware's Windows code
    page names (``windows-949-2000`` is code page 949, ``cp949``); None when none fits."""
    wanted = name.strip().lower()
    wanted = ENCODING_ALIASES.get(wanted, wanted)
    candidates = [wanted]
    m = re.fullmatch(r"(?:windows|win|cp|ibm|ms)[-_]?(\d{3,5})(?:[-_]\d+)?", wanted)
    if m:
        candidates.append(f"cp{m.group(1)}")
    for candidate in candidates:
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def _decode(path: str, data: bytes) -> tuple[str, list[ImportWarning]]:
    """The file's text in its declared ``.encoding`` (UTF-8 when it declares none); a byte that is
    not of that encoding becomes U+FFFD and is reported, with its line, as a warning."""
    if b"\x00" in data:
        raise ImportRefused(path, f"not {TITLE}: the file is binary (it contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    warnings: list[ImportWarning] = []
    m = re.search(rb'(?im)^\s*\.encoding\s*=\s*"([^"\r\n]*)"', data)
    declared = m.group(1).decode("ascii", "replace").strip() if m else ""
    codec = codec_for(declared) if declared else "utf-8"
    if codec is None:
        line = data.count(b"\n", 0, m.start(1)) + 1 if m else None
        warnings.append(
            ImportWarning(
                path,
                f".encoding '{declared}' is not an encoding hvcheck knows; the file is read as "
                "UTF-8",
                line,
            )
        )
        codec = "utf-8"
    lines: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(raw.decode(codec))
        except UnicodeDecodeError:
            lines.append(raw.decode(codec, errors="replace"))
            bad.append(number)
    for number in bad[:10]:
        warnings.append(
            ImportWarning(
                path,
                f"bytes that are not {declared or 'UTF-8'} ({codec}) on this line; each is read as "
                "U+FFFD",
                number,
            )
        )
    if len(bad) > 10:
        warnings.append(
            ImportWarning(path, f"{len(bad) - 10} more lines have bytes that are not {codec}")
        )
    return "\n".join(lines), warnings


def _unescape(value: str) -> str:
    """VMware writes special characters in values as |XX (hex)."""
    return re.sub(r"\|([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)


def parse(path: str, data: bytes) -> _Vmx:
    text, warnings = _decode(path, data)
    values: dict[str, str] = {}
    names: dict[str, str] = {}
    where: dict[str, SourcePos] = {}
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
                end = len(raw)
                warnings.append(
                    ImportWarning(
                        path,
                        "the quoted value has no closing quote; read to the end of the line",
                        number,
                    )
                )
            value = raw[1:end]
        else:
            value = raw.split("#", 1)[0].strip()
        key = m.group("key").lower()
        values[key] = _unescape(value)
        names[key] = m.group("key")
        where[key] = line_pos(text, number, m.start("key"))
    if not values:
        raise ImportRefused(path, f'not {TITLE}: it has no KEY = "VALUE" lines')
    markers = ("config.version", "virtualhw.version", "displayname", "guestos", "memsize")
    if not any(k in values for k in markers):
        raise ImportRefused(
            path,
            f"not {TITLE}: none of config.version, virtualHW.version, displayName, guestOS, "
            "memsize is set",
        )
    return _Vmx(path, values, names, where=where, text=text, warnings=warnings)


# --- which VMware product wrote it ---------------------------------------------------------------

# Keys only ESX/ESXi writes: resource scheduling, vMotion encryption, EVC, change tracking.
_ESX_KEYS = re.compile(
    r"^(sched\.swap\.derivedname|sched\.cpu\.(min|max|shares|units|affinity|latencysensitivity)"
    r"|sched\.mem\.(min|minsize|max|shares)|migrate\.encryptionmode|evccompatibilitymode"
    r"|ctkenabled|scsi\d+:\d+\.ctkenabled)$"
)
# Keys of the hosted desktop products (Workstation, Fusion, Player): the window, sound and
# Bluetooth of the machine they run on, shared folders.
_HOSTED_KEYS = re.compile(
    r"^(gui\..*|pref\..*|sound\.autodetect|usb\.vbluetooth\..*|sharedfolder\d*\..*"
    r"|hgfs\..*)$"
)
_FUSION_KEYS = re.compile(r"^(gui\.fitguestusingnativedisplayresolution|gui\.viewmodeatpoweron)$")
_FUSION_PATH = re.compile(r"^(/Users/|/Volumes/|/Applications/VMware Fusion\.app)")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")

PRODUCT_NAMES = {
    "esxi": "VMware ESXi",
    "vmware-workstation": "VMware Workstation",
    "vmware-fusion": "VMware Fusion",
    "vmware-gsx": "VMware GSX Server / VMware Server",
}


def detect_product(vmx: _Vmx) -> tuple[str, str]:
    """(product id, why) from the keys and paths the .vmx has (every key is looked at, none is
    marked used)."""
    keys = list(vmx.values)
    paths = [v for k, v in vmx.values.items() if k.endswith(("filename", "hostpath"))]
    esx = [vmx.names[k] for k in keys if _ESX_KEYS.match(k)]
    if esx or any(p.startswith("/vmfs/") for p in paths):
        what = f"keys only ESX/ESXi writes ({', '.join(esx[:3])})" if esx else "/vmfs paths"
        return "esxi", what
    fusion = [vmx.names[k] for k in keys if _FUSION_KEYS.match(k)]
    if fusion or any(_FUSION_PATH.match(p) for p in paths):
        what = f"Fusion's keys ({', '.join(fusion[:2])})" if fusion else "macOS paths"
        return "vmware-fusion", what
    hosted = [vmx.names[k] for k in keys if _HOSTED_KEYS.match(k)]
    if hosted or any(_WINDOWS_PATH.match(p) for p in paths):
        what = (
            f"keys of the hosted desktop products ({', '.join(hosted[:3])})"
            if hosted
            else "Windows host paths"
        )
        return "vmware-workstation", what + "; Fusion writes the same keys unless its own appear"
    version = small_int(vmx.values.get("virtualhw.version"))
    if version is not None and version <= 4:
        return "vmware-gsx", f"virtual hardware version {version} without ESX or desktop keys"
    return "esxi", "no key names another VMware product"


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
    guest = Guest(
        name=display or stem or "vm",
        source=path,
        pos=vmx.pos("displayName") or line_pos(vmx.text, min(w.line for w in vmx.where.values())),
    )
    product, why = detect_product(vmx)
    facts = []
    hw = vmx.get("virtualHW.version")
    if hw:
        facts.append(f"virtualHW.version {hw}")
    guest.comments.append(
        f"from {path}: VMware virtual machine '{display or stem}'"
        + (f" ({', '.join(facts)})" if facts else "")
    )
    guest.comments.append(f"product {PRODUCT_NAMES[product]}, by {why}")
    guest.comments.append(
        "unknown, as a .vmx cannot say: the product release it runs on, and whether VMware Tools "
        "are installed in the guest (tools.* keys are settings, not the Tools)"
    )
    recorded: list[str] = []
    if hw:
        version = small_int(hw)
        if version is not None and 1 <= version <= 99:
            guest.hw_version = version
            _at(guest, "hw_version", vmx.pos("virtualHW.version"))
        else:
            recorded.append(f"virtualHW.version = {hw}")
    firmware = (vmx.get("firmware") or "").strip().lower()
    if firmware in ("efi", "bios"):
        guest.firmware = "uefi" if firmware == "efi" else "bios"
        _at(guest, "firmware", vmx.pos("firmware"))
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
        _at(guest, "os", vmx.pos("guestOS"))
        if guest.os.family == "other":
            guest.unmapped.append(f"guestOS '{raw_os}' (no OS family known; recorded as 'other')")
    memsize = vmx.get("memsize")
    if memsize is not None:
        mib = small_int(memsize)
        if mib is not None and mib >= 1:
            guest.memory_mb = mib
            _at(guest, "memory_mb", vmx.pos("memsize"))
        else:
            recorded.append(f"memsize = {memsize!r}")
    cpus = vmx.get("numvcpus")
    if cpus is not None:
        count = small_int(cpus)
        if count is not None and 1 <= count <= 4096:
            guest.vcpus = count
            _at(guest, "vcpus", vmx.pos("numvcpus"))
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
    return Imported(path, product, "vmx", [guest], text=vmx.text, warnings=vmx.warnings)


def _at(guest: Guest, key: str, pos: SourcePos | None) -> None:
    if pos is not None:
        guest.at[key] = pos


def _place(vmx: _Vmx, dev: VDev, prefix: str, model_key: str | None = None) -> VDev:
    """Where the device is written: its ``<prefix>.present`` line (or its first key), and the
    key its model comes from."""
    dev.pos = vmx.pos(f"{prefix}.present") or vmx.first(f"{prefix}.")
    if model_key is not None:
        where = vmx.pos(model_key)
        if where is not None:
            dev.at["model"] = where
    return dev


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
        dev = VDev(prefix, "nic", model, mode, served_by="hypervisor", note=note)
        guest.devices.append(_place(vmx, dev, prefix, f"{prefix}.virtualDev"))


# a disk on a controller the file does not set up: the controller's model is not known
_BUS_DEFAULT = {"scsi": "unspecified-scsi", "sata": "vmware-ahci", "nvme": "vmware-nvme"}


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
                    note += "; no virtualDev: VMware picks BusLogic or LSI Logic by the guest OS"
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
            dev = VDev(prefix, "storage", model, mode, served_by="hypervisor", note=note)
            guest.devices.append(_place(vmx, dev, prefix, f"{prefix}.virtualDev"))
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
                note += f" (IDE channel {ctl.removeprefix('ide')}, emulated)"
            elif ctl in controllers:
                model, mode = controllers[ctl]
                served_local = ctl
            else:
                model, mode, served_local = _BUS_DEFAULT[bus], "emulated", None
                guest.unmapped.append(
                    f"{prefix} sits on {ctl}, which is not present: written as model "
                    f"'{model}', mode 'emulated'"
                )
            if dtype == "scsi-passthru":
                model, mode = "scsi-passthru", "passthrough"
                note += " (a host SCSI device passed through)"
            unit = small_int(nm.split(":", 1)[1])
            dev = VDev(
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
            _place(vmx, dev, prefix, f"{prefix}.deviceType")
            for key, field_key in (("media", "fileName"), ("unit", "present")):
                where = vmx.pos(f"{prefix}.{field_key}")
                if where is not None:
                    dev.at[key] = where
            guest.devices.append(dev)
    for n in _indices(vmx, r"floppy(\d+)"):
        prefix = f"floppy{n}"
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            dev = VDev(
                prefix, "floppy", "vmware-floppy", "emulated", served_by="hypervisor", note=prefix
            )
            guest.devices.append(_place(vmx, dev, prefix))


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
        dev = _place(vmx, VDev(prefix, "pci", "directpath", "passthrough", note=note), prefix)
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
                    pos=vmx.pos(f"{prefix}.id") or dev.pos,
                )
            )
            dev.backed_by = pid
            dev.note += f", host {address}"
        guest.devices.append(dev)


SOUND_MODELS = {"es1371": "es1371", "sb16": "sb16", "hdaudio": "hdaudio"}


def _misc(vmx: _Vmx, guest: Guest) -> None:
    # Every VMware VM has an SVGA adapter; svga.* keys only tune it.
    vmx.use_prefix("svga.")
    if (vmx.get("svga.present") or "true").strip().lower() != "false":
        dev = VDev(
            "svga", "video", "svga", "emulated", served_by="hypervisor", note="VMware SVGA II"
        )
        dev.pos = vmx.first("svga.") or guest.pos
        guest.devices.append(dev)
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
                dev = VDev(prefix, kind, model, "emulated", served_by="hypervisor", note=note)
                guest.devices.append(_place(vmx, dev, prefix))
    for prefix, model in (
        ("usb", "vmware-uhci"),
        ("ehci", "vmware-ehci"),
        ("usb_xhci", "vmware-xhci"),
    ):
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            dev = VDev(prefix, "usb", model, "emulated", served_by="hypervisor", note=f"{prefix}")
            guest.devices.append(_place(vmx, dev, prefix))
    vmx.use_prefix("sound.")
    if vmx.true("sound.present"):
        raw = (vmx.get("sound.virtualDev") or "es1371").strip().lower()
        known = SOUND_MODELS.get(raw)
        model = known if known is not None else sanitize_id(raw, "sound")
        if known is None:
            guest.unmapped.append(
                f"sound.virtualDev '{raw}' is not one hvcheck knows: written as model '{model}'"
            )
        dev = VDev(
            "sound",
            "sound",
            model,
            "emulated",
            served_by="hypervisor",
            note=f"sound virtualDev {raw}",
        )
        guest.devices.append(_place(vmx, dev, "sound", "sound.virtualDev"))
    for n in _indices(vmx, r"vmci(\d+)"):
        prefix = f"vmci{n}"
        vmx.use_prefix(f"{prefix}.")
        if vmx.true(f"{prefix}.present"):
            dev = VDev(
                prefix,
                "other",
                "vmci",
                "paravirtual",
                served_by="hypervisor",
                note="VMCI 15ad:0740",
            )
            guest.devices.append(_place(vmx, dev, prefix))


# every model id a fixed rule of this module writes (a virtualDev hvcheck does not know is written
# as named, and listed as not mapped)
VOCABULARY: frozenset[str] = frozenset(
    [m for m, _ in NIC_MODELS.values()]
    + [m for m, _ in SCSI_MODELS.values()]
    + [m for m, _, _ in OTHER_CONTROLLERS.values()]
    + list(_BUS_DEFAULT.values())
    + list(SOUND_MODELS.values())
    + ["sriov", "unspecified-scsi", "vmware-ide", "scsi-passthru", "vmware-floppy", "directpath"]
    + ["svga", "vmware-serial", "vmware-parallel", "vmware-uhci", "vmware-ehci", "vmware-xhci"]
    + ["vmci"]
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
