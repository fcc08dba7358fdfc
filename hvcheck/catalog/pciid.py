"""PCI ID matching as each platform's own loader does it, and parsers for the files that hold the IDs.

Pure functions, no I/O. Three binding formats:

* **Linux modalias** (``modules.alias``). The kernel publishes a device's modalias as
  ``pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X`` and ``modprobe`` matches it with ``fnmatch()``
  against each ``alias <pattern> <module>`` line that ``file2alias`` generated from the driver's
  ID table; a field is either a value or ``*`` (torvalds/linux:scripts/mod/file2alias.c,
  ``do_pci_entry``). The ``vfio_pci:`` prefix marks drivers that bind only through
  ``driver_override``.
* **ESXi map files** (``/etc/vmware/default.map.d/<driver>.map``): lines such as
  ``regtype=native,bus=pci,id=15b3101d15b30016......,driver=nmlx5_core``. The ``id`` is VID, DID,
  SVID and SSID (4 hex digits each) followed by a 6-character field read here as the class code
  (class, subclass, programming interface; an inference, see the reference §2.2); ``.`` matches
  any character.
* **Windows INF hardware IDs**: the PCI bus driver reports, from most to least specific,
  ``PCI\\VEN_v&DEV_d&SUBSYS_s(4)n(4)&REV_r``, ``…&SUBSYS_…``, ``…&REV_r``, ``PCI\\VEN_v&DEV_d``,
  ``…&CC_ccss(pp)``, then compatible IDs down to ``PCI\\CC_ccss``. ``SUBSYS`` is the subsystem
  *device* ID followed by the subsystem *vendor* ID (``ssssvvvv``). An INF entry matches a device
  when it equals one of the IDs the device reports (compared case-insensitively); the position of
  the equal ID is its rank (Microsoft, "Identifiers for PCI Devices").

Every matcher answers ``True`` (the loader would bind), ``False`` (it would not, whatever the
unstated IDs are) or ``None`` (it depends on an ID the device description does not state).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

Match = bool | None
"""True: binds; False: does not bind; None: unknown (a needed ID is not stated)."""

_HEX4 = re.compile(r"^[0-9a-fA-F]{4}$")
_HEX2 = re.compile(r"^[0-9a-fA-F]{2}$")
_CLASS = re.compile(r"^[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})?)?$")


def _hex(value: str | None, pattern: re.Pattern[str], what: str) -> str | None:
    if value is None:
        return None
    if not pattern.match(value):
        raise ValueError(f"{what} must be hexadecimal digits, got {value!r}")
    return value.lower()


@dataclass(frozen=True)
class DeviceIds:
    """What a device reports on the PCI bus; ``None`` means "not stated" (unknown), never zero.

    ``class_code`` holds 2 (base class), 4 (with subclass) or 6 (with programming interface) hex
    digits.
    """

    vendor: str
    device: str
    subvendor: str | None = None
    subdevice: str | None = None
    class_code: str | None = None
    revision: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "vendor", _hex(self.vendor, _HEX4, "vendor"))
        object.__setattr__(self, "device", _hex(self.device, _HEX4, "device"))
        object.__setattr__(self, "subvendor", _hex(self.subvendor, _HEX4, "subvendor"))
        object.__setattr__(self, "subdevice", _hex(self.subdevice, _HEX4, "subdevice"))
        object.__setattr__(self, "class_code", _hex(self.class_code, _CLASS, "class code"))
        object.__setattr__(self, "revision", _hex(self.revision, _HEX2, "revision"))

    @property
    def base_class(self) -> str | None:
        return self.class_code[0:2] if self.class_code else None

    @property
    def subclass(self) -> str | None:
        return self.class_code[2:4] if self.class_code and len(self.class_code) >= 4 else None

    @property
    def prog_if(self) -> str | None:
        return self.class_code[4:6] if self.class_code and len(self.class_code) == 6 else None

    def label(self) -> str:
        """``8086:1572`` or ``8086:1572, subsystem 103c:22fa``."""
        text = f"{self.vendor}:{self.device}"
        if self.subvendor and self.subdevice:
            text += f", subsystem {self.subvendor}:{self.subdevice}"
        return text


def _combine(results: Iterable[Match]) -> Match:
    """All fields agree: True; any field differs: False; otherwise unknown."""
    unknown = False
    for result in results:
        if result is False:
            return False
        if result is None:
            unknown = True
    return None if unknown else True


def _field(wanted: str | None, have: str | None) -> Match:
    """One pattern field (None = wildcard) against one device value (None = not stated)."""
    if wanted is None:
        return True
    if have is None:
        return None
    return wanted.lower() == have.lower()


# --- Linux modalias --------------------------------------------------------------------------------

_MODALIAS = re.compile(
    r"^(?P<prefix>pci|vfio_pci):"
    r"v(?P<v>[0-9A-Fa-f]{8}|\*)d(?P<d>[0-9A-Fa-f]{8}|\*)"
    r"sv(?P<sv>[0-9A-Fa-f]{8}|\*)sd(?P<sd>[0-9A-Fa-f]{8}|\*)"
    r"bc(?P<bc>[0-9A-Fa-f]{2}|\*)sc(?P<sc>[0-9A-Fa-f]{2}|\*)i(?P<i>[0-9A-Fa-f]{2}|\*)\*?$"
)
MODALIAS_FIELDS = (
    "vendor",
    "device",
    "subvendor",
    "subdevice",
    "base class",
    "subclass",
    "prog-if",
)


def _id16(value: str) -> str | None:
    """An 8-digit modalias field as a 4-digit PCI ID, or None for '*'."""
    if value == "*":
        return None
    number = int(value, 16)
    if number > 0xFFFF:
        raise ValueError(f"ID field {value} is larger than 16 bits")
    return f"{number:04x}"


@dataclass(frozen=True)
class ModaliasPattern:
    """One PCI alias pattern of a ``modules.alias`` file, parsed into its seven fields."""

    text: str
    prefix: str
    vendor: str | None
    device: str | None
    subvendor: str | None
    subdevice: str | None
    base_class: str | None
    subclass: str | None
    prog_if: str | None

    @classmethod
    def parse(cls, text: str) -> ModaliasPattern:
        """Parse ``pci:v…d…sv…sd…bc…sc…i…`` as file2alias writes it (each field a value or ``*``).

        Raises ValueError for anything else, with what was expected.
        """
        raw = text.strip()
        m = _MODALIAS.match(raw)
        if m is None:
            raise ValueError(
                f"not a PCI modalias pattern: {raw!r}; expected "
                "pci:v<8 hex|*>d<8 hex|*>sv<8 hex|*>sd<8 hex|*>bc<2 hex|*>sc<2 hex|*>i<2 hex|*>"
            )
        g = m.groupdict()
        parts = {k: (v if v == "*" else v.upper()) for k, v in g.items() if k != "prefix"}
        canonical = (
            f"{g['prefix']}:v{parts['v']}d{parts['d']}sv{parts['sv']}sd{parts['sd']}"
            f"bc{parts['bc']}sc{parts['sc']}i{parts['i']}"
        )
        if not canonical.endswith("*"):
            canonical += "*"  # file2alias always ends a PCI alias with a wildcard
        return cls(
            text=canonical,
            prefix=g["prefix"],
            vendor=_id16(g["v"]),
            device=_id16(g["d"]),
            subvendor=_id16(g["sv"]),
            subdevice=_id16(g["sd"]),
            base_class=None if g["bc"] == "*" else g["bc"].lower(),
            subclass=None if g["sc"] == "*" else g["sc"].lower(),
            prog_if=None if g["i"] == "*" else g["i"].lower(),
        )

    @property
    def override_only(self) -> bool:
        """A ``vfio_pci:`` alias: the driver binds only when named with ``driver_override``."""
        return self.prefix == "vfio_pci"

    def _pairs(self, ids: DeviceIds) -> list[tuple[str, str | None, str | None]]:
        return [
            ("vendor", self.vendor, ids.vendor),
            ("device", self.device, ids.device),
            ("subvendor", self.subvendor, ids.subvendor),
            ("subdevice", self.subdevice, ids.subdevice),
            ("class_code", self.base_class, ids.base_class),
            ("class_code", self.subclass, ids.subclass),
            ("class_code", self.prog_if, ids.prog_if),
        ]

    def match(self, ids: DeviceIds) -> Match:
        """Would ``modprobe`` load this alias's module for the device?

        With every ID known this is exactly ``fnmatch(modalias, pattern)``; with some unknown, a
        field that differs decides False, and a constrained field that is not stated leaves the
        answer unknown. A ``vfio_pci:`` alias is matched like a ``pci:`` one: a host file that
        names such a driver for a device describes the ``driver_override`` that makes it bind.
        """
        alias = modalias(ids)
        if alias is not None:
            return fnmatchcase(alias.lower(), self.text.replace("vfio_pci:", "pci:").lower())
        return _combine(_field(want, have) for _, want, have in self._pairs(ids))

    def needs(self, ids: DeviceIds) -> list[str]:
        """The device fields this pattern constrains but the description does not state."""
        out: list[str] = []
        for name, want, have in self._pairs(ids):
            if want is not None and have is None and name not in out:
                out.append(name)
        return out


def modalias(ids: DeviceIds) -> str | None:
    """The device's ``/sys/bus/pci/devices/*/modalias`` string, or None if an ID is not stated."""
    if ids.subvendor is None or ids.subdevice is None or ids.prog_if is None:
        return None
    base, sub, prog = (ids.base_class or ""), (ids.subclass or ""), ids.prog_if
    return (
        f"pci:v{int(ids.vendor, 16):08X}d{int(ids.device, 16):08X}"
        f"sv{int(ids.subvendor, 16):08X}sd{int(ids.subdevice, 16):08X}"
        f"bc{base.upper()}sc{sub.upper()}i{prog.upper()}"
    )


