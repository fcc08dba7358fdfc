"""What ``hvcheck catalog list`` and ``hvcheck catalog show`` print, as plain data and as text.

``list_catalogs`` names every loaded catalog file, where it came from (bundled with hvcheck or given
with ``--catalog``) and how many entries each of its sections holds; ``show_entry`` finds one entry
(a product, device model, release, host-requirement entry or source) and gathers it with the sources
it cites. Both return JSON-ready dicts; ``render_text`` turns them into indented text.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hvcheck.catalog.release_lookup import find_release, requirements_for
from hvcheck.catalog.releases import release_id
from hvcheck.catalog.store import Catalog, default_catalog_dir, load_catalog_file
from hvcheck.catalog.versions import normalize_name, release_span

KINDS = (
    "product",
    "release",
    "device-model",
    "guest-os",
    "driver-binding",
    "host-requirement",
    "source",
)
"""What ``hvcheck catalog list KIND`` and ``catalog show KIND ID`` take."""


class UnknownEntry(LookupError):
    """``show`` found no such entry; the message says what is known."""


def _sections(model: BaseModel, prefix: str = "") -> dict[str, int]:
    """Entry counts of every non-empty list or mapping in a catalog file (nested sections too)."""
    counts: dict[str, int] = {}
    for name in type(model).model_fields:
        if name in ("api_version", "kind"):
            continue
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            counts.update(_sections(value, f"{key}."))
        elif isinstance(value, (list, dict)) and value:
            counts[key] = len(value)
    return counts


def _is_bundled(path: str) -> bool:
    try:
        Path(path).resolve().relative_to(default_catalog_dir().resolve())
    except ValueError:
        return False
    return True


def list_catalogs(catalog: Catalog) -> dict[str, Any]:
    """Every loaded catalog file in load order, its origin, and its sections' entry counts."""
    files: list[dict[str, Any]] = []
    for path in dict.fromkeys(catalog.files):
        parsed, _ = load_catalog_file(Path(path))
        counts: dict[str, int] = {}
        for data in parsed:
            for section, n in _sections(data).items():
                counts[section] = counts.get(section, 0) + n
        files.append(
            {
                "path": path,
                "origin": "bundled" if _is_bundled(path) else "--catalog",
                "documents": len(parsed),
                "sections": counts,
            }
        )
    return {"version": 1, "files": files}


RELEASE_KINDS = ("release", "host-requirement", "source")
"""The kinds ``catalog list --release`` narrows down (the others hold no per-release facts)."""


