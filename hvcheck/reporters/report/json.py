"""The compatibility report as stable, versioned JSON (documented in the README, "Reports")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hvcheck import __version__
from hvcheck.reporters._jsonstream import dumps
from hvcheck.reporters.check.json import finding_dict
from hvcheck.reporters.report._common import overview
from hvcheck.results.report import HostSummary, ReportData

REPORT_VERSION = 1


def to_data(summaries: list[HostSummary], errors: list[str]) -> dict[str, Any]:
    return {
        "version": REPORT_VERSION,
        "kind": "report",
        "tool": {"name": "hvcheck", "version": __version__},
        "summary": overview(summaries),
        "hosts": [
            {
                "file": s.file,
                "name": s.name,
                "product": s.product,
                "product_name": s.product_name,
                "version": s.version,
                "architecture": s.architecture,
                "verdict": s.verdict,
                "loaded": s.loaded,
                "counts": s.counts,
                "devices": s.devices,
                "partitions": s.partitions,
                "graph": {"nodes": s.graph_nodes, "edges": s.graph_edges},
                "findings": [finding_dict(f) for f in s.findings],
            }
            for s in summaries
        ],
        "errors": list(errors),
    }


def stream(data: ReportData) -> Iterator[str]:
    yield dumps(to_data(data.hosts, data.errors), indent=2) + "\n"
