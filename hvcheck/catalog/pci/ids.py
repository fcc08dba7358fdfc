"""What a device reports on the PCI bus, and three-valued matching of one ID field.

Every matcher answers ``True`` (the loader would bind), ``False`` (it would not, whatever the
unstated IDs are) or ``None`` (it depends on an ID the device description does not state).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


def combine(results: Iterable[Match]) -> Match:
    """All fields agree: True; any field differs: False; otherwise unknown."""
    unknown = False
    for result in results:
        if result is False:
            return False
        if result is None:
            unknown = True
    return None if unknown else True


def field_match(wanted: str | None, have: str | None) -> Match:
    """One pattern field (None = wildcard) against one device value (None = not stated)."""
    if wanted is None:
        return True
    if have is None:
        return None
    return wanted.lower() == have.lower()
