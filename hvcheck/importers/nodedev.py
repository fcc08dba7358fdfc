"""libvirt node devices (``virsh nodedev-dumpxml``) -> the PCI devices of a KVM host and their drivers.

Each ``<device>`` with a ``<capability type='pci'>`` is a physical device: its address, class,
vendor and product IDs, IOMMU group, SR-IOV links (``phys_function``, ``virt_functions``) and the
kernel driver bound to it (``<driver><name>``), which becomes a ``linux-module`` driver in the host
OS; a device bound to vfio-pci, pci-stub or pciback is reserved for pass-through. Every file given,
or every ``*.xml`` file of a directory, describes one machine: they make one host. A file may also
hold several ``<device>`` documents one after another (``virsh nodedev-dumpxml`` run in a loop).

What node-device XML does not carry stays unknown: subsystem IDs and revision (so some driver
bindings stay undecided), the CPU, memory and firmware. Vital product data (serial numbers) is
never copied.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hvcheck.importers._common import (
    PASSTHROUGH_DRIVERS,
    Drv,
    Imported,
    ImportRefused,
    PDev,
    bind,
    decode_text,
    device_class,
    hex4,
    pci_device_id,
    sanitize_id,
    small_int,
    summarize,
)
from hvcheck.importers._tree import DirBackend, Tree, TreeError
from hvcheck.importers._xml import XmlRefused, parse_xml

TITLE = "libvirt node device XML (virsh nodedev-dumpxml)"
"""What the source format is, for messages and provenance comments."""
SCOPE = "machine"
"""Every file (or directory) given describes part of one machine: together they make one host."""

MAX_FILES = 4096
MAX_FILE_BYTES = 1 << 20
_XML_DECL = re.compile(rb"<\?xml[^>]*\?>")


def import_file(path: str, data: bytes) -> Imported:
    result = Imported(path, "kvm", "nodedev")
    _not_pci(result, _read_into(result, _Seen(), path, data))
    _finish(result, path, 1)
    return result


def import_tree(root: str) -> Imported:
    """Every ``*.xml`` file directly in the directory ``root``, as one host."""
    tree = Tree(DirBackend(root))
    try:
        names = [n for n in tree.names(".", MAX_FILES) if n.endswith(".xml")]
    except TreeError as exc:
        raise ImportRefused(root, f"cannot list the directory: {exc.reason}") from None
    if not names:
        raise ImportRefused(root, f"not {TITLE}: the directory holds no *.xml files")
    result = Imported(root, "kvm", "nodedev")
    read = 0
    seen = _Seen()
    skipped: list[str] = []
    for name in names:
        try:
            data = tree.read(name, MAX_FILE_BYTES)
        except TreeError as exc:
            result.unknown.append(f"{name} skipped: {exc.reason}")
            continue
        skipped += _read_into(result, seen, f"{root.rstrip('/')}/{name}", data)
        read += 1
    _not_pci(result, skipped)
    _finish(result, root, read)
    return result


def _documents(path: str, data: bytes) -> list[ET.Element]:
    """The ``<device>`` elements of a file: one document, or several one after another."""
    decode_text(path, data, TITLE)  # refuses binary and non-UTF-8 input with the position
    try:
        root = parse_xml(data)
    except XmlRefused as exc:
        if "junk after document element" not in str(exc):
            raise ImportRefused(path, f"not {TITLE}: {exc}") from None
        body = _XML_DECL.sub(b"", data)
        try:
            root = parse_xml(b"<devices>" + body + b"</devices>")
        except XmlRefused as again:
            raise ImportRefused(path, f"not {TITLE}: {again}") from None
    if root.tag == "devices":
        found = [child for child in root if child.tag == "device"]
        if not found:
            raise ImportRefused(path, f"not {TITLE}: no <device> elements")
        return found
    if root.tag != "device":
        raise ImportRefused(
            path, f"not {TITLE}: the root element is <{root.tag[:40]}>, not <device>"
        )
    return [root]


@dataclass
class _Seen:
    """What the files read so far hold, by id: the drivers and the devices' ids."""

    drivers: dict[str, Drv] = field(default_factory=dict)
    devices: set[str] = field(default_factory=set)


def _read_into(result: Imported, seen: _Seen, path: str, data: bytes) -> list[str]:
    """Add the PCI devices of one file to ``result``; return the kinds of the other devices."""
    skipped: list[str] = []
    for element in _documents(path, data):
        pci = next((c for c in element.findall("capability") if c.get("type") == "pci"), None)
        name = (element.findtext("name") or "").strip()
        if pci is None:
            kinds = [c.get("type") or "?" for c in element.findall("capability")]
            if "system" in kinds:
                _system(result, element)
            else:
                skipped.append(kinds[0] if kinds else "untyped")
            continue
        _pci_device(result, seen, path, name, element, pci)
    return skipped


def _not_pci(result: Imported, skipped: list[str]) -> None:
    if skipped:
        kinds = ", ".join(summarize(skipped))
        result.unmapped.append(f"node devices that are not PCI devices: {kinds}")


def _system(result: Imported, element: ET.Element) -> None:
    """The ``computer`` device: its model names the host; serial and UUID are never copied."""
    cap = next(c for c in element.findall("capability") if c.get("type") == "system")
    model = " ".join((cap.findtext("hardware/version") or "").split())
    if model and sanitize_id(model, ""):
        result.name = model
    result.unmapped.append(
        "the computer's hardware and firmware vendor and version (the firmware type, BIOS or "
        "UEFI, is not in node-device XML; serial numbers and UUIDs are never copied)"
    )


