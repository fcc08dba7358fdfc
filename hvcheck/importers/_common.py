"""What every importer produces: a draft of partitions, devices and drivers, before ids are settled.

Importers never write YAML: they describe what one source file says in these drafts, and record every
part of the source they could not map (``unmapped``) so that nothing is dropped silently. The
assembler (``_render``) turns the drafts into a host description.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from hvcheck.findings import Span


class ImportRefused(Exception):
    """A source file is not of the format, or cannot be read: ``reason`` says why, in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = " ".join(reason.split())


@dataclass(frozen=True)
class ImportWarning:
    """Something in a source file that the host description does not carry (``line``: where it
    is, when one line says it)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: warning: {self.message}"


@dataclass(frozen=True)
class SourcePos:
    """Where in its source file a draft element comes from: 1-based line and column, the end
    exclusive. A format without columns (one setting per line) gives the whole line."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def span(self) -> Span:
        end_line = self.end_line if self.end_line is not None else self.line
        end_column = self.end_column if self.end_column is not None else self.column + 1
        return Span(self.line, self.column, end_line, end_column)


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> tuple[str, ...]:
    """``text`` split into lines, kept for the next call (an importer asks about many lines of one
    text; a str's hash is cached, so a hit costs no pass over the text)."""
    return tuple(text.splitlines())


def line_pos(text: str, line: int, start: int = 0) -> SourcePos:
    """The whole of line ``line`` of ``text`` (from character ``start``, trailing blanks left out)."""
    lines = _lines(text)
    body = lines[line - 1] if 0 < line <= len(lines) else ""
    end = len(body.rstrip())
    first = min(start, end)
    while first < end and body[first] in " \t":
        first += 1
    return SourcePos(line, first + 1, line, max(end, first) + 1)


@dataclass
class OsInfo:
    """A guest operating system, as far as the source says."""

    family: str
    name: str
    version: str | None = None
    arch: str | None = None
    edition: str | None = None


@dataclass
class VDev:
    """A virtual device of one guest. ``local`` is unique in the guest; the assembler prefixes it."""

    local: str
    kind: str
    model: str
    mode: str
    served_by: str | None = None  # a reserved id ('hypervisor') or a domain name (Xen backends)
    controller_local: str | None = None  # the local id of the controller a disk hangs off
    backed_by: str | None = None  # the id of a physical device in ``Guest.host_devices``
    boot: bool = False
    bus: str | None = None
    unit: int | None = None
    media: str | None = None
    note: str = ""
    pos: SourcePos | None = None  # where the source describes it (None: not known)
    at: dict[str, SourcePos] = field(default_factory=dict)  # where a field of it comes from


@dataclass
class PDev:
    """A physical device of the host."""

    id: str
    device_class: str
    name: str | None = None
    pci: dict[str, str] | None = None
    address: str | None = None
    in_use: bool = True
    note: str = ""
    driver_unknown: bool = False  # which driver binds it is not known (``driver: unknown``)
    # facts of a live host (sysfs, libvirt node devices, Hyper-V); None: unknown
    iommu_group: int | None = None
    physfn: str | None = None  # the id of the SR-IOV physical function of a virtual function
    sriov: bool | None = None
    sriov_total_vfs: int | None = None
    pcie_type: str | None = None
    interrupts: list[str] | None = None
    mmio_mb: float | None = None
    requires_rmrr: bool | None = None
    pos: SourcePos | None = None  # where the source describes it (None: not known)
    at: dict[str, SourcePos] = field(default_factory=dict)  # where a field of it comes from


@dataclass
class Drv:
    """A driver of physical devices."""

    name: str
    kind: str
    location: str
    drives: list[str] = field(default_factory=list)
    partition: str | None = None
    note: str = ""
    observed: bool = False  # the running host has bound it (sysfs, nodedev, Hyper-V PnP)
    version: str | None = None
    pos: SourcePos | None = None  # where the source describes it (None: not known)
    at: dict[str, SourcePos] = field(default_factory=dict)  # where a field of it comes from


