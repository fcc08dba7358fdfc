"""Importers: describe real hosts and guests from the files people already have.

Each importer reads one source format and drafts what it says (guests and their virtual devices, or
physical devices and their drivers); :func:`import_files` assembles the drafts into host descriptions
(``apiVersion: hvcheck/v1``, ``kind: Host``) as commented YAML text, and checks that the text loads
and validates. Anything a source says that the host format cannot carry is kept as a comment and
returned as a warning; a file that is not of the format is refused with :class:`ImportRefused`.

Guest formats (libvirt, vmx, xl) combine every file of one hypervisor product into one host; host
formats (lspci, esxcli) give one host per file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from hvcheck import __version__
from hvcheck.importers._common import Imported, ImportRefused, ImportWarning
from hvcheck.importers._render import assemble, render
from hvcheck.loader import Limits, LoadResult, load_text
from hvcheck.loader.load import ReadError, read_file_bytes
from hvcheck.model import parse_host

Importer = Callable[[str, bytes], Imported]

MAX_SOURCE_BYTES = 8 * 1024 * 1024

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

    An importer is one module here with ``TITLE``, ``SCOPE`` and ``import_file(path, data)``;
    adding the module is what registers it. Listing the names imports nothing.
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


def read_source(path: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a source file; refused when unreadable, not a regular file or too large."""
    try:
        data = read_file_bytes(path, limit)
    except ReadError as exc:
        raise ImportRefused(path, f"cannot read: {exc}") from None
    if len(data) > limit:
        raise ImportRefused(path, f"larger than {limit} bytes; refusing to import it")
    return data


def import_files(
    fmt: str, paths: Sequence[str], *, sources: dict[str, bytes] | None = None
) -> ImportResult:
    """Import ``paths`` (read from disk, or taken from ``sources``) as one or more host documents.

    Raises :class:`ImportRefused` for the first file that is not of the format, and ``KeyError`` for
    an unknown format.
    """
    importer = module(fmt)
    drafts: list[Imported] = []
    for path in paths:
        data = sources[path] if sources is not None and path in sources else read_source(path)
        drafts.append(importer.import_file(path, data))
    hosts = assemble(fmt, drafts, combine=importer.SCOPE == "guest")
    texts = [render(host, __version__) for host in hosts]
    text = "---\n".join(texts)
    warnings = [w for host in hosts for w in host.warnings]
    _self_check(text)
    return ImportResult(text, warnings, len(hosts))


@dataclass(frozen=True)
class ImportedForCheck:
    """One source file imported for ``check --from``: its host description, loaded under the
    source file's own name, and what the source said that the description does not carry."""

    loaded: LoadResult
    warnings: list[ImportWarning]


def import_for_check(fmt: str, path: str, limits: Limits | None = None) -> ImportedForCheck:
    """Import one source file and load the host description it gives, as the source file."""
    result = import_files(fmt, [path])
    loaded = load_text(result.text, path, limits or Limits())
    return ImportedForCheck(loaded, list(result.warnings))


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