@dataclass(frozen=True)
class AliasLine:
    """One ``alias <pattern> <module>`` line of a ``modules.alias`` file with a PCI pattern."""

    pattern: ModaliasPattern
    module: str


def parse_modules_alias_line(line: str) -> AliasLine | None:
    """Parse one line of ``modules.alias``; None for comments, blank lines and non-PCI aliases.

    Raises ValueError for a line that is not an alias line, or a malformed PCI pattern.
    """
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    parts = text.split()
    if parts[0] != "alias" or len(parts) != 3:
        raise ValueError(f"expected 'alias <pattern> <module>', got {text[:80]!r}")
    pattern, module = parts[1], parts[2]
    if not (pattern.startswith("pci:") or pattern.startswith("vfio_pci:")):
        return None
    return AliasLine(ModaliasPattern.parse(pattern), module)


# --- ESXi map files --------------------------------------------------------------------------------

_MAP_ID = re.compile(r"^[0-9a-f.]{16}(?:[0-9a-f.]{6})?$")
_MAP_FIELDS = (
    ("vendor", 0, 4),
    ("device", 4, 8),
    ("subvendor", 8, 12),
    ("subdevice", 12, 16),
    ("class_code", 16, 22),
)


@dataclass(frozen=True)
class EsxiMapId:
    """The ``id=`` value of a ``default.map.d`` line: 22 characters, '.' matching any."""

    text: str

    @classmethod
    def parse(cls, text: str) -> EsxiMapId:
        raw = text.strip().lower()
        if not _MAP_ID.match(raw):
            raise ValueError(
                f"not an ESXi map id: {text.strip()!r}; expected VID DID SVID SSID (16 hex digits "
                "or '.') optionally followed by a 6-character class field, e.g. "
                "'15b3101d15b30016......'"
            )
        return cls(raw.ljust(22, "."))

    def _device_chars(self, ids: DeviceIds) -> list[str | None]:
        chars: list[str | None] = [*ids.vendor, *ids.device]
        for value, width in ((ids.subvendor, 4), (ids.subdevice, 4)):
            chars.extend(value if value is not None else [None] * width)
        code = ids.class_code or ""
        chars.extend(code[i] if i < len(code) else None for i in range(6))
        return chars

    def match(self, ids: DeviceIds) -> Match:
        """Position by position: '.' matches anything, a hex digit must equal the device's."""
        have = self._device_chars(ids)
        return _combine(
            True if want == "." else (None if got is None else want == got)
            for want, got in zip(self.text, have, strict=True)
        )

    def needs(self, ids: DeviceIds) -> list[str]:
        have = self._device_chars(ids)
        out: list[str] = []
        for name, start, end in _MAP_FIELDS:
            constrained = any(self.text[i] != "." and have[i] is None for i in range(start, end))
            if constrained:
                out.append(name)
        return out


