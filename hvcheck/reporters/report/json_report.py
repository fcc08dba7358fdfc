"""The compatibility report as stable, versioned JSON (documented in the README, "Reports")."""

from __future__ import annotations

import json
from typing import Any

from hvcheck import __version__
from hvcheck.engine.inventory import HostSummary
from hvcheck.reporters.json_report import finding_dict
from hvcheck.reporters.report.common import overview

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


def render_json(summaries: list[HostSummary], errors: list[str]) -> str:
    return json.dumps(to_data(summaries, errors), indent=2, ensure_ascii=False) + "\n"
