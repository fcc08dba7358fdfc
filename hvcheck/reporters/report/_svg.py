"""Draw a host's dependency graph as a self-contained SVG: one column per layer, edges by kind."""

from __future__ import annotations

from html import escape

from hvcheck.findings import Severity
from hvcheck.reporters.report._common import node_status
from hvcheck.results.report import LAYERS, HostSummary

COL_WIDTH = 250
BOX_W = 210
BOX_H = 26
ROW_H = 34
TOP = 44
LEFT = 16

EDGE_COLOR = {
    "drives": "#2563eb",
    "runs-in": "#7c3aed",
    "served-by": "#059669",
    "backed-by": "#b45309",
    "assigned-to": "#dc2626",
    "has": "#9ca3af",
}
NODE_FILL = {
    "device": "#e0f2fe",
    "driver": "#ede9fe",
    "hypervisor": "#fef3c7",
    "host-os": "#fef3c7",
    "partition": "#dcfce7",
    "virtual-device": "#f1f5f9",
}
STATUS_STROKE = {Severity.ERROR: "#dc2626", Severity.WARNING: "#d97706", Severity.INFO: "#2563eb"}


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def render_svg(summary: HostSummary) -> str:
    columns: dict[int, list[dict[str, object]]] = {i: [] for i in range(len(LAYERS))}
    for node in summary.graph_nodes:
        columns[int(node["layer"])].append(node)
    pos: dict[str, tuple[float, float]] = {}
    rows = max((len(c) for c in columns.values()), default=1) or 1
    for layer, nodes in columns.items():
        for row, node in enumerate(nodes):
            pos[str(node["key"])] = (LEFT + layer * COL_WIDTH, TOP + row * ROW_H)
    width = LEFT * 2 + (len(LAYERS) - 1) * COL_WIDTH + BOX_W
    legend_y = TOP + rows * ROW_H + 16
    height = legend_y + 30
    status = node_status(summary)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="dependency graph of {escape(summary.name)}" font-family="sans-serif" '
        'font-size="12">',
        f"<title>Dependency graph of {escape(summary.name)}</title>",
    ]
    for i, (title, _) in enumerate(LAYERS):
        out.append(
            f'<text x="{LEFT + i * COL_WIDTH}" y="22" font-weight="bold" fill="#374151">'
            f"{escape(title)}</text>"
        )
    for edge in summary.graph_edges:
        src, dst = pos.get(str(edge["source"])), pos.get(str(edge["target"]))
        if src is None or dst is None:
            continue
        color = EDGE_COLOR.get(str(edge["kind"]), "#6b7280")
        if dst[0] > src[0]:
            x1, x2 = src[0] + BOX_W, dst[0]
        elif dst[0] < src[0]:
            x1, x2 = src[0], dst[0] + BOX_W
        else:
            x1, x2 = src[0] + BOX_W, dst[0] + BOX_W
        y1, y2 = src[1] + BOX_H / 2, dst[1] + BOX_H / 2
        bend = max(40.0, abs(x2 - x1) / 3) if x1 != x2 else 60.0
        c1 = x1 + (bend if x2 >= x1 else -bend) if dst[0] != src[0] else x1 + bend
        c2 = x2 - (bend if x2 >= x1 else -bend) if dst[0] != src[0] else x2 + bend
        out.append(
            f'<path d="M{x1:.0f},{y1:.0f} C{c1:.0f},{y1:.0f} {c2:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
            f'fill="none" stroke="{color}" stroke-width="1.4" opacity="0.8">'
            f"<title>{escape(str(edge['kind']))}</title></path>"
        )
    for node in summary.graph_nodes:
        key = str(node["key"])
        x, y = pos[key]
        fill = NODE_FILL.get(str(node["kind"]), "#ffffff")
        sev = status.get(key)
        stroke = STATUS_STROKE[sev] if sev else "#6b7280"
        stroke_w = 2.5 if sev and sev >= Severity.WARNING else 1
        label = _short(str(node["label"]))
        out.append(
            f"<g><title>{escape(str(node['kind']))}: {escape(str(node['label']))}</title>"
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{stroke_w}"/>'
            f'<text x="{x + 8}" y="{y + 17}" fill="#111827">{escape(label)}</text></g>'
        )
    x = LEFT
    for kind, color in EDGE_COLOR.items():
        out.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 22}" y2="{legend_y}" stroke="{color}" '
            'stroke-width="2"/>'
            f'<text x="{x + 28}" y="{legend_y + 4}" fill="#374151">{escape(kind)}</text>'
        )
        x += 120
    out.append("</svg>")
    return "\n".join(out)
