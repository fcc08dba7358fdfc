"""Linux modalias matching and ``modules.alias`` lines.

**Linux modalias** (``modules.alias``). The kernel publishes a device's modalias as
``pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X`` and ``modprobe`` matches it with ``fnmatch()``
against each ``alias <pattern> <module>`` line that ``file2alias`` generated from the driver's
ID table; a field is either a value or ``*`` (torvalds/linux:scripts/mod/file2alias.c,
``do_pci_entry``). The ``vfio_pci:`` prefix marks drivers that bind only through
``driver_override``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from hvcheck.catalog.pci.ids import DeviceIds, Match, combine, field_match

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
        return combine(field_match(want, have) for _, want, have in self._pairs(ids))

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
