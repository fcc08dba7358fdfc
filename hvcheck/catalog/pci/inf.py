"""Windows INF hardware IDs and INF model sections.

**Windows INF hardware IDs**: the PCI bus driver reports, from most to least specific,
``PCI\\VEN_v&DEV_d&SUBSYS_s(4)n(4)&REV_r``, ``…&SUBSYS_…``, ``…&REV_r``, ``PCI\\VEN_v&DEV_d``,
``…&CC_ccss(pp)``, then compatible IDs down to ``PCI\\CC_ccss``. ``SUBSYS`` is the subsystem
*device* ID followed by the subsystem *vendor* ID (``ssssvvvv``). An INF entry matches a device
when it equals one of the IDs the device reports (compared case-insensitively); the position of
the equal ID is its rank (Microsoft, "Identifiers for PCI Devices").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from hvcheck.catalog.pci.ids import DeviceIds, Match, combine, field_match

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
            ("vendor", field_match(self.vendor, ids.vendor)),
            ("device", field_match(self.device, ids.device)),
            ("subdevice", field_match(self.subdevice, ids.subdevice)),
            ("subvendor", field_match(self.subvendor, ids.subvendor)),
            ("revision", field_match(self.revision, ids.revision)),
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
        return combine(result for _, result in self._checks(ids))

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