Scalar = str | int | float | bool
Fact = Scalar | list[Scalar] | dict[str, "Fact"]


@dataclass
class HostFacts:
    """What a live-host source says about the host itself; a key left out is unknown.

    Each section is the mapping its host-format section holds (``cpu`` with its ``features``,
    ``firmware``, ``host_os``, ``kvm``), written out by the assembler in the model's order.
    """

    version: str | None = None  # spec.hypervisor.version
    host_os: dict[str, Fact] = field(default_factory=dict)
    cpu: dict[str, Fact] = field(default_factory=dict)
    memory_gb: float | None = None
    firmware: dict[str, Fact] = field(default_factory=dict)
    kvm: dict[str, Fact] = field(default_factory=dict)


@dataclass
class Guest:
    """One virtual machine (domain, partition) read from a source file."""

    name: str
    source: str
    role: str = "child"
    os: OsInfo | None = None
    vcpus: int | None = None
    memory_mb: int | None = None
    hw_version: int | None = None
    virt_mode: str | None = None
    device_model: str | None = None
    xen_platform_pci: bool | None = None
    machine: str | None = None
    firmware: str | None = None  # bios or uefi
    secure_boot: bool | None = None
    generation: int | None = None  # Hyper-V VM generation
    settings: dict[str, Fact] = field(default_factory=dict)  # further partition keys, in order
    devices: list[VDev] = field(default_factory=list)
    host_devices: list[PDev] = field(default_factory=list)  # pass-through targets (placeholders)
    comments: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    pos: SourcePos | None = None  # where the source describes the guest (None: not known)
    at: dict[str, SourcePos] = field(default_factory=dict)  # where a setting of it comes from


@dataclass
class Imported:
    """What one importer made of one source file."""

    path: str
    product: str
    fmt: str
    guests: list[Guest] = field(default_factory=list)
    devices: list[PDev] = field(default_factory=list)
    drivers: list[Drv] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # facts the source could not give
    parent_placeholder: bool = False  # a Xen dom0 the source does not describe
    host: HostFacts | None = None  # host-level facts (live-host sources only)
    complete: bool = False  # the source lists every physical device of the host
    name: str | None = None  # the host's name, when the source says it better than its path
    text: str | None = None  # the source as decoded, for excerpts of findings (None: UTF-8)
    warnings: list[ImportWarning] = field(default_factory=list)  # with the line they concern


# --- small helpers shared by the importers -------------------------------------------------------

_ID_BAD = re.compile(r"[^A-Za-z0-9_.:-]+")


def sanitize_id(text: str, fallback: str = "item", limit: int = 80) -> str:
    """``text`` as a host-format id: letters, digits, '_', '.', ':' and '-', starting alphanumeric."""
    out = _ID_BAD.sub("-", text.strip())
    out = out.lstrip("_.:-")[:limit].rstrip("_.:-")
    return out or fallback


def decode_text(path: str, data: bytes, what: str) -> str:
    """UTF-8 text (a BOM is dropped); binary data is refused."""
    if b"\x00" in data:
        raise ImportRefused(path, f"not {what}: the file is binary (it contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            path, f"not {what}: byte {exc.start} is not UTF-8 ({exc.reason})"
        ) from None


def summarize(items: list[str]) -> list[str]:
    """Items in first-seen order, repeated ones counted: ['a', 'b', 'a'] -> ['a (x2)', 'b']."""
    counts = Counter(items)
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return [f"{item} (x{counts[item]})" if counts[item] > 1 else item for item in seen]


def small_int(text: str | None, limit: int = 1 << 40) -> int | None:
    """A non-negative decimal integer of reasonable size, or None (never a huge conversion)."""
    if text is None:
        return None
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 15:
        return None
    number = int(value)
    return number if number <= limit else None


