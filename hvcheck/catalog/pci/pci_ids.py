"""The ``pci.ids`` database (pciutils/pciids syntax): vendor, device and class names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
