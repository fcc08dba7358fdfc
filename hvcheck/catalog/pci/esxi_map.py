"""ESXi driver map files.

**ESXi map files** (``/etc/vmware/default.map.d/<driver>.map``): lines such as
``regtype=native,bus=pci,id=15b3101d15b30016......,driver=nmlx5_core``. The ``id`` is VID, DID,
SVID and SSID (4 hex digits each) followed by a 6-character field read here as the class code
(class, subclass, programming interface — inferred from entries whose devices' class codes are
known, not documented by VMware); ``.`` matches any character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hvcheck.catalog.pci.ids import DeviceIds, Match, combine

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
        return combine(
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