def hex4(text: str | None) -> str | None:
    """A PCI ID as four lower-case hex digits: '0x8086' and '8086' are hex, longer digit runs decimal."""
    if text is None:
        return None
    value = text.strip().lower()
    try:
        if value.startswith("0x") and len(value) <= 10:
            number = int(value[2:], 16)
        elif re.fullmatch(r"[0-9a-f]{4}", value):
            number = int(value, 16)
        elif value.isdigit() and len(value) <= 6:
            number = int(value)
        else:
            return None
    except ValueError:
        return None
    if not 0 <= number <= 0xFFFF:
        return None
    return f"{number:04x}"


def pci_address(text: str) -> str | None:
    """A PCI address as 'DDDD:BB:SS.F'; accepts 'BB:SS.F', 'DDDD:BB:SS.F' and 'DDD:BBB:SS.F'."""
    m = re.fullmatch(
        r"(?:(?P<d>[0-9a-fA-F]{1,8}):)?(?P<b>[0-9a-fA-F]{1,3}):(?P<s>[0-9a-fA-F]{1,2})\.(?P<f>[0-7])",
        text.strip(),
    )
    if m is None:
        return None
    domain = int(m.group("d") or "0", 16)
    bus = int(m.group("b"), 16)
    slot = int(m.group("s"), 16)
    if bus > 0xFF or slot > 0x1F:
        return None
    return f"{domain:04x}:{bus:02x}:{slot:02x}.{m.group('f')}"


def pci_device_id(address: str) -> str:
    """The id of a physical device known only by its PCI address."""
    return f"pci-{address}"


PASSTHROUGH_DRIVERS = frozenset({"vfio-pci", "pci-stub", "pciback", "xen-pciback"})
"""Linux drivers that reserve a device for pass-through: bound to one, a device has no host driver."""


def bind(
    drivers: dict[str, Drv],
    name: str,
    kind: str,
    location: str,
    dev_id: str,
    *,
    key: str | None = None,
    partition: str | None = None,
    pos: SourcePos | None = None,
) -> Drv:
    """The observed driver ``name`` of ``drivers`` (looked up by ``key``, else ``name``), created
    when it is not there yet, now also driving ``dev_id``. ``pos``: where the source states this
    binding (the driver's own position when it is created, and that of its new ``drives`` item).

    A caller that sets more of a new driver checks ``len(drv.drives) == 1``."""
    found = drivers.get(key or name)
    if found is None:
        found = Drv(name, kind, location, partition=partition, observed=True, pos=pos)
        drivers[key or name] = found
    if pos is not None:
        found.at[f"drives[{len(found.drives)}]"] = pos
    found.drives.append(dev_id)
    return found


# PCI base class (high byte of the class code) -> host-format device class.
_BASE_CLASS = {
    0x01: "storage",
    0x02: "network",
    0x03: "display",
    0x07: "serial",
    0x09: "input",
    0x0D: "network",
    0x10: "accelerator",
    0x12: "accelerator",
    0x40: "accelerator",
}
# serial-bus controllers (0x0c) by subclass
_SERIAL_BUS = {0x03: "usb", 0x04: "storage"}


def device_class(code: int) -> str:
    """Host-format device class of a 16-bit PCI class code (base class << 8 | subclass)."""
    base, sub = code >> 8, code & 0xFF
    if base == 0x0C:
        return _SERIAL_BUS.get(sub, "other")
    return _BASE_CLASS.get(base, "other")


def arch_of(text: str | None) -> str | None:
    """Host-format OS arch of an architecture name (x86_64, i686, aarch64…); None when outside it."""
    if not text:
        return None
    value = text.strip().lower()
    if value in ("x86_64", "amd64", "x64"):
        return "x64"
    if value in ("i386", "i486", "i586", "i686", "x86"):
        return "x86"
    if value in ("aarch64", "arm64"):
        return "arm64"
    return None
