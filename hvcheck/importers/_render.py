"""Assemble importer drafts into host descriptions and write them as commented YAML text.

The YAML is written here, line by line, so that provenance and everything that could not be mapped
sit as comments next to what they concern. Every string is emitted plain only when it cannot be
read as anything but that string; otherwise it is double-quoted with escapes, so no input text can
change the document's structure.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    Drv,
    Fact,
    Guest,
    HostFacts,
    Imported,
    ImportWarning,
    OsInfo,
    PDev,
    SourcePos,
    VDev,
    sanitize_id,
    summarize,
)

RESERVED = ("hypervisor", "host-os")
DOM0 = "dom0"


# --- YAML scalars and comments -------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


# What hvcheck's loader refuses anywhere in a host file, even escaped in a double-quoted scalar:
# C0 controls but TAB, LF and CR; DEL and C1; line/paragraph separators; bidirectional controls; a
# BOM; surrogates and non-characters. Such characters in source text are written as U+FFFD.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufffe\uffff]"
)


def _printable(ch: str) -> bool:
    """Safe to write as it is (YAML-printable and not refused by the loader)."""
    code = ord(ch)
    if code == 0x09 or 0x20 <= code <= 0x7E:
        return True
    return code >= 0xA0 and _FORBIDDEN.match(ch) is None


def quote(text: str) -> str:
    """``text`` as a YAML scalar that loads back as this string (refused characters as U+FFFD)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "#":  # never a comment marker, so never an inline suppression
            out.append("\\x23")
        elif ch == "\r":
            out.append("\\r")
        elif _printable(ch):
            out.append(ch)
        else:
            out.append("\ufffd")
    out.append('"')
    return "".join(out)


def scalar(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return quote(value)


_SUPPRESSION_WORD = re.compile(r"(?i)(hvcheck\s*):")


def comment_text(text: str) -> str:
    """One line of comment text: controls and line breaks become spaces or escapes.

    Text from a source file must not turn into an inline suppression (``# hvcheck: ignore[…]``), so
    a '#' is shown as ``\x23`` and every ``hvcheck:`` is written ``hvcheck\x3a``: wrapping can put
    any word at the start of a comment line, so no position is safe.
    """
    out = []
    for ch in text:
        if ch in "\r\n\t":
            out.append(" ")
        elif ch == "#":
            out.append("\\x23")
        elif _printable(ch):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch) & 0xFFFF:04x}")
    body = " ".join("".join(out).split())
    return _SUPPRESSION_WORD.sub(lambda m: m.group(1) + "\\x3a", body)


def comment_lines(text: str, indent: str, width: int = 100) -> list[str]:
    body = comment_text(text)
    if not body:
        return [f"{indent}#"]
    wrapped = textwrap.wrap(
        body,
        width=max(40, width - len(indent) - 2),
        break_long_words=True,
        break_on_hyphens=False,
        subsequent_indent="  ",
    )
    return [f"{indent}# {line}" for line in wrapped]


def flow(pairs: Iterable[tuple[str, str | int | float | bool | None]]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in pairs if v is not None) + "}"


def flow_list(items: Iterable[str | int | float | bool]) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def block(key: str, value: Fact, indent: str) -> list[str]:
    """``key: value`` in block style: mappings nested, lists and scalars on one line."""
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{quote(key)}: {{}}"]
        lines = [f"{indent}{quote(key)}:"]
        for sub, item in value.items():
            lines += block(sub, item, indent + "  ")
        return lines
    if isinstance(value, list):
        return [f"{indent}{quote(key)}: {flow_list(value)}"]
    return [f"{indent}{quote(key)}: {scalar(value)}"]


def trailing(note: str) -> str:
    text = comment_text(note)
    return f"  # {text}" if text else ""


# --- assembly ------------------------------------------------------------------------------------


