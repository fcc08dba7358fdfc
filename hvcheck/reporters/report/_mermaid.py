"""The Markdown report's dependency graph as Mermaid, drawn with the SVG's containment.

Boxes (:mod:`hvcheck.reporters.report._layout`) become subgraphs: the hardware, the parent partition
or driver domains with their drivers (Hyper-V, Xen), the hypervisor with its drivers (ESXi), the
host OS with its drivers (hybrid VMMs, KVM, whose hypervisor box sits inside the host OS), and each
guest with its virtual devices. Nodes and boxes with findings are outlined in the colour of their
worst finding (``classDef`` / ``style``), as in the HTML report.
"""

from __future__ import annotations

import re

from hvcheck.escape import clean
from hvcheck.findings import Severity
from hvcheck.reporters.report._common import node_status
from hvcheck.reporters.report._layout import Box, layout
from hvcheck.results.report import HostSummary

OUTLINE = {
    Severity.ERROR: "stroke:#dc2626,stroke-width:3px",
    Severity.WARNING: "stroke:#d97706,stroke-width:3px",
    Severity.INFO: "stroke:#2563eb,stroke-width:1px",
}


def node_id(key: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def box_id(key: str) -> str:
    return "b_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def label(text: str) -> str:
    return clean(text).replace('"', "#quot;")


def _title(box: Box) -> str:
    if box.kind == "partition":
        return f"{box.key.split(':', 1)[-1]} ({box.role or 'unknown role'} partition)"
    return box.label


def mermaid(summary: HostSummary) -> str:
    """A fenced ``mermaid`` block with the host's picture."""
    plan = layout(summary)
    status = node_status(summary)
    lines = ["```mermaid", "flowchart LR"]
    ids: dict[str, str] = {}

    def emit_box(box: Box, depth: int) -> None:
        pad = "  " * depth
        ids[box.key] = box_id(box.key)
        lines.append(f'{pad}subgraph {box_id(box.key)}["{label(_title(box))}"]')
        if not box.members and not box.inner:
            # an empty box still shows what it is: one node naming it
            lines.append(f'{pad}  {node_id(box.key)}["{label(_title(box))}"]')
        for member in box.members:
            key = str(member["key"])
            ids[key] = node_id(key)
            lines.append(f'{pad}  {node_id(key)}["{label(str(member["label"]))}"]')
        for inner in box.inner:
            emit_box(inner, depth + 1)
        lines.append(f"{pad}end")

    for column in plan.columns:
        for box in column:
            emit_box(box, 1)
    if plan.band is not None:
        emit_box(plan.band, 1)
    for node in plan.loose:
        key = str(node["key"])
        ids[key] = node_id(key)
        lines.append(f'  {node_id(key)}["{label(str(node["label"]))} (place not stated)"]')
    for edge in plan.edges:
        source, target = ids.get(str(edge["source"])), ids.get(str(edge["target"]))
        if source and target:
            lines.append(f"  {source} -->|{edge['kind']}| {target}")
    used = sorted({sev for key, sev in status.items() if key in ids}, reverse=True)
    for sev in used:
        lines.append(f"  classDef {sev.label} {OUTLINE[sev]}")
    for key, sev in sorted(status.items()):
        if key not in ids:
            continue
        if key in plan.boxes:
            lines.append(f"  style {ids[key]} {OUTLINE[sev]}")
        else:
            lines.append(f"  class {ids[key]} {sev.label}")
    lines.append("```")
    return "\n".join(lines)
