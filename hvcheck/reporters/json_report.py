"""Versioned, documented JSON output (see README, "JSON output").

Stable: keys are never renamed within a ``version``; new keys may be added. Deterministic: findings are
sorted by file, line, column and code, and nothing depends on the time or the machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from hvcheck import __version__
from hvcheck.engine import RunResult
from hvcheck.engine.results import Which
from hvcheck.findings import Finding, Fingerprinter
from hvcheck.reporters.jsonstream import Items, dump
from hvcheck.reporters.rules_md import doc_url_for

JSON_VERSION = 1


def finding_dict(f: Finding, fingerprint: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.label,
        "message": f.message,
        "file": f.file,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "path": f.logical_path,
        "host": f.host,
        "document": f.document,
        "url": doc_url_for(f.code, f.name),
        "fingerprint": fingerprint,
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
        },
        "files": lists({"path": s.path, "hosts": list(s.hosts)} for s in result.files.summaries),
        "findings": lists(_dicts(result, "active")),
        "suppressed": lists(_dicts(result, "suppressed")),
        "errors": list(result.errors),
    }


def to_data(result: RunResult) -> dict[str, Any]:
    return _document(result, list)


def stream(result: RunResult) -> Iterator[str]:
    yield from dump(_document(result, Items))
    yield "\n"


def render(result: RunResult) -> str:
    return "".join(stream(result))