def list_entries(
    catalog: Catalog, kind: str, product: str | None = None, release: str | None = None
) -> dict[str, Any]:
    """Every entry of one kind (of one product, valid for one release, where that applies):
    ``{"kind", "product", "release", "entries": [{"id", "summary"}]}``.

    ``--release`` needs a product and applies to releases (that one), host requirements (the
    entries in effect for it) and sources (those its release and requirement entries cite); for
    any other kind it is refused, never ignored. ``--product`` narrows sources to those the
    product's entries cite.
    """
    if kind not in KINDS:
        raise UnknownEntry(f"unknown kind '{kind}'; known: {', '.join(KINDS)}")
    pid: str | None = None
    if product is not None:
        found = catalog.product(product)
        if found is None:
            raise _unknown("product", product, catalog.product_ids())
        pid = found.id
    version: str | None = None
    if release is not None:
        if kind not in RELEASE_KINDS:
            raise UnknownEntry(
                f"--release applies to {', '.join(RELEASE_KINDS)}; the catalogs hold no "
                f"per-release list of {kind} entries (use --product)"
            )
        if pid is None:
            raise UnknownEntry("--release needs --product (a release is a product's)")
        version = release_of(catalog, pid, release)
    rows: list[dict[str, str]] = []
    if kind == "product":
        rows = [
            {"id": p.id, "summary": f"{p.name} ({p.architecture})"}
            for p in sorted(catalog.products.values(), key=lambda p: p.id)
            if pid is None or p.id == pid
        ]
    elif kind == "release":
        rows = [
            {"id": f"{r.product} {r.version}", "summary": r.name or ""}
            for r in catalog.releases.values()
            if (pid is None or r.product == pid) and (version is None or r.version == version)
        ]
    elif kind == "device-model":
        rows = [
            {"id": m.id, "summary": f"{m.kind}, {m.mode}: {m.name} ({', '.join(m.products)})"}
            for m in sorted(catalog.device_models.values(), key=lambda m: m.id)
            if pid is None or pid in m.products
        ]
    elif kind == "guest-os":
        seen: dict[str, str] = {}
        for entry in catalog.guest_support:
            if pid is not None and pid not in entry.products:
                continue
            versions = _range(entry.os.min_version, entry.os.max_version)
            for name in entry.os.names:
                key = f"{name} {versions}".strip()
                seen.setdefault(
                    key,
                    f"{entry.os.family}; integration {entry.integration} on {', '.join(entry.products)}",
                )
        rows = [{"id": k, "summary": v} for k, v in sorted(seen.items())]
    elif kind == "driver-binding":
        rows = [
            {
                "id": b.driver,
                "summary": f"{'/'.join(b.kinds)}, {b.pattern_format}, "
                f"{'complete' if b.complete else 'partial'}: {b.description or ''}".rstrip(": "),
            }
            for b in catalog.drivers.bindings
            if pid is None or not b.products or pid in b.products
        ]
    elif kind == "host-requirement":
        in_effect = (
            _requirement_ids(catalog, pid, version)
            if pid is not None and version is not None
            else None
        )
        rows = [
            {"id": e.id, "summary": f"{e.product} {_range(e.min_version, e.max_version)}".strip()}
            for e in catalog.host_requirements.values()
            if (pid is None or e.product == pid) and (in_effect is None or e.id in in_effect)
        ]
    elif kind == "source":
        cited = _cited(catalog, pid, version) if pid is not None else None
        rows = [
            {"id": k, "summary": v.title}
            for k, v in sorted(catalog.sources.items())
            if cited is None or k in cited
        ]
    return {"kind": kind, "product": pid, "release": version, "entries": rows}


def _requirement_ids(catalog: Catalog, product: str, version: str) -> set[str]:
    name = catalog.products[product].name if product in catalog.products else product
    _, reqs = requirements_for(catalog, product, name, version)
    return {e.id for e in reqs.entries.values()}


def _cited(catalog: Catalog, product: str, version: str | None) -> set[str]:
    """The sources the product's entries cite (with a release: that release's and the host
    requirements in effect for it)."""
    out: set[str] = set()
    if version is not None:
        for rel in catalog.releases.values():
            if rel.product == product and rel.version == version:
                out.update(rel.sources)
        reqs = _requirement_ids(catalog, product, version)
        for entry in catalog.host_requirements.values():
            if entry.id in reqs:
                out.update(entry.sources)
        return out
    if product in catalog.products:
        out.update(catalog.products[product].sources)
    for model in catalog.device_models.values():
        if product in model.products:
            out.update(model.sources)
    for support in catalog.guest_support:
        if product in support.products:
            out.update(support.sources)
    for rel in catalog.releases.values():
        if rel.product == product:
            out.update(rel.sources)
    for req in catalog.host_requirements.values():
        if req.product == product:
            out.update(req.sources)
    for binding in catalog.drivers.bindings:
        if product in binding.products:
            out.update(binding.sources)
    return out


def _range(low: str | None, high: str | None) -> str:
    return release_span(low, high, later="{} and later", every="")


def render_entries_text(data: dict[str, Any]) -> str:
    rows = data["entries"]
    if not rows:
        return f"(no {data['kind']} entries)\n"
    width = min(40, max(len(r["id"]) for r in rows))
    return "".join(f"{r['id']:<{width}}  {r['summary']}".rstrip() + "\n" for r in rows)


