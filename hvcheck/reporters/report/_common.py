"""Helpers shared by the report formats."""

from __future__ import annotations

from typing import Any

from hvcheck.findings import Finding, Severity
from hvcheck.results import SEVERITIES
from hvcheck.results.report import HostSummary

SEVERITY_ORDER = SEVERITIES
VERDICT_MARK = {"pass": "PASS", "pass with warnings": "PASS (warnings)", "fail": "FAIL"}


def driver_label(device: dict[str, Any]) -> str:
    """``name (kind), ...`` for a device row of a host summary, or why there is none."""
    drivers = ", ".join(
        f"{n} ({k})" for n, k in zip(device["drivers"], device["driver_kinds"], strict=True)
    )
    return drivers or ("none" if device["in_use"] else "none (not in use)")


def grouped(findings: list[Finding]) -> list[tuple[Severity, list[Finding]]]:
    """The problems (active findings that are not unknowns) by severity, worst first."""
    active = [f for f in findings if f.suppressed is None and not f.unknown]
    return [(s, [f for f in active if f.severity == s]) for s in SEVERITY_ORDER]


def node_status(summary: HostSummary) -> dict[str, Severity]:
    """The worst active finding on each graph node (by logical path prefix)."""
    out: dict[str, Severity] = {}
    for node in summary.graph_nodes:
        path = node["path"]
        if not path:
            continue
        for f in summary.findings:
            if f.suppressed is not None:
                continue
            p = f.logical_path
            inside = p == path or p.startswith(path + ".") or p.startswith(path + "[")
            if inside and (node["key"] not in out or f.severity > out[node["key"]]):
                out[node["key"]] = f.severity
    return out


def overview(summaries: list[HostSummary]) -> dict[str, int]:
    out = {"hosts": len(summaries), "pass": 0, "pass with warnings": 0, "fail": 0}
    for s in summaries:
        out[s.verdict] += 1
    return out


def counted(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``0 hosts`` (``info`` has no plural)."""
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"


def findings_line(counts: dict[str, int]) -> str:
    """``1 error, 0 warnings, 3 info``."""
    return ", ".join(counted(counts[k], k) for k in ("error", "warning", "info"))
