"""Importers: describe real hosts and guests from the files people already have.

Each importer reads one source format and drafts what it says (guests and their virtual devices, or
physical devices and their drivers); :func:`import_files` assembles the drafts into host descriptions
(``apiVersion: hvcheck/v1``, ``kind: Host``) as commented YAML text, and checks that the text loads
and validates. Anything a source says that the host format cannot carry is kept as a comment and
returned as a warning; a file that is not of the format is refused with :class:`ImportRefused`.

Guest formats (libvirt, vmx, xl) combine every file of one hypervisor product into one host; host
formats (lspci, esxcli, sysfs, hyperv-json) give one host per file (a directory tree for sysfs);
nodedev combines every file given into the one machine they describe.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType

from hvcheck import __version__
from hvcheck.findings import Span
from hvcheck.importers._common import Imported, ImportRefused, ImportWarning, SourcePos
from hvcheck.importers._render import assemble, render, source_positions
from hvcheck.loader import Limits, LoadResult, SourceMap, load_text
from hvcheck.loader.load import ReadError, read_file_bytes
from hvcheck.loader.sourcemap import parent_path
from hvcheck.model import parse_host

Importer = Callable[[str, bytes], Imported]

MAX_SOURCE_BYTES = 8 * 1024 * 1024

HARDWARE_SCOPES = ("host", "machine")
"""Importers that describe a machine's hardware (``--target`` applies): ``host``, one host per
file; ``machine``, every file given describes part of one host. ``guest`` importers combine the
guests of one product into one host."""

__all__ = [
    "ImportRefused",
    "ImportResult",
    "ImportWarning",
    "import_files",
    "names",
    "title",
]

_HERE = Path(__file__).resolve().parent


@cache
def names() -> tuple[str, ...]:
    """Every importer, by the name ``hvcheck import`` takes (its module, ``_`` read as ``-``).

    An importer is one module here with ``TITLE``, ``SCOPE`` and ``import_file(path, data)``, and
    optionally ``import_tree(root)`` (it reads a directory tree) and ``DEFAULT_PATH`` (what it
    reads when given no path); adding the module is what registers it. Listing the names imports
    nothing.
    """
    found = pkgutil.iter_modules([str(_HERE)])
    return tuple(sorted(m.name.replace("_", "-") for m in found if not m.name.startswith("_")))


def module(name: str) -> ModuleType:
    if name not in names():
        raise KeyError(f"no importer {name!r} (choose from {', '.join(names())})")
    return importlib.import_module(f"hvcheck.importers.{name.replace('-', '_')}")


def title(name: str) -> str:
    """What the importer reads, e.g. 'libvirt domain XML'."""
    return str(module(name).TITLE)


class ImportFailed(Exception):
    """The importer produced a host description that does not validate (a bug in hvcheck)."""


@dataclass(frozen=True)
class ImportResult:
    """The host description text and what could not be mapped."""

    text: str
    warnings: list[ImportWarning] = field(default_factory=list)
    hosts: int = 0
    positions: tuple[dict[str, SourcePos], ...] = ()
    """Per host document: where in its source each logical path's element is written."""
    source_texts: dict[str, str] = field(default_factory=dict)
    """The decoded text of each source file whose importer kept it."""


