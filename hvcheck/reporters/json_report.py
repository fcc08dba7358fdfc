"""Versioned, documented JSON output (see README, "JSON output").

Stable: keys are never renamed within a ``version``; new keys may be added. Deterministic: findings are
sorted by file, line, column and code, and nothing depends on the time or the machine.
"""

from __future__ import annotations

import json
from typing import Any

from hvcheck import __version__
from hvcheck.engine import RunResult
from hvcheck.findings import Finding, fingerprints
from hvcheck.reporters.rules_md import doc_url_for
from hvcheck.reporters.summary import counts

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


def to_data(result: RunResult) -> dict[str, Any]:
    findings = result.findings
    suppressed = result.suppressed
    return {
        "version": JSON_VERSION,
        "tool": {"name": "hvcheck", "version": __version__},
        "summary": {
            "files": len(result.files),
            "hosts": result.host_count,
            "findings": len(findings),
            "suppressed": len(suppressed),
            "by_severity": counts(result),
        },
        "files": [{"path": r.path, "hosts": r.hosts} for r in result.files],
        "findings": [
            finding_dict(f, p) for f, p in zip(findings, fingerprints(findings), strict=True)
        ],
        "suppressed": [
            finding_dict(f, p) for f, p in zip(suppressed, fingerprints(suppressed), strict=True)
        ],
        "errors": list(result.errors),
    }


def render(result: RunResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
