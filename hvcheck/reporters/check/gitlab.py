"""GitLab Code Quality (Code Climate subset) JSON, with stable, unique fingerprints.

Findings that only say what could not be checked are left out unless --show-unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hvcheck.escape import safe_unicode
from hvcheck.findings import Finding, Fingerprinter, Severity
from hvcheck.reporters._jsonstream import Items, dump
from hvcheck.reporters.check import Display
from hvcheck.results import RunResult

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(f: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "description": safe_unicode(f"{f.code} {f.message}"),
        "check_name": f"{f.code} {f.name}",
        "fingerprint": fingerprint,
        "severity": SEVERITY[f.severity],
        "location": {
            "path": safe_unicode(f.file),
            "lines": {"begin": f.span.line, "end": f.span.end_line},
            "positions": {
                "begin": {"line": f.span.line, "column": f.span.column},
                "end": {"line": f.span.end_line, "column": f.span.end_column},
            },
        },
    }


def _issues(result: RunResult) -> Iterator[dict[str, Any]]:
    fingerprint = Fingerprinter()
    for f in result.iter_findings(result.shown()):
        yield _issue(f, fingerprint(f))


def to_data(result: RunResult) -> list[dict[str, Any]]:
    return list(_issues(result))


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    yield from dump(Items(_issues(result)))
    yield "\n"