def read_source(path: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a source file; refused when unreadable, not a regular file or too large."""
    try:
        data = read_file_bytes(path, limit)
    except ReadError as exc:
        raise ImportRefused(path, f"cannot read: {exc}") from None
    if len(data) > limit:
        raise ImportRefused(path, f"larger than {limit} bytes; refusing to import it")
    return data


def default_path(fmt: str) -> str | None:
    """What the importer reads when given no path (``sysfs``: the running machine, ``/``)."""
    return getattr(module(fmt), "DEFAULT_PATH", None)


def import_files(
    fmt: str,
    paths: Sequence[str],
    *,
    sources: dict[str, bytes] | None = None,
    target: str | None = None,
    catalogs: Sequence[str] = (),
) -> ImportResult:
    """Import ``paths`` (read from disk, or taken from ``sources``) as one or more host documents.

    An importer that reads a directory tree (``import_tree(root)``, e.g. ``sysfs``) is given each
    path that is a directory; every other path is read as bytes for ``import_file(path, data)``.
    ``target`` (``PRODUCT[:RELEASE]``, host formats only) describes the same hardware as a host of
    that hypervisor, with drivers from the catalogs (``catalogs`` adds catalog files to the bundled
    ones; see :mod:`hvcheck.importers._target`).

    Raises :class:`ImportRefused` for the first file that is not of the format, ``KeyError`` for
    an unknown format and ``ValueError`` for a target that cannot be used.
    """
    importer = module(fmt)
    import_tree = getattr(importer, "import_tree", None)
    drafts: list[Imported] = []
    for path in paths:
        if sources is not None and path in sources:
            drafts.append(importer.import_file(path, sources[path]))
        elif import_tree is not None and os.path.isdir(path):
            drafts.append(import_tree(path))
        else:
            drafts.append(importer.import_file(path, read_source(path)))
    if target is not None:
        from hvcheck.importers._target import retarget

        if importer.SCOPE not in HARDWARE_SCOPES:
            raise ValueError(
                f"--target describes a host's hardware under another hypervisor; {fmt} describes "
                "guests (use it with a host format: "
                + ", ".join(n for n in names() if module(n).SCOPE in HARDWARE_SCOPES)
                + ")"
            )
        drafts = retarget(drafts, target, list(catalogs))
    early = [w for draft in drafts for w in draft.warnings]  # before assembly renames anything
    texts_by_path = {d.path: d.text for d in drafts if d.text is not None}
    hosts = assemble(fmt, drafts, combine=importer.SCOPE in ("guest", "machine"))
    texts = [render(host, __version__) for host in hosts]
    text = "---\n".join(texts)
    warnings = early + [w for host in hosts for w in host.warnings]
    _self_check(text)
    return ImportResult(
        text,
        warnings,
        len(hosts),
        positions=tuple(source_positions(host) for host in hosts),
        source_texts=texts_by_path,
    )


@dataclass(frozen=True)
class ImportedForCheck:
    """One source file imported for ``check --from``: its host description, loaded under the
    source file's own name with every position moved to the source file (the element, key or line
    each part came from), the source's lines for excerpts, and what the source said that the
    description does not carry."""

    loaded: LoadResult
    warnings: list[ImportWarning]
    lines: list[str] = field(default_factory=list)
    """The source file's lines (1-based line ``n`` is ``lines[n - 1]``)."""


def import_for_check(fmt: str, path: str, limits: Limits | None = None) -> ImportedForCheck:
    """Import one source file and load the host description it gives, as the source file.

    Every key and value of each document maps to the source position of the element it came from
    (or of its nearest ancestor that has one; the file's first line otherwise), so findings,
    excerpts, GitHub annotations and SARIF locations point into the source file. The loaded text is
    left empty: the generated YAML's lines are not the file's, and text from a source file never
    becomes an inline suppression.
    """
    result = import_files(fmt, [path])
    loaded = load_text(result.text, path, limits or Limits())
    source = result.source_texts.get(path)
    if source is None:
        source = _decoded(path)
    lines = source.splitlines()
    first = Span(1, 1, 1, max(2, len(lines[0].rstrip()) + 1) if lines else 2)
    for doc in loaded.documents:
        places = result.positions[doc.index] if doc.index < len(result.positions) else {}
        relocate(doc.source_map, {k: v.span() for k, v in places.items()}, first)
        doc.span = first
    loaded.findings = [replace(f, span=first) for f in loaded.findings]
    loaded.text = ""
    return ImportedForCheck(loaded, list(result.warnings), lines)


def relocate(smap: SourceMap, places: dict[str, Span], root: Span) -> None:
    """Move every position of ``smap`` to ``places`` of its path or its nearest ancestor that has
    one (``root`` when none has)."""

    def find(path: str) -> Span:
        probe = path
        while True:
            found = places.get(probe)
            if found is not None:
                return found
            if not probe:
                return root
            probe = parent_path(probe)

    def raw(span: Span) -> tuple[int, int, int, int]:
        return (span.line - 1, span.column - 1, span.end_line - 1, span.end_column - 1)

    smap.values = {path: raw(find(path)) for path in smap.values}
    smap.keys = {path: raw(find(path)) for path in smap.keys}


def _decoded(path: str) -> str:
    """A source file's text for excerpts when its importer kept none: UTF-8 text, or nothing (a
    tarball or other binary source has no lines to show)."""
    try:
        data = read_source(path)
    except ImportRefused:
        return ""
    if b"\x00" in data:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _self_check(text: str) -> None:
    loaded = load_text(text, "<import>")
    problems = [f"{f.code} {f.span.line}: {f.message}" for f in loaded.findings]
    for doc in loaded.documents:
        _, findings = parse_host(doc, "<import>")
        problems += [f"{f.code} {f.span.line}: {f.message}" for f in findings]
    if problems:
        raise ImportFailed(
            "the imported host description does not validate: " + "; ".join(problems)
        )