@dataclass(frozen=True)
class MapLine:
    """One PCI line of an ESXi ``/etc/vmware/default.map.d/<driver>.map`` file."""

    id: EsxiMapId
    driver: str
    regtype: str | None
    extra: tuple[tuple[str, str], ...] = ()


def parse_esxi_map_line(line: str) -> MapLine | None:
    """Parse ``regtype=native,bus=pci,id=…,driver=…``; None for comments, blanks and other buses.

    Raises ValueError for a line without ``key=value`` fields, an ``id`` or a ``driver``.
    """
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    fields: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected comma-separated key=value fields, got {part.strip()!r}")
        fields[key.strip().lower()] = value.strip()
    if fields.get("bus", "pci").lower() != "pci":
        return None
    for key in ("id", "driver"):
        if not fields.get(key):
            raise ValueError(f"map line has no '{key}=' field")
    extra = tuple((k, v) for k, v in fields.items() if k not in ("id", "driver", "regtype", "bus"))
    return MapLine(EsxiMapId.parse(fields["id"]), fields["driver"], fields.get("regtype"), extra)


# --- Windows INF hardware IDs ---------------------------------------------------------------------

# The ID forms the PCI bus driver reports (hardware IDs, then compatible IDs), by their fields.
_INF_FORMS: tuple[tuple[str, ...], ...] = (
    ("VEN", "DEV", "SUBSYS", "REV"),
    ("VEN", "DEV", "SUBSYS"),
    ("VEN", "DEV", "REV"),
    ("VEN", "DEV"),
    ("VEN", "DEV", "CC6"),
    ("VEN", "DEV", "CC4"),
    ("VEN", "CC6"),
    ("VEN", "CC4"),
    ("VEN",),
    ("CC6",),
    ("CC4",),
)
_INF_PART = re.compile(
    r"^(?:(?P<VEN>VEN_[0-9A-F]{4})|(?P<DEV>DEV_[0-9A-F]{4})|(?P<SUBSYS>SUBSYS_[0-9A-F]{8})"
    r"|(?P<REV>REV_[0-9A-F]{2})|(?P<CC6>CC_[0-9A-F]{6})|(?P<CC4>CC_[0-9A-F]{4}))$"
)


