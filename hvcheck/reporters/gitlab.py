"""GitLab Code Quality (Code Climate subset) JSON, with stable, unique fingerprints."""

from __future__ import annotations

import json
from typing import Any

from hvcheck.engine import RunResult
from hvcheck.findings import Severity, fingerprints

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_data(result: RunResult) -> list[dict[str, Any]]:
    findings = result.findings
    out = []
    for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
        out.append(
            {
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint,
                "severity": SEVERITY[f.severity],
                "location": {
                    "path": f.file,
                    "lines": {"begin": f.span.line, "end": f.span.end_line},
                    "positions": {
                        "begin": {"line": f.span.line, "column": f.span.column},
                        "end": {"line": f.span.end_line, "column": f.span.end_column},
                    },
                },
            }
        )
    return out


def render(result: RunResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
