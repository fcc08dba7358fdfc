"""Fix one file's text: check it, apply the fixes of what was found, check again, until nothing
more can be fixed.

The check itself is passed in (``check(text) -> findings``), so that the caller decides the
settings (configuration, selection, catalogs) exactly as ``hvcheck check`` would. A file with
input problems the loader reports (YAML syntax, encoding, tags, duplicate keys, input limits) is
left alone: its text is not what the loader can vouch for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hvcheck.atomicio import WriteError, write_bytes_atomic
from hvcheck.catalog import Catalog
from hvcheck.findings import Finding
from hvcheck.fixes import Fix, fix_for
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit, Unapplicable, apply_edits
from hvcheck.loader import Limits, load_text
from hvcheck.model import is_cluster, parse_host

MAX_PASSES = 10
"""A fix can reveal another finding (a quoted version lets the rules run); stop after this many."""

LOAD_CODES = frozenset({"HV0001", "HV0002", "HV0006", "HV0007", "HV0008", "HV0009", "HV0099"})
"""Input findings that make a file's text unfit for editing."""

Check = Callable[[str], Sequence[Finding]]


@dataclass
class Applied:
    """One finding that a fix took care of."""

    finding: Finding
    fix: Fix


@dataclass
class FileFix:
    """What fixing one file did, or would do."""

    file: str
    original: str
    fixed: str
    applied: list[Applied] = field(default_factory=list)
    unsafe: list[Applied] = field(default_factory=list)
    """Findings only an unsafe fix would fix (left as they are without ``--unsafe-fixes``)."""
    problems: list[str] = field(default_factory=list)
    """Why a fix could not be made (each ``path:line:col: CODE ...``)."""
    refused: str | None = None
    """Why the whole file was left alone."""
    read_as: bytes = b""
    """The bytes the file was read as (its text's source), for :func:`write_fixed`."""

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def _where(f: Finding) -> str:
    return f"{f.file}:{f.span.line}:{f.span.column}: {f.code}"


def _documents(text: str, file: str, catalog: Catalog, limits: Limits) -> list[FixDocument]:
    loaded = load_text(text, file, limits)
    docs = []
    for doc in loaded.documents:
        parsed = None
        if not is_cluster(doc):
            parsed, _ = parse_host(doc, file)
        docs.append(FixDocument(doc, catalog, text, parsed))
    return docs


def fix_text(
    text: str,
    file: str,
    check: Check,
    catalog: Catalog,
    limits: Limits,
    *,
    unsafe: bool = False,
) -> FileFix:
    """Fix ``text`` (the file ``file``) as far as the registered fixes can."""
    result = FileFix(file, text, text)
    loaded = load_text(text, file, limits)
    blocking = sorted({f.code for f in loaded.findings if f.code in LOAD_CODES})
    if blocking:
        result.refused = (
            f"it has input findings ({', '.join(blocking)}) that hvcheck check reports; fix "
            "them first"
        )
        return result
    current = text
    for _ in range(MAX_PASSES):
        seen_problems: set[str] = set()
        result.problems = []  # what the last pass could not fix is what is left
        findings = [f for f in check(current) if f.suppressed is None and f.file == file]
        docs = _documents(current, file, catalog, limits)
        by_index = {d.document.index: d for d in docs}
        candidates: list[tuple[Applied, list[tuple[int, Edit]]]] = []
        result.unsafe = []
        for finding in findings:
            fix = fix_for(finding.code)
            doc = by_index.get(finding.document)
            if fix is None or doc is None:
                continue
            if not fix.safe and not unsafe:
                result.unsafe.append(Applied(finding, fix))
                continue
            try:
                made = fix.edits(finding, doc)
            except Unapplicable as exc:
                _problem(result, seen_problems, f"{_where(finding)} not fixed: {exc}")
                continue
            if made:
                candidates.append((Applied(finding, fix), [(finding.document, e) for e in made]))
        chosen: list[tuple[int, Edit]] = []
        applied: list[Applied] = []
        fixed = current
        documents = [d.document for d in docs]
        for item, edits in candidates:
            new = [e for e in edits if e not in chosen]
            if not new:
                applied.append(item)  # the same change fixes this finding too
                continue
            try:
                fixed = apply_edits(current, documents, chosen + new, limits)
            except Unapplicable as exc:
                _problem(result, seen_problems, f"{_where(item.finding)} not fixed: {exc}")
                continue
            chosen.extend(new)
            applied.append(item)
        if not chosen:
            break
        result.applied.extend(applied)
        current = fixed
    result.fixed = current
    return result


def _problem(result: FileFix, seen: set[str], message: str) -> None:
    if message not in seen:
        seen.add(message)
        result.problems.append(message)


_BOM = b"\xef\xbb\xbf"


def write_fixed(result: FileFix) -> str | None:
    """Write the fixed text to the file atomically (keeping a byte-order mark it had), unless the
    file changed since it was read; None when written, else why it was left alone."""
    try:
        with open(result.file, "rb") as handle:
            now = handle.read(len(result.read_as) + 1)
    except OSError as exc:
        return f"cannot read it again: {exc.strerror}"
    if hashlib.sha256(now).digest() != hashlib.sha256(result.read_as).digest():
        return "it changed since hvcheck read it; run hvcheck fix again"
    bom = _BOM if result.read_as.startswith(_BOM) else b""
    try:
        write_bytes_atomic(result.file, bom + result.fixed.encode("utf-8"))
    except WriteError as exc:
        return str(exc)
    return None


def fix_bytes(
    data: bytes, file: str, check: Check, catalog: Catalog, limits: Limits, *, unsafe: bool = False
) -> FileFix:
    """:func:`fix_text` for a file's bytes (UTF-8, a byte-order mark allowed); a file that is not
    UTF-8 text is left alone."""
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    result = fix_text(text, file, check, catalog, limits, unsafe=unsafe)
    if not text and body:
        result.refused = "it is not UTF-8 text (HV0007); fix that first"
    result.read_as = data
    return result