def _pci_device(
    result: Imported, seen: _Seen, path: str, name: str, element: ET.Element, pci: ET.Element
) -> None:
    address = _address(pci)
    label = name[:80] or "a device"
    if address is None:
        result.unknown.append(
            f"{path}: {label} skipped: its domain, bus, slot or function is not a PCI address"
        )
        return
    dev = PDev(pci_device_id(address), "other", address=address)
    notes: list[str] = []
    klass = pci.findtext("class")
    code = _class_code(klass)
    if code is not None:
        dev.device_class = device_class(int(code, 16) >> 8)
        notes.append(f"class {code}")
    vendor_el, product_el = pci.find("vendor"), pci.find("product")
    vendor = hex4(vendor_el.get("id")) if vendor_el is not None else None
    device = hex4(product_el.get("id")) if product_el is not None else None
    if vendor and device:
        dev.pci = {"vendor": vendor, "device": device}
        if code is not None:
            dev.pci["class_code"] = code
    else:
        result.unknown.append(f"{path}: the PCI IDs of {label} are unknown (no vendor/product id)")
    names = [
        " ".join((el.text or "").split())
        for el in (vendor_el, product_el)
        if el is not None and el.text
    ]
    if names:
        dev.name = " ".join(names)[:256]
    group = pci.find("iommuGroup")
    if group is not None:
        dev.iommu_group = small_int(group.get("number"), 2**31 - 1)
    for cap in pci.findall("capability"):
        kind = cap.get("type")
        if kind == "phys_function":
            parent = cap.find("address")
            pf = _address(parent, attributes=True) if parent is not None else None
            if pf is not None:
                dev.physfn = pci_device_id(pf)
                notes.append(f"SR-IOV virtual function of {pf}")
        elif kind == "virt_functions":
            total = small_int(cap.get("maxCount"), 65535)
            if total is not None:
                dev.sriov_total_vfs = total
            enabled = len(cap.findall("address"))
            dev.sriov = enabled > 0
            if enabled:
                notes.append(f"{enabled} virtual functions enabled")
        elif kind in ("pci-bridge", "cardbus-bridge"):
            dev.pcie_type = "bridge"
        elif kind == "vpd":
            notes.append("vital product data not copied (it holds serial numbers)")
        elif kind == "mdev_types":
            notes.append("mediated device types not mapped")
    driver = (element.findtext("driver/name") or "").strip()
    if driver in PASSTHROUGH_DRIVERS:
        dev.in_use = False
        notes.append(f"bound to {driver}: reserved for pass-through, no host driver")
    elif not driver:
        dev.in_use = False
        notes.append("no driver element: no kernel driver bound")
    dev.note = "; ".join(notes)
    if dev.id in seen.devices:
        result.unknown.append(f"{path}: {label} skipped: {address} is described twice")
        return
    seen.devices.add(dev.id)
    result.devices.append(dev)
    if driver and driver not in PASSTHROUGH_DRIVERS:
        before = len(seen.drivers)
        drv = bind(seen.drivers, sanitize_id(driver, "driver"), "linux-module", "host-os", dev.id)
        if len(seen.drivers) > before:
            result.drivers.append(drv)


def _address(element: ET.Element | None, attributes: bool = False) -> str | None:
    """``DDDD:BB:SS.F`` from ``<domain>``/``<bus>``/… children or from address attributes."""
    if element is None:
        return None
    keys = ("domain", "bus", "slot", "function")
    get = element.get if attributes else element.findtext
    values = [get(k) for k in keys]
    numbers: list[int] = []
    for value in values:
        text = (value or "").strip().lower()
        try:
            number = int(text, 16) if text.startswith("0x") else int(text)
        except ValueError:
            return None
        numbers.append(number)
    domain, bus, slot, function = numbers
    if not (
        0 <= domain <= 0xFFFF and 0 <= bus <= 0xFF and 0 <= slot <= 0x1F and 0 <= function <= 7
    ):
        return None
    return f"{domain:04x}:{bus:02x}:{slot:02x}.{function}"


def _class_code(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    m = re.fullmatch(r"0x([0-9a-f]{1,6})", value)
    return f"{int(m.group(1), 16):06x}" if m else None


def _finish(result: Imported, path: str, files: int) -> None:
    count = len(result.devices)
    source = PurePosixPath(path).name or "node devices"
    if result.name is None:
        result.name = re.sub(r"\.xml$", "", source)
    result.comments.append(
        f"from {path}: {count} PCI device{'s' if count != 1 else ''} in {files} node-device "
        f"file{'s' if files != 1 else ''}; each bound driver is a linux-module driver in the host "
        "OS (product kvm). Node-device XML has no subsystem IDs, CPU, memory or firmware: those "
        "are unknown."
    )
    result.comments.append(
        "spec.host_os is not described (node devices do not say which Linux this is): add it, "
        "with family linux."
    )
    ids = {d.id for d in result.devices}
    for dev in result.devices:
        if dev.physfn is not None and dev.physfn not in ids:
            result.unknown.append(
                f"{dev.id}: its physical function {dev.physfn} is not among the devices read; "
                "the link is left out"
            )
            dev.physfn = None
