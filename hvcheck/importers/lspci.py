"""``lspci -nnk`` (or ``-vvnnk``, ``-nk``) output -> the physical devices of a KVM host and their drivers.

Each device record gives its PCI address, class code, vendor/device IDs, subsystem IDs and the kernel
driver bound to it. Drivers become ``linux-module`` drivers in the host OS, marked ``observed``:
lspci reports a binding the running kernel made. Lines around the output that are not lspci's (a
heading, a shell prompt, a code fence) are skipped with a warning; the configuration-space dumps of
``lspci -x`` are detail lines. A device bound to
vfio-pci, pci-stub or (xen-)pciback is reserved for pass-through: no host driver, ``in_use: false``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    PASSTHROUGH_DRIVERS,
    Drv,
    Imported,
    ImportRefused,
    ImportWarning,
    PDev,
    bind,
    decode_text,
    device_class,
    line_pos,
    pci_address,
    pci_device_id,
)

TITLE = "lspci -nnk output"
"""What the source format is, for messages and provenance comments."""
SCOPE = "host"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


_ADDR = r"(?P<addr>(?:[0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])"
# -nn: "00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics [8086:591d] (rev 04)"
_HEADER_NN = re.compile(
    _ADDR + r"\s+(?P<cname>.*?)\s*\[(?P<cls>[0-9a-fA-F]{4})\]:\s*(?P<desc>.*?)\s*"
    r"\[(?P<vendor>[0-9a-fA-F]{4}):(?P<device>[0-9a-fA-F]{4})\](?P<tail>(?:\s*\((?:[^()]|\([^()]*\))*\))*)\s*$"
)
# -n: "00:02.0 0300: 8086:591d (rev 04)"
_HEADER_N = re.compile(
    _ADDR + r"\s+(?P<cls>[0-9a-fA-F]{4}):\s*(?P<vendor>[0-9a-fA-F]{4}):(?P<device>[0-9a-fA-F]{4})"
    r"(?P<tail>(?:\s*\((?:[^()]|\([^()]*\))*\))*)\s*$"
)
_PLAIN_HEADER = re.compile(_ADDR + r"\s+\S")
_SUBSYS = re.compile(r"\[?(?P<sv>[0-9a-fA-F]{4}):(?P<sd>[0-9a-fA-F]{4})\]?\s*$")


@dataclass
class _Record:
    line: int
    address: str
    cls: int
    vendor: str
    device: str
    name: str | None
    subvendor: str | None = None
    subdevice: str | None = None
    driver: str | None = None
    modules: list[str] = field(default_factory=list)
    revision: str | None = None
    prog_if: str | None = None
    driver_line: int | None = None

    @property
    def class_code(self) -> str:
        return f"{self.cls:04x}{self.prog_if or ''}"


_HEX_DUMP = re.compile(r"^[0-9a-fA-F]{2,3}: (?:[0-9a-fA-F]{2} ?){1,16}\s*$")  # lspci -x


def parse_lines(path: str, text: str) -> tuple[list[_Record], int, bool, list[tuple[int, str]]]:
    """Records, detail lines not represented, whether -k lines were seen, and the lines that are
    not lspci output at all (a heading, a code fence or a prompt around pasted output)."""
    records: list[_Record] = []
    details = 0
    saw_k = False
    skipped: list[tuple[int, str]] = []
    plain: list[int] = []  # device lines of plain `lspci` (no IDs): skipped with their details
    in_plain = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if _HEX_DUMP.match(line) and (records or in_plain):
            details += 1  # the configuration-space dump of lspci -x/-xxx
            continue
        if not line[0].isspace():
            m = _HEADER_NN.match(line) or _HEADER_N.match(line)
            in_plain = m is None and _PLAIN_HEADER.match(line) is not None
            if in_plain:
                plain.append(number)
                continue
            if m is None:
                skipped.append((number, line.strip()[:40]))
                continue
            address = pci_address(m.group("addr"))
            if address is None:
                raise ImportRefused(path, f"not {TITLE}: line {number}: bad PCI address")
            groups = m.groupdict()
            desc = (groups.get("desc") or "").strip() or None
            tail = m.group("tail")
            rev = re.search(r"\(rev ([0-9a-fA-F]{2})\)", tail)
            prog = re.search(r"\(prog-if ([0-9a-fA-F]{2})\b", tail)
            records.append(
                _Record(
                    number,
                    address,
                    int(m.group("cls"), 16),
                    m.group("vendor").lower(),
                    m.group("device").lower(),
                    desc,
                    revision=rev.group(1).lower() if rev else None,
                    prog_if=prog.group(1).lower() if prog else None,
                )
            )
            continue
        if in_plain:
            continue  # a detail of a device lspci printed without IDs
        if not records:
            skipped.append((number, line.strip()[:40]))
            continue
        rec = records[-1]
        field_name, _, value = line.strip().partition(":")
        key = field_name.strip().lower()
        value = value.strip()
        if key == "subsystem":
            sm = _SUBSYS.search(value)
            if sm:
                rec.subvendor, rec.subdevice = sm.group("sv").lower(), sm.group("sd").lower()
        elif key == "kernel driver in use":
            rec.driver = value or None
            rec.driver_line = number
            saw_k = True
        elif key == "kernel modules":
            rec.modules = [v.strip() for v in value.split(",") if v.strip()]
            saw_k = True
        else:
            details += 1
    if not records:
        if plain:
            raise ImportRefused(
                path,
                f"line {plain[0]} has no numeric class and vendor:device IDs; "
                "run `lspci -nnk` (or -vvnnk) and import that",
            )
        if skipped:
            first, shown = skipped[0]
            raise ImportRefused(path, f"not {TITLE}: line {first} is not a device line: {shown!r}")
        raise ImportRefused(path, f"not {TITLE}: no device lines found")
    skipped += [(n, "a device line without numeric IDs (plain lspci)") for n in plain]
    skipped.sort()
    return records, details, saw_k, skipped


def import_file(path: str, data: bytes) -> Imported:
    text = decode_text(path, data, TITLE)
    records, details, saw_k, skipped = parse_lines(path, text)
    result = Imported(path, "kvm", "lspci", text=text)
    if skipped:
        first, shown = skipped[0]
        result.warnings.append(
            ImportWarning(
                path,
                f"{len(skipped)} line{'s' if len(skipped) > 1 else ''} that are not lspci output "
                f"skipped (from {shown!r}: a heading, a prompt or a code fence around it?)",
                first,
            )
        )
    result.comments.append(
        f"from {path}: {len(records)} PCI devices read from lspci output. Drivers are placed in "
        "the host OS (product kvm): for a Xen dom0, change the product to xen and the drivers' "
        "location to parent."
    )
    result.comments.append(
        "spec.host_os is not described (lspci does not say which Linux this is): add it, with "
        "family linux."
    )
    drivers: dict[str, Drv] = {}
    for rec in records:
        pci = {"vendor": rec.vendor, "device": rec.device, "class_code": rec.class_code}
        if rec.revision:
            pci["revision"] = rec.revision
        if rec.subvendor and rec.subdevice and (rec.subvendor, rec.subdevice) != ("0000", "0000"):
            pci["subvendor"] = rec.subvendor
            pci["subdevice"] = rec.subdevice
        dev = PDev(
            pci_device_id(rec.address),
            device_class(rec.cls),
            name=rec.name,
            pci=pci,
            address=rec.address,
            pos=line_pos(text, rec.line),
        )
        notes = [f"class {rec.cls:04x}"]
        if rec.driver in PASSTHROUGH_DRIVERS:
            dev.in_use = False
            notes.append(
                f"bound to {rec.driver}: reserved for pass-through, no host driver; assign it to "
                "a guest with a passthrough device backed_by this id"
            )
        elif rec.driver:
            where = line_pos(text, rec.driver_line or rec.line)
            bind(drivers, rec.driver, "linux-module", "host-os", dev.id, pos=where)
        elif saw_k:
            dev.in_use = False
            notes.append("no kernel driver in use")
        if rec.modules and rec.modules != [rec.driver]:
            notes.append(f"modules: {', '.join(rec.modules)}")
        dev.note = "; ".join(notes)
        result.devices.append(dev)
    result.drivers = list(drivers.values())
    if not saw_k:
        result.unmapped.append(
            "no 'Kernel driver in use' lines (lspci was run without -k): no drivers are described"
        )
    if details:
        result.unmapped.append(
            f"{details} detail lines of lspci -v/-vv (registers, capabilities, IRQs, slots) are "
            "not represented"
        )
    return result