@dataclass(frozen=True)
class InfHardwareId:
    """One PCI hardware or compatible ID from an INF file, e.g. ``PCI\\VEN_1AF4&DEV_1000``."""

    text: str
    vendor: str | None = None
    device: str | None = None
    subdevice: str | None = None
    subvendor: str | None = None
    revision: str | None = None
    class_code: str | None = None

    @classmethod
    def parse(cls, text: str) -> InfHardwareId:
        """Parse a PCI ID in one of the forms the PCI bus driver reports; ValueError otherwise."""
        raw = text.strip().upper()
        if not raw.startswith("PCI\\"):
            raise ValueError(f"not a PCI hardware ID: {text.strip()!r}")
        form: list[str] = []
        values: dict[str, str] = {}
        for part in raw[4:].split("&"):
            m = _INF_PART.match(part)
            if m is None:
                raise ValueError(
                    f"{text.strip()!r}: '{part}' is not VEN_xxxx, DEV_xxxx, SUBSYS_ssssvvvv, REV_rr or "
                    "CC_ccss[pp]"
                )
            name = next(k for k, v in m.groupdict().items() if v)
            form.append(name)
            values[name] = part.split("_", 1)[1].lower()
        if tuple(form) not in _INF_FORMS:
            shown = "&".join(f.rstrip("46") for f in form)
            raise ValueError(
                f"{text.strip()!r}: the PCI bus driver never reports an ID of the form {shown}; "
                "use e.g. PCI\\VEN_v&DEV_d, PCI\\VEN_v&DEV_d&SUBSYS_ssssvvvv or PCI\\VEN_v&DEV_d&REV_r"
            )
        subsys = values.get("SUBSYS")
        return cls(
            text=raw,
            vendor=values.get("VEN"),
            device=values.get("DEV"),
            subdevice=subsys[:4] if subsys else None,
            subvendor=subsys[4:] if subsys else None,
            revision=values.get("REV"),
            class_code=values.get("CC6") or values.get("CC4"),
        )

    def _checks(self, ids: DeviceIds) -> list[tuple[str, Match]]:
        checks: list[tuple[str, Match]] = [
            ("vendor", _field(self.vendor, ids.vendor)),
            ("device", _field(self.device, ids.device)),
            ("subdevice", _field(self.subdevice, ids.subdevice)),
            ("subvendor", _field(self.subvendor, ids.subvendor)),
            ("revision", _field(self.revision, ids.revision)),
        ]
        if self.class_code is not None:
            have = ids.class_code
            if have is None or len(have) < len(self.class_code):
                checks.append(("class_code", None))
            else:
                checks.append(("class_code", have[: len(self.class_code)] == self.class_code))
        return checks

    def match(self, ids: DeviceIds) -> Match:
        """True if the device reports an ID equal to this one (every field in it equal)."""
        return _combine(result for _, result in self._checks(ids))

    def needs(self, ids: DeviceIds) -> list[str]:
        return [name for name, result in self._checks(ids) if result is None]

    @property
    def rank(self) -> int:
        """Position of this ID's form in the device's list: 0 is the most specific."""
        form = tuple(
            name
            for name, value in (
                ("VEN", self.vendor),
                ("DEV", self.device),
                ("SUBSYS", self.subvendor),
                ("REV", self.revision),
                (
                    "CC6" if self.class_code and len(self.class_code) == 6 else "CC4",
                    self.class_code,
                ),
            )
            if value is not None
        )
        return _INF_FORMS.index(form)


