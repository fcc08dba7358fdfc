"""``esxcli hardware pci list`` output -> the physical devices of an ESXi host and their VMkernel drivers.

Each record starts with the device's address on a line of its own, followed by indented ``Key: Value``
lines. "Module Name" is the VMkernel driver module that owns the device (written ``observed``: the running
host made that binding); a device whose owner is
"VM Passthru" (module pciPassthru) is reserved for DirectPath I/O and has no VMkernel driver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    Drv,
    Imported,
    ImportRefused,
    PDev,
    decode_text,
    device_class,
    hex4,
    line_pos,
    pci_address,
    pci_device_id,
    sanitize_id,
)

TITLE = "esxcli hardware pci list output"
"""What the source format is, for messages and provenance comments."""
SCOPE = "host"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


_RECORD = re.compile(r"^(?P<addr>[0-9a-fA-F]{3,8}:[0-9a-fA-F]{2,3}:[0-9a-fA-F]{2}\.[0-7])\s*:?\s*$")
_FIELD = re.compile(r"^\s+(?P<key>[A-Za-z][A-Za-z0-9 /()._-]*?)\s*:\s?(?P<value>.*)$")

MAPPED = {
    "address",
    "vmkernel name",
    "vendor name",
    "device name",
    "vendor id",
    "device id",
    "subvendor id",
    "subdevice id",
    "device class",
    "device class name",
    "module name",
    "owner",
    "current owner",
    "configured owner",
    "passthru capable",
    "programming interface",
    "revision id",
}


@dataclass
class _Record:
    line: int
    header: str
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # field (lower-case) -> its line


def parse(path: str, text: str) -> tuple[list[_Record], dict[str, int]]:
    """The device records of decoded ``esxcli hardware pci list`` output, and the other fields'
    counts."""
    records: list[_Record] = []
    other: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _RECORD.match(line)
        if m is not None:
            records.append(_Record(number, m.group("addr")))
            continue
        fm = _FIELD.match(line)
        if fm is None or not records:
            shown = line.strip()[:40]
            raise ImportRefused(
                path,
                f"not {TITLE}: line {number} is neither a device address nor 'Key: Value': {shown!r}",
            )
        key = fm.group("key").strip()
        records[-1].fields[key.lower()] = fm.group("value").strip()
        records[-1].lines[key.lower()] = number
        if key.lower() not in MAPPED:
            other[key] = other.get(key, 0) + 1
    if not records:
        raise ImportRefused(path, f"not {TITLE}: no device records found")
    return records, other


def import_file(path: str, data: bytes) -> Imported:
    text = decode_text(path, data, TITLE)
    records, other = parse(path, text)
    result = Imported(path, "esxi", "esxcli", text=text)
    result.comments.append(f"from {path}: {len(records)} PCI devices read from esxcli output.")
    drivers: dict[str, Drv] = {}
    used_ids: set[str] = set()
    for rec in records:
        f = rec.fields
        address = pci_address(f.get("address") or rec.header)
        if address is None:
            raise ImportRefused(path, f"line {rec.line}: '{rec.header}' is not a PCI address")
        vmk = (f.get("vmkernel name") or "").strip()
        ident = sanitize_id(vmk, "") if vmk else ""
        if not ident or ident in used_ids:
            ident = pci_device_id(address)
        used_ids.add(ident)
        vendor, device = hex4(f.get("vendor id")), hex4(f.get("device id"))
        sub_v, sub_d = hex4(f.get("subvendor id")), hex4(f.get("subdevice id"))
        pci: dict[str, str] | None = None
        if vendor and device:
            pci = {"vendor": vendor, "device": device}
            if sub_v and sub_d and (sub_v, sub_d) != ("0000", "0000"):
                pci["subvendor"], pci["subdevice"] = sub_v, sub_d
        else:
            result.unmapped.append(f"{address}: no valid Vendor ID / Device ID")
        cls_text = f.get("device class", "")
        code = _class_code(cls_text)
        if pci is not None and code is not None and 0 <= code <= 0xFFFF:
            pci["class_code"] = f"{code:04x}"
            prog = _class_code(f.get("programming interface", ""))
            if prog is not None and 0 <= prog <= 0xFF:
                pci["class_code"] += f"{prog:02x}"
            rev = _class_code(f.get("revision id", ""))
            if rev is not None and 0 <= rev <= 0xFF:
                pci["revision"] = f"{rev:02x}"
        cls = device_class(code) if code is not None else "other"
        name = " ".join(x for x in (f.get("vendor name"), f.get("device name")) if x) or None
        dev = PDev(ident, cls, name=name, pci=pci, address=address, pos=line_pos(text, rec.line))
        for key, name_of in (("pci", "vendor id"), ("address", "address")):
            if name_of in rec.lines:
                dev.at[key] = line_pos(text, rec.lines[name_of])
        notes = []
        if f.get("device class name"):
            notes.append(f"class {f['device class name']}")
        module = (f.get("module name") or "").strip()
        owner = f.get("current owner") or f.get("owner") or ""
        configured = f.get("configured owner") or ""
        if module.lower() == "pcipassthru" or "passthru" in owner.lower():
            dev.in_use = False
            notes.append(
                f"owner {owner or 'VM Passthru'}: reserved for DirectPath I/O, no VMkernel driver; "
                "assign it to a VM with a passthrough device backed_by this id"
            )
        elif module and module.lower() != "none":
            drv = drivers.get(module)
            where = line_pos(text, rec.lines.get("module name", rec.line))
            if drv is None:
                drv = Drv(module, "native", "hypervisor", observed=True, pos=where)
                drivers[module] = drv
            drv.at[f"drives[{len(drv.drives)}]"] = where
            drv.drives.append(ident)
        else:
            dev.in_use = False
            notes.append("no VMkernel module claims it")
        if configured and owner and configured != owner:
            notes.append(f"configured owner {configured} (takes effect after a reboot)")
        dev.note = "; ".join(notes)
        result.devices.append(dev)
    result.drivers = list(drivers.values())
    if drivers:
        result.unmapped.append(
            "driver kind: every module is written as kind 'native'; esxcli does not say whether a "
            "module is a native or a vmklinux driver (vmklinux drivers exist only up to ESXi 6.7)"
        )
    if other:
        fields = ", ".join(other)
        result.unmapped.append(f"fields not represented (registers, interrupts, slots): {fields}")
    return result


def _class_code(text: str) -> int | None:
    value = text.strip().lower()
    if len(value) > 10:
        return None
    try:
        return int(value, 16) if value.startswith("0x") else int(value)
    except ValueError:
        return None
