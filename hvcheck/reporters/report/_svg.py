"""Draw a host's dependency graph as a self-contained SVG, as its architecture is.

The containment comes from :mod:`hvcheck.reporters.report._layout`: hardware on the left; in the
middle the boxes that own physical drivers (the parent partition and driver domains of Hyper-V and
Xen, the hypervisor of ESXi, the host OS of hybrid VMMs and KVM) with each driver inside the box it
runs in; guests on the right, each a box holding its virtual devices. On Hyper-V and Xen the
hypervisor is a band under all the partitions, below every other box, so no edge crosses it: the
drivers talk to the hardware from the parent partition, not through the hypervisor.

Every node and box carries ``data-key`` and ``data-kind`` (boxes also ``data-role``), and every
edge ``data-kind``, ``data-source`` and ``data-target``, so tests can check the picture's geometry
in a browser.
"""

from __future__ import annotations

from html import escape as _html_escape
from typing import Any

from hvcheck.escape import clean
from hvcheck.findings import Severity
from hvcheck.reporters.report._common import node_status
from hvcheck.reporters.report._layout import Box, Layout, layout
from hvcheck.results.report import HostSummary

NODE_W = 190
NODE_H = 24
GAP = 8
PAD = 10
HEAD = 22
COL_GAP = 80
TOP = 16
LEFT = 16
BOX_GAP = 14

EDGE_COLOR = {
    "drives": "#2563eb",
    "served-by": "#059669",
    "backed-by": "#b45309",
    "assigned-to": "#dc2626",
    "runs-in": "#7c3aed",
}
NODE_FILL = {"device": "#e0f2fe", "driver": "#ede9fe", "virtual-device": "#f1f5f9"}
BOX_FILL = {
    "hardware": "#f8fafc",
    "hypervisor": "#fef3c7",
    "host-os": "#fff7ed",
    "partition": "#f0fdf4",
}
STATUS_STROKE = {Severity.ERROR: "#dc2626", Severity.WARNING: "#d97706", Severity.INFO: "#2563eb"}

Rect = tuple[float, float, float, float]  # x, y, width, height


def escape(text: str) -> str:
    """SVG text: :func:`hvcheck.escape.clean` (one inert line), then HTML-escaped."""
    return _html_escape(clean(text))


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _box_height(box: Box) -> float:
    inner = sum(_box_height(b) + GAP for b in box.inner)
    rows = len(box.members)
    return HEAD + rows * (NODE_H + GAP) + inner + PAD


