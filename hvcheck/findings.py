"""The vocabulary every layer shares: severities, source spans and findings.

This module sits below the loader so that every stage (loader, model validation, rules, engine) can
produce findings of one type, and every reporter can print them. It has no dependencies.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``max()`` gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; choose one of {choices}") from None


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A 1-based, end-exclusive region of a source file (line, column) to (end line, end column)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


UNKNOWN_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one file: what rule, where, and why.

    ``logical_path`` names the subject inside the document by position
    (``spec.partitions[2].devices[0]``) and ``span`` is where a person should look; ``subject``
    names the same place by the ids of the objects on the way (``spec.partitions[web01].devices[nic0]``)
    and is what baselines and fingerprints use, so inserting, removing or reordering other list
    items does not change a finding's identity. ``unknown`` marks a finding that only says what
    could not be checked (an unstated fact, a catalog gap), never a problem with the host.
    """

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    span: Span = UNKNOWN_SPAN
    logical_path: str = ""
    host: str = ""
    document: int = 0
    notes: tuple[str, ...] = field(default=())
    suppressed: str | None = None
    """Why the finding is suppressed (an inline or structural suppression, or the baseline)."""
    suppression_kind: str | None = None
    """``inSource`` for suppressions written in the file, ``external`` for the baseline."""
    subject: str = ""
    """The logical path by ids (see above); empty when the path names no list item."""
    unknown: bool = False
    """True for findings that say what could not be checked (the *unknown* class)."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.span.line, self.span.column, self.code, self.message)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Flat values pickle and unpickle about twice as fast as the dataclass's own state (a
        # fleet run sends every finding from a worker process and may spill it to disk).
        s = self.span
        return (
            _finding,
            (
                self.code,
                self.name,
                int(self.severity),
                self.message,
                self.file,
                s.line,
                s.column,
                s.end_line,
                s.end_column,
                self.logical_path,
                self.host,
                self.document,
                self.notes,
                self.suppressed,
                self.suppression_kind,
                self.subject,
                self.unknown,
            ),
        )

    def identity(self) -> tuple[str, str, str, str]:
        """The logical identity (file, host, subject path, rule): stable across unrelated edits.

        Baselines and fingerprints (SARIF, GitLab) use it; line numbers and list positions are
        deliberately not part of it. Findings without a logical path (syntax errors) fall back to
        their message.
        """
        subject = self.subject or self.logical_path or f"#document{self.document}:{self.message}"
        return (self.file.replace("\\", "/"), self.host, subject, self.code)


_SEVERITY_BY_VALUE = {s.value: s for s in Severity}


def _finding(
    code: str,
    name: str,
    severity: int,
    message: str,
    file: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    logical_path: str,
    host: str,
    document: int,
    notes: tuple[str, ...],
    suppressed: str | None,
    suppression_kind: str | None,
    subject: str,
    unknown: bool,
) -> Finding:
    """Rebuild a pickled :class:`Finding`."""
    return Finding(
        code,
        name,
        _SEVERITY_BY_VALUE[severity],
        message,
        file,
        Span(line, column, end_line, end_column),
        logical_path,
        host,
        document,
        notes,
        suppressed,
        suppression_kind,
        subject,
        unknown,
    )


class Fingerprinter:
    """A stable, unique fingerprint per finding (its identity plus an occurrence counter), one
    finding at a time, for findings that come grouped by file (as every run's findings do): the
    occurrence counters of a file are forgotten when the next file starts, so memory does not grow
    with the run."""

    def __init__(self) -> None:
        self._file: str | None = None
        self._seen: dict[tuple[str, str, str, str], int] = {}

    def __call__(self, f: Finding) -> str:
        ident = f.identity()
        if ident[0] != self._file:
            self._file = ident[0]
            self._seen.clear()
        n = self._seen.get(ident, 0)
        self._seen[ident] = n + 1
        return _fingerprint(ident, n)


def _fingerprint(ident: tuple[str, str, str, str], n: int) -> str:
    import hashlib

    text = "\x1f".join((*ident, str(n)))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


@dataclass(frozen=True)
class Check:
    """The identity of a check that is not a graph rule: a code, a kebab name and a default severity."""

    code: str
    name: str
    severity: Severity


# Input checks, emitted by the loader and the model validator. Each has a documentation module in
# ``hvcheck/rules/input/`` so that ``hvcheck rules`` and ``hvcheck explain`` cover them too.
YAML_SYNTAX = Check("HV0001", "yaml-syntax", Severity.ERROR)
DUPLICATE_KEY = Check("HV0002", "duplicate-key", Severity.ERROR)
UNKNOWN_KEY = Check("HV0003", "unknown-key", Severity.ERROR)
INVALID_VALUE = Check("HV0004", "invalid-value", Severity.ERROR)
MISSING_FIELD = Check("HV0005", "missing-field", Severity.ERROR)
INPUT_LIMIT = Check("HV0006", "input-limit", Severity.ERROR)
ENCODING = Check("HV0007", "encoding", Severity.ERROR)
EMPTY_INPUT = Check("HV0008", "empty-input", Severity.ERROR)
UNSUPPORTED_TAG = Check("HV0009", "unsupported-tag", Severity.ERROR)
UNKNOWN_KIND = Check("HV0010", "unknown-document-kind", Severity.ERROR)
INVALID_SUPPRESSION = Check("HV0011", "invalid-suppression", Severity.ERROR)
UNUSED_SUPPRESSION = Check("HV0012", "unused-suppression", Severity.WARNING)
INTERNAL_ERROR = Check("HV0099", "internal-error", Severity.ERROR)


def matches_code(code: str, name: str, selectors: list[str] | tuple[str, ...]) -> bool:
    """True if a selector is 'ALL', a prefix of ``code`` (``HV3``, ``HV3001``) or ``name``.

    The one selector rule for rules and findings alike.
    """
    upper = code.upper()
    for sel in selectors:
        s = sel.strip()
        if not s:
            continue
        if s.upper() == "ALL" or upper.startswith(s.upper()) or name == s.lower():
            return True
    return False


def make_finding(
    check: Check,
    message: str,
    file: str,
    span: Span = UNKNOWN_SPAN,
    *,
    logical_path: str = "",
    host: str = "",
    document: int = 0,
) -> Finding:
    """A finding for ``check`` with its default severity."""
    return Finding(
        code=check.code,
        name=check.name,
        severity=check.severity,
        message=message,
        file=file,
        span=span,
        logical_path=logical_path,
        host=host,
        document=document,
    )
