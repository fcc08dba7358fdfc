"""Catalog data read from the platforms' own files, given to ``--catalog`` like any catalog:

* ``modules.alias`` (``*.alias``): one complete modalias binding per Linux module;
* ESXi ``default.map.d`` files (``*.map``): one complete binding per driver named in the file;
* Windows driver INF files (``*.inf``, or ``*.inx`` templates): the PCI IDs of the model sections,
  named after the service the INF installs;
* ``pci.ids`` (``*.ids``): the PCI vendor and class registry;
* the vSAN HCL ``all.json`` (any ``*.json`` shaped like it): HCL entries and their coverage.

Each becomes a :class:`CatalogFile` with its own source entry; problems are findings with the line
(and, for JSON, the exact position) where they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hvcheck.catalog.models import CatalogFile
from hvcheck.catalog.pci.esxi_map import parse_esxi_map_line
from hvcheck.catalog.pci.inf import parse_inf
from hvcheck.catalog.pci.modalias import parse_modules_alias_line
from hvcheck.catalog.pci.pci_ids import parse_pci_ids
from hvcheck.catalog.vsan_hcl import ALL_JSON_URL, is_vsan_hcl, read_vsan_hcl, stream_vsan_hcl
from hvcheck.findings import INPUT_LIMIT, INVALID_VALUE, Finding, Span, make_finding
from hvcheck.loader import Limits, load_bytes
from hvcheck.loader.load import (
    FAILED_DOCUMENT,
    ReadError,
    TooLarge,
    open_regular,
    read_file_bytes,
)

Loaded = tuple[list[CatalogFile], list[Finding]]

# The vSAN HCL is far larger than any host description; beyond a few MB it is read as a stream.
HCL_MAX_BYTES = 512 * 1024 * 1024
HCL_POSITIONS_BYTES = 8 * 1024 * 1024
TEXT_LIMIT = 64 * 1024 * 1024
"""The largest pci.ids, modules.alias, map or INF file read (a larger one is refused, never
truncated: a partial ID table would answer wrongly)."""
MAX_LINE_PROBLEMS = 20
"""Malformed lines reported per file before the rest are counted."""
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


def foreign_format(path: Path) -> str | None:
    """Which non-YAML format a catalog path holds, judged by its name; None for YAML."""
    name = path.name.lower()
    if name.endswith(".ids"):
        return "pci-ids"
    if name.endswith(".alias"):
        return "modules-alias"
    if name.endswith(".map"):
        return "esxi-map"
    if name.endswith((".inf", ".inx")):
        return "inf"
    if name.endswith(".json"):
        return "json"
    return None


def load_foreign_catalog(path: Path) -> Loaded | None:
    """Load ``path`` if it is in one of the formats above; None to let the YAML loader read it."""
    kind = foreign_format(path)
    if kind is None:
        return None
    display = str(path)
    if kind == "json":
        return _load_json(path, display)
    try:
        data = read_file_bytes(str(path), TEXT_LIMIT)
    except ReadError as exc:
        return [], [make_finding(INVALID_VALUE, f"cannot read catalog: {exc}", display)]
    if len(data) > TEXT_LIMIT:
        return [], [
            make_finding(
                INPUT_LIMIT,
                f"larger than {TEXT_LIMIT} bytes; not loaded (a truncated ID table would give "
                "wrong answers)",
                display,
            )
        ]
    text = _decode(data)
    readers: dict[str, Callable[[str, Path, str], Loaded]] = {
        "pci-ids": _pci_ids,
        "modules-alias": _modules_alias,
        "esxi-map": _esxi_map,
        "inf": _inf,
    }
    return readers[kind](text, path, display)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a BOM as Windows writes INF files."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def source_id(kind: str, path: Path) -> str:
    """A source id for a loaded file: ``<kind>:<file name>`` with unsafe characters replaced."""
    name = re.sub(r"[^A-Za-z0-9_.:-]", "-", path.name) or "file"
    return f"{kind}:{name}"[:128]


def _catalog(sources: dict[str, Any], drivers: dict[str, Any], display: str) -> Loaded:
    try:
        data = CatalogFile.model_validate(
            {"apiVersion": "hvcheck/v1", "kind": "Catalog", "sources": sources, "drivers": drivers}
        )
    except ValidationError as exc:  # a value the readers let through; report, never crash
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        return [], [make_finding(INVALID_VALUE, f"cannot use this catalog: {problems}", display)]
    return [data], []


def _line_error(display: str, line: int, message: str) -> Finding:
    return make_finding(INVALID_VALUE, message, display, Span.point(line, 1))


def _malformed(display: str, lines: list[int], what: str) -> list[Finding]:
    """One finding per malformed line (the first :data:`MAX_LINE_PROBLEMS`, then a count).

    The message names the line, never its content: a file named as a catalog may be anything (a
    key, a password file a link pointed at), and findings are printed into CI logs."""
    out = [
        _line_error(display, line, f"line {line} is not {what}")
        for line in lines[:MAX_LINE_PROBLEMS]
    ]
    if len(lines) > MAX_LINE_PROBLEMS:
        more = len(lines) - MAX_LINE_PROBLEMS
        out.append(_line_error(display, lines[MAX_LINE_PROBLEMS], f"and {more} more such lines"))
    return out


def _source(title: str, path: Path, note: str, url: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title, "note": f"{note} Loaded from {path.name}."}
    if url:
        out["url"] = url
    return out


def _pci_ids(text: str, path: Path, display: str) -> Loaded:
    parsed = parse_pci_ids(text)
    findings = _malformed(display, [line for line, _ in parsed.errors], "a pci.ids line")
    if not parsed.vendors:
        findings.append(_line_error(display, 1, "no vendor lines: this is not a pci.ids file"))
    if findings:
        return [], findings
    sid = source_id("pci-ids", path)
    title = f"pci.ids {parsed.version}" if parsed.version else f"pci.ids ({path.name})"
    registry = {
        "title": title,
        "complete": True,
        "vendors": parsed.vendors,
        "classes": parsed.classes,
        "sources": [sid],
    }
    sources = {
        sid: _source(
            f"The PCI ID Repository, {title}",
            path,
            f"{len(parsed.vendors)} vendors, {len(parsed.devices)} devices.",
            "https://pci-ids.ucw.cz/",
        )
    }
    return _catalog(sources, {"pci_ids": [registry]}, display)


def _modules_alias(text: str, path: Path, display: str) -> Loaded:
    bad: list[int] = []
    tables: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        try:
            parsed = parse_modules_alias_line(line)
        except ValueError:
            bad.append(number)
            continue
        if parsed is None:
            continue
        if not _ID.match(parsed.module):
            bad.append(number)
            continue
        patterns = tables.setdefault(parsed.module, [])
        if parsed.pattern.text not in patterns:
            patterns.append(parsed.pattern.text)
    if bad:
        return [], _malformed(display, bad, "an 'alias pci:... module' line")
    sid = source_id("modules-alias", path)
    bindings = [
        {
            "driver": module,
            "kinds": ["linux-module"],
            "modalias": patterns,
            "complete": True,
            "sources": [sid],
        }
        for module, patterns in tables.items()
    ]
    sources = {
        sid: _source(
            f"modules.alias ({path.name})",
            path,
            f"PCI aliases of {len(bindings)} modules, generated by depmod from the modules' ID tables.",
        )
    }
    return _catalog(sources, {"bindings": bindings}, display)


def _esxi_map(text: str, path: Path, display: str) -> Loaded:
    bad: list[int] = []
    tables: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        try:
            parsed = parse_esxi_map_line(line)
        except ValueError:
            bad.append(number)
            continue
        if parsed is None:
            continue
        if not _ID.match(parsed.driver):
            bad.append(number)
            continue
        kinds = (
            ("native",) if (parsed.regtype or "").lower() == "native" else ("native", "vmklinux")
        )
        patterns = tables.setdefault((parsed.driver, kinds), [])
        if parsed.id.text not in patterns:
            patterns.append(parsed.id.text)
    if bad:
        return [], _malformed(
            display, bad, "an ESXi driver map line (regtype=...,id=...,driver=...)"
        )
    sid = source_id("esxi-map", path)
    bindings = [
        {
            "driver": driver,
            "kinds": list(kinds),
            "products": ["esxi"],
            "esxi_map": patterns,
            "complete": True,
            "sources": [sid],
        }
        for (driver, kinds), patterns in tables.items()
    ]
    sources = {
        sid: _source(
            f"ESXi driver map file {path.name}",
            path,
            "The /etc/vmware/default.map.d lines the VMkernel binds drivers by.",
        )
    }
    return _catalog(sources, {"bindings": bindings}, display)


def _inf(text: str, path: Path, display: str) -> Loaded:
    parsed = parse_inf(text)
    findings = _malformed(display, [line for line, _ in parsed.errors], "a valid INF line")
    if not parsed.hardware_ids and not findings:
        findings.append(
            _line_error(display, 1, "no PCI hardware IDs in the [Manufacturer] model sections")
        )
    driver = parsed.services[0] if parsed.services else path.stem
    if not _ID.match(driver):
        findings.append(_line_error(display, 1, "the INF's service name is not a driver name"))
    if findings:
        return [], findings
    kinds = {"x64": "windows-x64", "x86": "windows-x86"}
    chosen = [kinds[a] for a in parsed.architectures if a in kinds] or list(kinds.values())
    ids = list(dict.fromkeys(hwid.text for _, hwid in parsed.hardware_ids))
    pci_skipped = [item for _, item, _ in parsed.skipped if item.upper().startswith("PCI\\")]
    sid = source_id("inf", path)
    binding: dict[str, Any] = {
        "driver": driver,
        "kinds": chosen,
        "inf": ids,
        # IDs the file does not spell out (.inx placeholders) leave the table incomplete.
        "complete": not pci_skipped,
        "sources": [sid],
    }
    if pci_skipped:
        binding["note"] = "Not usable as PCI IDs (template placeholders?): " + ", ".join(
            pci_skipped[:10]
        )
    sources = {sid: _source(f"Driver INF {path.name}", path, "Hardware IDs of its model sections.")}
    return _catalog(sources, {"bindings": [binding]}, display)


def _load_json(path: Path, display: str) -> Loaded | None:
    """The vSAN HCL; None for other JSON (an hvcheck catalog written as JSON), which the YAML
    loader reads with the usual limits.

    A file up to :data:`HCL_POSITIONS_BYTES` is loaded whole, so its problems have positions; a
    larger one (the real all.json is tens to hundreds of MB) is read as a stream, one device at a
    time, in bounded memory, and its problems name the entry instead."""
    try:
        head = read_file_bytes(str(path), HCL_POSITIONS_BYTES)
    except ReadError as exc:
        return [], [make_finding(INVALID_VALUE, f"cannot read catalog: {exc}", display)]
    sid = source_id("vsan-hcl", path)
    if len(head) <= HCL_POSITIONS_BYTES:
        return _load_json_document(head, path, display, sid)
    return _stream_json(path, display, sid)


def _load_json_document(data: bytes, path: Path, display: str, sid: str) -> Loaded | None:
    limits = Limits(max_file_bytes=HCL_POSITIONS_BYTES, max_nodes=2_000_000, max_depth=64)
    result = load_bytes(data, display, limits)
    docs = [d for d in result.documents if d.data is not FAILED_DOCUMENT]
    if not any(is_vsan_hcl(d.data) for d in docs):
        return None if not result.findings else ([], list(result.findings))
    findings = list(result.findings)
    files: list[CatalogFile] = []
    for doc in docs:
        if not isinstance(doc.data, dict) or not is_vsan_hcl(doc.data):
            continue
        drivers, errors = read_vsan_hcl(doc.data, doc.source_map, display, sid, doc.index)
        findings.extend(errors)
        updated = doc.data.get("jsonUpdatedTime") or doc.data.get("timestamp")
        loaded, problems = _hcl_catalog(path, display, sid, drivers, updated)
        files.extend(loaded)
        findings.extend(problems)
    return files, findings


def _stream_json(path: Path, display: str, sid: str) -> Loaded | None:
    import ijson

    try:
        with open_regular(str(path), HCL_MAX_BYTES) as handle:
            stream = stream_vsan_hcl(handle, display, sid)
    except TooLarge:
        return [], [
            make_finding(
                INPUT_LIMIT,
                f"larger than {HCL_MAX_BYTES} bytes; not loaded (a partial HCL would give wrong "
                "answers)",
                display,
            )
        ]
    except ReadError as exc:
        return [], [make_finding(INVALID_VALUE, f"cannot read catalog: {exc}", display)]
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError):
        return [], [make_finding(INVALID_VALUE, "not valid JSON (read as the vSAN HCL)", display)]
    if stream is None:
        return [], [
            make_finding(
                INVALID_VALUE,
                f"a JSON catalog larger than {HCL_POSITIONS_BYTES} bytes must be the vSAN HCL",
                display,
            )
        ]
    files, problems = _hcl_catalog(path, display, sid, stream.drivers, stream.updated)
    return files, [*stream.findings, *problems]


def _hcl_catalog(
    path: Path, display: str, sid: str, drivers: dict[str, Any], updated: object
) -> Loaded:
    note = f"updated {updated}." if isinstance(updated, str | int) else "no update time given."
    sources = {
        sid: _source(
            f"VMware vSAN hardware compatibility list, all.json ({path.name})",
            path,
            f"{len(drivers['hcl'])} device/release entries with PCI IDs; {note}",
            ALL_JSON_URL,
        )
    }
    return _catalog(sources, drivers, display)