class _Canvas:
    def __init__(self, summary: HostSummary, plan: Layout) -> None:
        self.summary = summary
        self.plan = plan
        self.rects: dict[str, Rect] = {}
        self.parts: list[str] = []
        self.status = node_status(summary)
        self.col_w = NODE_W + 4 * PAD

    # --- placing ----------------------------------------------------------------------------

    def place_box(self, box: Box, x: float, y: float, w: float) -> float:
        """Place ``box`` and its members at (x, y); the y below it."""
        h = _box_height(box)
        self.rects[box.key] = (x, y, w, h)
        row_y = y + HEAD
        for member in box.members:
            self.rects[str(member["key"])] = (x + (w - NODE_W) / 2, row_y, NODE_W, NODE_H)
            row_y += NODE_H + GAP
        for inner in box.inner:
            row_y = self.place_box(inner, x + PAD, row_y, w - 2 * PAD) + GAP
        return y + h

    def place(self) -> tuple[float, float]:
        """Place every box and node; the picture's width and the y below it."""
        x: float = LEFT
        bottom: float = TOP
        lefts: list[float] = []
        for i, column in enumerate(self.plan.columns):
            loose = self.plan.loose if i == 1 else []
            if not column and not loose and i > 0:
                continue
            lefts.append(x)
            y: float = TOP
            for box in column:
                y = self.place_box(box, x, y, self.col_w) + BOX_GAP
            for node in loose:  # drivers whose place is not stated: outside every box
                self.rects[str(node["key"])] = (x + 2 * PAD, y, NODE_W, NODE_H)
                y += NODE_H + GAP
            bottom = max(bottom, y)
            x += self.col_w + COL_GAP
        right = x - COL_GAP
        band = self.plan.band
        if band is not None:  # a microkernel's hypervisor: under every partition, below all else
            start = lefts[1] if len(lefts) > 1 else LEFT
            width = max(right - start, PAD + max(1, len(band.members)) * (NODE_W + GAP))
            height = HEAD + (NODE_H + PAD if band.members else PAD)
            self.rects[band.key] = (start, bottom, width, height)
            for i, member in enumerate(band.members):
                self.rects[str(member["key"])] = (
                    start + PAD + i * (NODE_W + GAP),
                    bottom + HEAD,
                    NODE_W,
                    NODE_H,
                )
            right = max(right, start + width)
            bottom += height + BOX_GAP
        return right + LEFT, bottom

    # --- drawing ----------------------------------------------------------------------------

    def stroke(self, key: str, default: str) -> tuple[str, float]:
        sev = self.status.get(key)
        if sev is None:
            return default, 1.0
        return STATUS_STROKE[sev], 2.5 if sev >= Severity.WARNING else 1.5

    def draw_box(self, box: Box) -> None:
        x, y, w, h = self.rects[box.key]
        stroke, width = self.stroke(box.key, "#6b7280")
        role = f' data-role="{escape(box.role)}"' if box.role else ""
        title = box.label
        if box.kind == "partition":
            title = f"{box.key.split(':', 1)[-1]} ({box.role or 'unknown role'} partition)"
        self.parts.append(
            f'<g class="box" data-key="{escape(box.key)}" data-kind="{box.kind}"{role}>'
            f"<title>{escape(title)}</title>"
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="8" '
            f'fill="{BOX_FILL.get(box.kind, "#ffffff")}" stroke="{stroke}" '
            f'stroke-width="{width}"/>'
            f'<text x="{x + 8:.0f}" y="{y + 15:.0f}" font-weight="bold" fill="#374151">'
            f"{escape(_short(title, 34))}</text></g>"
        )
        for inner in box.inner:
            self.draw_box(inner)

    def draw_node(self, node: dict[str, Any]) -> None:
        key = str(node["key"])
        x, y, w, h = self.rects[key]
        stroke, width = self.stroke(key, "#6b7280")
        kind = str(node["kind"])
        label = _short(str(node["label"]))
        self.parts.append(
            f'<g class="node" data-key="{escape(key)}" data-kind="{escape(kind)}">'
            f"<title>{escape(kind)}: {escape(str(node['label']))}</title>"
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="5" '
            f'fill="{NODE_FILL.get(kind, "#ffffff")}" stroke="{stroke}" stroke-width="{width}"/>'
            f'<text x="{x + 8:.0f}" y="{y + 16:.0f}" fill="#111827">{escape(label)}</text></g>'
        )

    def draw_edge(self, edge: dict[str, Any]) -> None:
        source, target = str(edge["source"]), str(edge["target"])
        a, b = self.rects.get(source), self.rects.get(target)
        if a is None or b is None:
            return
        kind = str(edge["kind"])
        ay = a[1] + (min(a[3], NODE_H) / 2 if source not in self.plan.boxes else HEAD / 2)
        by = b[1] + (min(b[3], NODE_H) / 2 if target not in self.plan.boxes else HEAD / 2)
        if b[0] >= a[0] + a[2]:
            x1, x2, bend = a[0] + a[2], b[0], 1
        elif a[0] >= b[0] + b[2]:
            x1, x2, bend = a[0], b[0] + b[2], -1
        else:  # overlapping columns: leave and enter on the right
            x1, x2, bend = a[0] + a[2], b[0] + b[2], 0
        reach = max(30.0, abs(x2 - x1) / 3)
        c1 = x1 + (reach if bend >= 0 else -reach)
        c2 = x2 - (reach if bend > 0 else -reach) if bend else x2 + reach
        color = EDGE_COLOR.get(kind, "#6b7280")
        self.parts.append(
            f'<path class="edge" data-kind="{escape(kind)}" data-source="{escape(source)}" '
            f'data-target="{escape(target)}" '
            f'd="M{x1:.0f},{ay:.0f} C{c1:.0f},{ay:.0f} {c2:.0f},{by:.0f} {x2:.0f},{by:.0f}" '
            f'fill="none" stroke="{color}" stroke-width="1.4" opacity="0.85">'
            f"<title>{escape(kind)}</title></path>"
        )


def render_svg(summary: HostSummary) -> str:
    plan = layout(summary)
    canvas = _Canvas(summary, plan)
    width, bottom = canvas.place()
    legend_y = bottom + 12
    height = legend_y + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-label="dependency graph of {escape(summary.name)}" '
        f'data-architecture="{escape(summary.architecture)}" font-family="sans-serif" '
        'font-size="12">',
        f"<title>Dependency graph of {escape(summary.name)} ({escape(summary.architecture)})"
        "</title>",
    ]
    canvas.parts = out
    for column in plan.columns:
        for box in column:
            canvas.draw_box(box)
    if plan.band is not None:
        canvas.draw_box(plan.band)
    for edge in plan.edges:
        canvas.draw_edge(edge)
    for box in plan.boxes.values():
        for member in box.members:
            canvas.draw_node(member)
    for node in plan.loose:
        canvas.draw_node(node)
    x = LEFT
    for kind, color in EDGE_COLOR.items():
        if kind == "runs-in" and not any(str(e["kind"]) == "runs-in" for e in plan.edges):
            continue
        out.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 22}" y2="{legend_y}" stroke="{color}" '
            'stroke-width="2"/>'
            f'<text x="{x + 28}" y="{legend_y + 4}" fill="#374151">{escape(kind)}</text>'
        )
        x += 120
    out.append("</svg>")
    return "\n".join(out)