def _dump(model: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def _sources(catalog: Catalog, ids: Iterable[str]) -> list[dict[str, Any]]:
    out = []
    for sid in ids:
        src = catalog.sources.get(sid)
        out.append({"id": sid, **(_dump(src) if src is not None else {"title": "(undefined)"})})
    return out


def _unknown(kind: str, ident: str, known: Iterable[str], *, listed: bool = False) -> UnknownEntry:
    """The error for an unknown id: a did-you-mean when one is close, and the known ids (all of
    them up to 60, else the first 60 and how to list the rest)."""
    names = list(dict.fromkeys(known)) if listed else sorted(set(known))
    close = difflib.get_close_matches(ident, names, n=1, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = difflib.get_close_matches(ident.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    if not names:
        return UnknownEntry(f"unknown {kind} '{ident}'; the catalogs list none")
    shown = ", ".join(names if len(names) <= 60 else [*names[:60], f"... ({len(names)} in all)"])
    if close:
        return UnknownEntry(
            f"unknown {kind} '{ident}'; did you mean '{close[0]}'? (known: {shown})"
        )
    return UnknownEntry(f"unknown {kind} '{ident}'; known: {shown}")


def show_entry(catalog: Catalog, kind: str, ident: str) -> dict[str, Any]:
    """One entry, the file it came from, and the sources it cites.

    ``ident`` is the entry's id; for a release, the product and the version ("esxi 8.0 U2"), matched
    as hosts' versions are. Raises :class:`UnknownEntry` (with a did-you-mean hint) when there is none.
    """
    ident = " ".join(ident.split())
    if kind == "product":
        product = catalog.product(ident)
        if product is None:
            raise _unknown(kind, ident, catalog.product_ids())
        return _entry(catalog, kind, product.id, f"product:{product.id}", product)
    if kind == "device-model":
        model = catalog.device_model(ident)
        if model is None:
            raise _unknown(kind, ident, catalog.device_models)
        return _entry(catalog, kind, model.id, f"device-model:{model.id}", model)
    if kind == "host-requirement":
        entry = catalog.host_requirements.get(ident)
        if entry is None:
            raise _unknown(kind, ident, catalog.host_requirements)
        return _entry(catalog, kind, entry.id, f"host-requirement:{entry.id}", entry)
    if kind == "source":
        source = catalog.sources.get(ident)
        if source is None:
            raise _unknown(kind, ident, catalog.sources)
        return {"kind": kind, "id": ident, "file": None, "entry": _dump(source), "sources": []}
    if kind == "release":
        return _release(catalog, ident)
    if kind == "driver-binding":
        matches = [b for b in catalog.drivers.bindings if b.driver == ident]
        if not matches:
            raise _unknown(kind, ident, [b.driver for b in catalog.drivers.bindings])
        cited = [s for b in matches for s in b.sources]
        return {
            "kind": kind,
            "id": ident,
            "file": None,
            "entry": {"bindings": [_dump(b) for b in matches]},
            "sources": _sources(catalog, dict.fromkeys(cited)),
        }
    if kind == "guest-os":
        wanted = normalize_name(ident)
        rows = [
            e for e in catalog.guest_support if any(normalize_name(n) == wanted for n in e.os.names)
        ]
        if not rows:
            names = {n for e in catalog.guest_support for n in e.os.names}
            raise _unknown(kind, ident, names)
        cited = [s for e in rows for s in e.sources]
        return {
            "kind": kind,
            "id": ident,
            "file": None,
            "entry": {"guest_support": [_dump(e) for e in rows]},
            "sources": _sources(catalog, dict.fromkeys(cited)),
        }
    raise UnknownEntry(f"unknown kind '{kind}'; known: {', '.join(KINDS)}")


def _entry(catalog: Catalog, kind: str, ident: str, key: str, model: BaseModel) -> dict[str, Any]:
    cited: list[str] = list(getattr(model, "sources", []))
    return {
        "kind": kind,
        "id": ident,
        "file": catalog.origin.get(key),
        "entry": _dump(model),
        "sources": _sources(catalog, cited),
    }


def release_of(catalog: Catalog, product: str, release: str | None) -> str:
    """The catalog's spelling of ``product``'s ``release`` (matched as hosts' versions are), or
    its newest release when ``release`` is None (``""`` for a product the catalog lists no
    releases of). Raises :class:`UnknownEntry` with a did-you-mean and the known releases."""
    known = [r.version for r in catalog.releases.values() if r.product == product]
    if release is None:
        return known[-1] if known else ""
    match = find_release(catalog, product, release)
    if match is None or match.release is None:
        raise _unknown(f"release of {product}", release, known, listed=True)
    return match.release.version


def _release(catalog: Catalog, ident: str) -> dict[str, Any]:
    known = [release_id(r.product, r.version) for r in catalog.releases.values()]
    name, _, version = ident.partition(" ")
    product = catalog.product(name)
    match = find_release(catalog, product.id, version) if product is not None else None
    if product is None or match is None or match.release is None:
        raise _unknown("release", normalize_name(ident), known)
    _, reqs = requirements_for(catalog, product.id, product.name, match.release.version)
    rel = match.release
    requirements = {
        field: {
            "value": value.model_dump(mode="json", exclude_none=True)
            if isinstance(value, BaseModel)
            else value,
            "from": reqs.entries[field].id,
        }
        for field, value in reqs.values.items()
    }
    cited = list(dict.fromkeys([*rel.sources, *reqs.sources()]))
    rid = release_id(rel.product, rel.version)
    return {
        "kind": "release",
        "id": f"{rel.product} {rel.version}",
        "file": catalog.origin.get(f"release:{rid}"),
        "entry": _dump(rel),
        "requirements": requirements,
        "requirement_entries": [
            {"id": eid, "file": catalog.origin.get(f"host-requirement:{eid}")}
            for eid in dict.fromkeys(e.id for e in reqs.entries.values())
        ],
        "sources": _sources(catalog, cited),
    }


# --- text --------------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            nested = (isinstance(item, dict) and item) or (
                isinstance(item, list) and any(isinstance(i, (dict, list)) for i in item)
            )
            if nested:
                out.append(f"{pad}{key}:")
                out.extend(_lines(item, indent + 2))
            else:
                out.append(f"{pad}{key}: {_inline(item)}")
    elif isinstance(value, list):
        for item in value:
            sub = _lines(item, indent + 2)
            if sub:
                out.append(f"{pad}- {sub[0].lstrip()}")
                out.extend(sub[1:])
    else:
        out.append(f"{pad}{_scalar(value)}")
    return out


def _inline(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def render_list_text(data: dict[str, Any]) -> str:
    out = []
    for item in data["files"]:
        out.append(f"{item['path']}  ({item['origin']})")
        sections = item["sections"] or {"(empty)": 0}
        width = max(len(s) for s in sections)
        for section, count in sections.items():
            out.append(f"  {section:<{width}}  {count}")
    return "\n".join(out) + "\n"


def render_entry_text(data: dict[str, Any]) -> str:
    where = f"  ({os.fspath(data['file'])})" if data.get("file") else ""
    out = [f"{data['kind']} {data['id']}{where}"]
    out.extend(_lines(data["entry"], 2))
    if data.get("requirements"):
        out.append("requirements:")
        for field, item in data["requirements"].items():
            out.append(f"  {field}: {_inline(item['value'])}  [{item['from']}]")
    if data.get("sources"):
        out.append("sources:")
        for src in data["sources"]:
            out.append(f"  - {src['id']}: {src['title']}")
            if src.get("url"):
                out.append(f"      {src['url']}")
            if src.get("note"):
                out.append(f"      {' '.join(str(src['note']).split())}")
    return "\n".join(out) + "\n"
