"""Versioned, documented JSON: every finding, those that could not be checked marked as unknown.

The fields are described in the README, "JSON output".

Stable: keys are never renamed within a ``version``; new keys may be added. Deterministic: findings are
sorted by file, line, column and code, and nothing depends on the time or the machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from hvcheck import __version__
from hvcheck.escape import safe_unicode
from hvcheck.findings import Finding, Fingerprinter
from hvcheck.reporters._docs import doc_url_for
from hvcheck.reporters._jsonstream import Items, dump
from hvcheck.reporters.check import Display
from hvcheck.results import RunResult, Which

JSON_VERSION = 1


def finding_dict(f: Finding, fingerprint: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.label,
        "message": safe_unicode(f.message),
        "file": safe_unicode(f.file),
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "path": f.logical_path,
        "subject": f.subject or f.logical_path,
        "host": f.host,
        "document": f.document,
        "url": doc_url_for(f.code, f.name),
        "fingerprint": fingerprint,
        "unknown": f.unknown,
    }
    if f.suppressed is not None:
        data["suppressed"] = {"kind": f.suppression_kind or "inSource", "reason": f.suppressed}
    return data


def _dicts(result: RunResult, which: Which) -> Iterator[dict[str, Any]]:
    fingerprint = Fingerprinter()
    for f in result.iter_findings(which):
        yield finding_dict(f, fingerprint(f))


def _document(result: RunResult, lists: Callable[[Iterable[Any]], Any]) -> dict[str, Any]:
    by_severity = result.counts()
    return {
        "version": JSON_VERSION,
        "tool": {"name": "hvcheck", "version": __version__},
        "summary": {
            "files": len(result.files),
            "hosts": result.host_count,
            "findings": sum(by_severity.values()),
            "suppressed": result.suppressed_count,
            "by_severity": by_severity,
            "unknown": {
                "facts": sum(result.unknown_counts().values()),
                "hosts": result.unknown_hosts,
                "by_code": result.unknown_counts(),
            },
        },
        "files": lists(
            {"path": safe_unicode(s.path), "hosts": list(s.hosts)} for s in result.files.summaries
        ),
        "findings": lists(_dicts(result, "active")),
        "suppressed": lists(_dicts(result, "suppressed")),
        "errors": [safe_unicode(e) for e in result.errors],
    }


def to_data(result: RunResult) -> dict[str, Any]:
    return _document(result, list)


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    """Every active finding, unknowns included (marked ``"unknown": true``)."""
    yield from dump(_document(result, Items))
    yield "\n"