def device_hardware_ids(ids: DeviceIds) -> list[str]:
    """The hardware and compatible IDs the PCI bus driver reports for the device, most specific
    first, leaving out the forms that need an ID the description does not state."""
    v, d = f"VEN_{ids.vendor}".upper(), f"DEV_{ids.device}".upper()
    subsys = (
        f"SUBSYS_{ids.subdevice}{ids.subvendor}".upper()
        if ids.subvendor is not None and ids.subdevice is not None
        else None
    )
    rev = f"REV_{ids.revision}".upper() if ids.revision is not None else None
    code = ids.class_code or ""
    cc6 = f"CC_{code}".upper() if len(code) == 6 else None
    cc4 = f"CC_{code[:4]}".upper() if len(code) >= 4 else None
    parts = {"VEN": v, "DEV": d, "SUBSYS": subsys, "REV": rev, "CC6": cc6, "CC4": cc4}
    out: list[str] = []
    for form in _INF_FORMS:
        values = [parts[name] for name in form]
        if all(values):
            text = "PCI\\" + "&".join(str(value) for value in values)
            if text not in out:
                out.append(text)
    return out


@dataclass(frozen=True)
class InfModelLine:
    """One line of an INF ``[Models]`` section: ``description = install-section, hw-id[, …]``."""

    description: str
    install_section: str
    hardware_ids: tuple[InfHardwareId, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    """(ID, why) for IDs that are not usable PCI IDs (other buses, .inx placeholders)."""


def _strip_inf_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            return line[:i]
    return line


def parse_inf_model_line(line: str) -> InfModelLine | None:
    """Parse a ``[Models]`` section line; None for comments and blank lines.

    Raises ValueError for a line that has no ``=`` or no install section.
    """
    text = _strip_inf_comment(line).strip()
    if not text:
        return None
    desc, sep, rest = text.partition("=")
    if not sep:
        raise ValueError(f"expected 'description = install-section, hardware-id', got {text!r}")
    items = [item.strip() for item in rest.split(",")]
    if not items[0]:
        raise ValueError(f"no install section in {text!r}")
    found: list[InfHardwareId] = []
    skipped: list[tuple[str, str]] = []
    for item in items[1:]:
        if not item:
            continue
        if not item.upper().startswith("PCI\\"):
            skipped.append((item, "not a PCI ID"))
            continue
        try:
            found.append(InfHardwareId.parse(item))
        except ValueError as exc:
            skipped.append((item, str(exc)))
    return InfModelLine(desc.strip(), items[0], tuple(found), tuple(skipped))


_ARCH_DECORATION = {"amd64": "x64", "x86": "x86", "arm64": "arm64"}


@dataclass
class InfFile:
    """What an INF file says about which PCI devices its driver binds."""

    services: list[str] = field(default_factory=list)
    """Services the install sections add (AddService), in order: the first is the driver."""
    architectures: list[str] = field(default_factory=list)
    """x64, x86, arm64 from the Models section decorations; empty when undecorated or templated."""
    hardware_ids: list[tuple[int, InfHardwareId]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _sections(text: str) -> Iterator[tuple[str, int, str]]:
    """(section name lower-cased, line number, line) for every line inside a section."""
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = _strip_inf_comment(line).strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip().lower()
            continue
        yield section, number, line


def parse_inf(text: str) -> InfFile:
    """Read the model sections named in ``[Manufacturer]`` and the services the INF installs."""
    result = InfFile()
    models: set[str] = set()
    lines = list(_sections(text))
    for section, number, line in lines:
        body = _strip_inf_comment(line).strip()
        if not body:
            continue
        if section == "manufacturer":
            _, sep, rest = body.partition("=")
            items = [i.strip() for i in rest.split(",") if i.strip()]
            if not sep or not items:
                result.errors.append(
                    (number, f"expected 'manufacturer = models[, decoration…]', got {body!r}")
                )
                continue
            base = items[0].lower()
            models.add(base)
            for decoration in items[1:]:
                models.add(f"{base}.{decoration.lower()}")
                arch = _ARCH_DECORATION.get(decoration.lower().removeprefix("nt").split(".")[0])
                if arch and arch not in result.architectures:
                    result.architectures.append(arch)
        elif section.endswith(".services"):
            key, sep, rest = body.partition("=")
            if sep and key.strip().lower() == "addservice":
                name = rest.split(",")[0].strip()
                if name and name not in result.services:
                    result.services.append(name)
    for section, number, line in lines:
        if section not in models:
            continue
        try:
            parsed = parse_inf_model_line(line)
        except ValueError as exc:
            result.errors.append((number, str(exc)))
            continue
        if parsed is None:
            continue
        result.hardware_ids.extend((number, hwid) for hwid in parsed.hardware_ids)
        result.skipped.extend((number, item, why) for item, why in parsed.skipped)
    return result


# --- pci.ids ---------------------------------------------------------------------------------------

_VENDOR_LINE = re.compile(r"^([0-9a-fA-F]{4})\s+(\S.*)$")
_DEVICE_LINE = re.compile(r"^\t([0-9a-fA-F]{4})\s+(\S.*)$")
_SUBSYS_LINE = re.compile(r"^\t\t([0-9a-fA-F]{4}) ([0-9a-fA-F]{4})\s+(\S.*)$")
_CLASS_LINE = re.compile(r"^C ([0-9a-fA-F]{2})\s+(\S.*)$")
_SUBCLASS_LINE = re.compile(r"^\t([0-9a-fA-F]{2})\s+(\S.*)$")
_PROGIF_LINE = re.compile(r"^\t\t([0-9a-fA-F]{2})\s+(\S.*)$")
_VERSION_LINE = re.compile(r"^#\s*Version:\s*(\S+)")


@dataclass
class PciIds:
    """The contents of a ``pci.ids`` file (pciutils/pciids syntax)."""

    version: str | None = None
    vendors: dict[str, str] = field(default_factory=dict)
    devices: dict[tuple[str, str], str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    """Class names by 2, 4 or 6 hex digits (class, subclass, programming interface)."""
    errors: list[tuple[int, str]] = field(default_factory=list)


def parse_pci_ids(text: str) -> PciIds:
    """Parse ``vendor  name`` / ``\\tdevice  name`` / ``\\t\\tsubvendor subdevice  name`` and the
    ``C class  name`` section; malformed lines are collected in ``errors`` (line, message)."""
    out = PciIds()
    vendor: str | None = None
    device: str | None = None
    klass: str | None = None
    subclass: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = _VERSION_LINE.match(line)
            if m and out.version is None:
                out.version = m.group(1)
            continue
        if not line[0].isspace():
            device = subclass = None
            if m := _CLASS_LINE.match(line):
                klass, vendor = m.group(1).lower(), None
                out.classes[klass] = m.group(2).strip()
            elif m := _VENDOR_LINE.match(line):
                vendor, klass = m.group(1).lower(), None
                out.vendors[vendor] = m.group(2).strip()
            else:
                vendor = klass = None
                out.errors.append((number, f"not a vendor or class line: {line[:60]!r}"))
            continue
        if klass is not None:
            if m := _SUBCLASS_LINE.match(line):
                subclass = m.group(1).lower()
                out.classes[klass + subclass] = m.group(2).strip()
            elif (m := _PROGIF_LINE.match(line)) and subclass is not None:
                out.classes[klass + subclass + m.group(1).lower()] = m.group(2).strip()
            else:
                out.errors.append(
                    (number, f"not a subclass or programming-interface line: {line.strip()[:60]!r}")
                )
            continue
        if vendor is not None:
            if m := _DEVICE_LINE.match(line):
                device = m.group(1).lower()
                out.devices[(vendor, device)] = m.group(2).strip()
            elif not (_SUBSYS_LINE.match(line) and device is not None):
                # a well-formed subsystem line is accepted and dropped: no rule needs its name
                out.errors.append(
                    (number, f"not a device or subsystem line: {line.strip()[:60]!r}")
                )
            continue
        out.errors.append((number, "indented line outside a vendor or class block"))
    return out