class IdSpace:
    """Hands out unique host-format ids."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED)

    def claim(self, wanted: str, fallback: str = "item") -> str:
        base = sanitize_id(wanted, fallback)
        ident = base
        n = 2
        while ident in self.used:
            ident = f"{base}-{n}"
            n += 1
        self.used.add(ident)
        return ident


@dataclass
class PartDraft:
    id: str
    role: str
    guest: Guest | None
    comments: list[str] = field(default_factory=list)
    devices: list[tuple[str, str]] = field(default_factory=list)  # (yaml flow, trailing note)
    vdevs: list[VDev] = field(default_factory=list)  # the drafts of ``devices``, in step


@dataclass
class HostDraft:
    name: str
    product: str
    fmt: str
    sources: list[str]
    header: list[str] = field(default_factory=list)
    devices: list[PDev] = field(default_factory=list)
    drivers: list[Drv] = field(default_factory=list)
    partitions: list[PartDraft] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    facts: HostFacts | None = None
    devices_complete: bool = False  # one source that lists every physical device of the host


def guest_label(guest: Guest) -> str:
    return f"guest '{guest.name}'"


def assemble(fmt: str, imports: list[Imported], combine: bool) -> list[HostDraft]:
    """Host drafts for ``imports``: guests of one product combined, or one host per source file."""
    groups: dict[str, list[Imported]] = {}
    for item in imports:
        key = item.product if combine else item.path
        groups.setdefault(key, []).append(item)
    hosts = [_assemble_one(fmt, group) for group in groups.values()]
    if len(hosts) > 1:
        names = IdSpace()
        for host in hosts:
            host.name = names.claim(host.name, "imported-host")
    return hosts


def _host_name(fmt: str, group: list[Imported]) -> str:
    if len(group) == 1 and group[0].name:
        return sanitize_id(group[0].name, f"imported-{group[0].product}")
    if len(group) == 1:
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", group[0].path.replace("\\", "/").rsplit("/", 1)[-1])
        return sanitize_id(stem, f"imported-{group[0].product}")
    return f"imported-{group[0].product}-host"


def _assemble_one(fmt: str, group: list[Imported]) -> HostDraft:
    product = group[0].product
    host = HostDraft(_host_name(fmt, group), product, fmt, [g.path for g in group])
    ids = IdSpace()

    # file-level provenance and gaps
    for item in group:
        host.header.extend(item.comments)
        for gap in item.unmapped:
            host.header.append(f"not mapped ({item.path}): {gap}")
            host.warnings.append(ImportWarning(item.path, f"not mapped: {gap}"))
        for gap in item.unknown:  # each says what is unknown and why
            host.header.append(gap)
            host.warnings.append(ImportWarning(item.path, gap))

    # drivers keep their names (they are module names); devices get the remaining ids
    renamed: dict[str, str] = {}
    for item in group:
        for drv in item.drivers:
            drv.name = ids.claim(drv.name, "driver")
            host.drivers.append(drv)
    seen_devices: dict[str, PDev] = {}
    all_devices = [d for item in group for d in item.devices]
    all_devices += [d for item in group for g in item.guests for d in g.host_devices]
    for dev in all_devices:
        if dev.id in seen_devices:
            continue  # the same pass-through target named by two guests
        seen_devices[dev.id] = dev
        new = ids.claim(dev.id, "device")
        renamed[dev.id] = new
        dev.id = new
        host.devices.append(dev)
    for drv in host.drivers:
        drv.drives = [renamed.get(d, d) for d in drv.drives]
    for dev in host.devices:
        if dev.physfn is not None:
            dev.physfn = renamed.get(dev.physfn, dev.physfn)
    host.facts = next((item.host for item in group if item.host is not None), None)
    host.devices_complete = len(group) == 1 and group[0].complete

    # partitions: the Xen dom0 placeholder, the guests, then backend domains no source describes
    guests = [g for item in group for g in item.guests]
    domain_ids: dict[str, str] = {}
    needs_parent = any(item.parent_placeholder for item in group)
    if needs_parent:
        domain_ids[DOM0] = ids.claim(DOM0)
    guest_ids: list[str] = []
    for guest in guests:
        gid = ids.claim(guest.name, "guest")
        guest_ids.append(gid)
        domain_ids.setdefault(guest.name, gid)
    extra: list[PartDraft] = []
    for guest in guests:
        for vdev in guest.devices:
            ref = vdev.served_by
            if ref is None or ref in RESERVED or ref in domain_ids:
                continue
            did = ids.claim(ref, "backend")
            domain_ids[ref] = did
            extra.append(
                PartDraft(
                    did,
                    "driver-domain",
                    None,
                    [
                        f"placeholder: the backend domain '{ref}' named in "
                        f"{guest.source}; describe its os and the drivers it runs"
                    ],
                )
            )
    if needs_parent:
        host.partitions.append(
            PartDraft(
                domain_ids[DOM0],
                "parent",
                None,
                [
                    "placeholder: the parent partition (dom0) that runs xl, the device model and the "
                    "default backends. The imported files do not describe it: add its os "
                    "(e.g. {family: linux, name: Debian, version: '12', arch: x64})."
                ],
            )
        )
    for guest, gid in zip(guests, guest_ids, strict=True):
        host.partitions.append(_partition(host, guest, gid, ids, domain_ids, renamed))
    host.partitions.extend(extra)
    return host


def _partition(
    host: HostDraft,
    guest: Guest,
    gid: str,
    ids: IdSpace,
    domain_ids: dict[str, str],
    renamed: dict[str, str],
) -> PartDraft:
    part = PartDraft(gid, guest.role, guest)
    part.comments.extend(guest.comments)
    if guest.unmapped:
        items = "; ".join(summarize(guest.unmapped))
        part.comments.append(f"not mapped: {items}")
        host.warnings.append(
            ImportWarning(guest.source, f"{guest_label(guest)}: not mapped: {items}")
        )
    local_ids: dict[str, str] = {}
    for vdev in guest.devices:
        local_ids[vdev.local] = ids.claim(f"{gid[:80]}-{vdev.local}", f"{gid[:80]}-dev")
    for vdev in guest.devices:
        served = None
        if vdev.served_by is not None:
            served = (
                vdev.served_by if vdev.served_by in RESERVED else domain_ids.get(vdev.served_by)
            )
        controller = (
            local_ids.get(vdev.controller_local) if vdev.controller_local is not None else None
        )
        backed = renamed.get(vdev.backed_by) if vdev.backed_by is not None else None
        pairs: list[tuple[str, str | int | bool | None]] = [
            ("id", local_ids[vdev.local]),
            ("kind", vdev.kind),
            ("model", sanitize_id(vdev.model, "unknown")),
            ("mode", vdev.mode),
            ("served_by", served),
            ("backed_by", backed),
            ("boot", True if vdev.boot else None),
            ("bus", vdev.bus),
            ("controller", controller),
            ("unit", vdev.unit),
            ("media", vdev.media),
        ]
        part.devices.append((flow(pairs), vdev.note))
        part.vdevs.append(vdev)
    return part


# --- rendering -----------------------------------------------------------------------------------


def _os_flow(os: OsInfo) -> str:
    return flow(
        [
            ("family", os.family),
            ("name", os.name),
            ("version", os.version),
            ("edition", os.edition),
            ("arch", os.arch),
        ]
    )


def render(host: HostDraft, version: str) -> str:
    lines: list[str] = []
    from hvcheck.importers import title

    fmt_name = title(host.fmt)
    lines += comment_lines(
        f"Imported by hvcheck {version} (`hvcheck import {host.fmt}`) from {fmt_name}:", ""
    )
    for src in host.sources:
        lines += comment_lines(f"  {src}", "")
    lines += comment_lines(
        "Review it: the comments say what was inferred, what is a placeholder and what the "
        "host format cannot carry (each such item was also printed as a warning).",
        "",
    )
    for text in host.header:
        lines += comment_lines(text, "")
    lines.append("apiVersion: hvcheck/v1")
    lines.append("kind: Host")
    lines.append("metadata:")
    lines.append(f"  name: {quote(host.name)}")
    count = len(host.sources)
    files = "file" if count == 1 else "files"
    lines.append(
        "  description: "
        + quote(f"Imported by hvcheck from {count} {fmt_name} {files}; see the comments.")
    )
    lines.append("  labels:")
    lines.append(f"    imported-from: {quote(host.fmt)}")
    lines.append("spec:")
    lines.append("  hypervisor:")
    lines.append(f"    product: {quote(host.product)}")
    facts = host.facts
    if facts is not None:
        if facts.version:
            lines.append(f"    version: {quote(facts.version)}")
        for key, section in (("host_os", facts.host_os), ("cpu", facts.cpu)):
            if section:
                lines += block(key, section, "  ")
        if facts.memory_gb is not None:
            lines.append(f"  memory_gb: {scalar(facts.memory_gb)}")
        for key, section in (("firmware", facts.firmware), ("kvm", facts.kvm)):
            if section:
                lines += block(key, section, "  ")
    if host.devices_complete:
        lines.append("  devices_complete: true")
    if host.devices:
        lines.append("  devices:")
        for dev in host.devices:
            lines += _device_lines(dev)
    if host.drivers:
        lines.append("  drivers:")
        for drv in host.drivers:
            lines.append(f"    - name: {quote(drv.name)}{trailing(drv.note)}")
            if drv.version:
                lines.append(f"      version: {quote(drv.version[:64])}")
            lines.append(f"      kind: {quote(drv.kind)}")
            lines.append(f"      location: {quote(drv.location)}")
            if drv.partition:
                lines.append(f"      partition: {quote(drv.partition)}")
            lines.append(f"      drives: {flow_list(drv.drives)}")
            if drv.observed:
                lines.append("      observed: true")
    if host.partitions:
        lines.append("  partitions:")
        for part in host.partitions:
            for text in part.comments:
                lines += comment_lines(text, "    ")
            lines.append(f"    - id: {quote(part.id)}")
            lines.append(f"      role: {quote(part.role)}")
            guest = part.guest
            if guest is not None:
                settings: list[tuple[str, str | int | bool | None]] = [
                    ("generation", guest.generation),
                    ("hw_version", guest.hw_version),
                    ("virt_mode", guest.virt_mode),
                    ("device_model", guest.device_model),
                    ("xen_platform_pci", guest.xen_platform_pci),
                    ("machine", guest.machine[:256] if guest.machine else None),
                ]
                for key, value in settings:
                    if value is not None:
                        lines.append(f"      {key}: {scalar(value)}")
                if guest.firmware is not None:
                    firmware = flow([("type", guest.firmware), ("secure_boot", guest.secure_boot)])
                    lines.append(f"      firmware: {firmware}")
                for key, fact in guest.settings.items():
                    lines += block(key, fact, "      ")
                if guest.os is not None:
                    lines.append(f"      os: {_os_flow(guest.os)}")
                if guest.vcpus is not None:
                    lines.append(f"      vcpus: {guest.vcpus}")
                if guest.memory_mb is not None:
                    lines.append(f"      memory_mb: {guest.memory_mb}")
            if part.devices:
                lines.append("      devices:")
                for text, note in part.devices:
                    lines.append(f"        - {text}{trailing(note)}")
    return "\n".join(lines) + "\n"


def _device_lines(dev: PDev) -> list[str]:
    lines = [f"    - id: {quote(dev.id)}{trailing(dev.note)}"]
    lines.append(f"      class: {quote(dev.device_class)}")
    if dev.name:
        lines.append(f"      name: {quote(dev.name[:256])}")
    if dev.pci:
        keys = ("vendor", "device", "subvendor", "subdevice", "class_code", "revision")
        lines.append(f"      pci: {flow((k, dev.pci.get(k)) for k in keys)}")
    if dev.address:
        lines.append(f"      address: {quote(dev.address)}")
    facts: list[tuple[str, str | int | float | bool | None]] = [
        ("pcie_type", dev.pcie_type),
        ("mmio_mb", dev.mmio_mb),
        ("requires_rmrr", dev.requires_rmrr),
        ("sriov", dev.sriov),
        ("sriov_total_vfs", dev.sriov_total_vfs),
        ("physfn", dev.physfn),
        ("iommu_group", dev.iommu_group),
    ]
    for key, value in facts:
        if value is not None:
            lines.append(f"      {key}: {scalar(value)}")
    if dev.interrupts is not None:
        lines.append(f"      interrupts: {flow_list(dev.interrupts)}")
    if not dev.in_use:
        lines.append("      in_use: false")
    elif dev.driver_unknown:
        lines.append("      driver: unknown")
    return lines


# --- where each part came from ------------------------------------------------------------------


def source_positions(host: HostDraft) -> dict[str, SourcePos]:
    """The source position of every element of the host description that has one, by the logical
    path it is written at (``spec.partitions[1].devices[3]``, ``….model``), in the order
    :func:`render` writes them."""
    out: dict[str, SourcePos] = {}

    def put(path: str, pos: SourcePos | None, fields: dict[str, SourcePos]) -> None:
        if pos is not None:
            out[path] = pos
        for key, where in fields.items():
            out[f"{path}.{key}"] = where

    for k, dev in enumerate(host.devices):
        put(f"spec.devices[{k}]", dev.pos, dev.at)
    for k, drv in enumerate(host.drivers):
        put(f"spec.drivers[{k}]", drv.pos, drv.at)
    for p, part in enumerate(host.partitions):
        base = f"spec.partitions[{p}]"
        if part.guest is not None:
            put(base, part.guest.pos, part.guest.at)
        for d, vdev in enumerate(part.vdevs):
            put(f"{base}.devices[{d}]", vdev.pos, vdev.at)
    return out
