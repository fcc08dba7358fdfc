"""The migration matrix: a grid of hosts x targets, then what each cell needs (text, Markdown, JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from hvcheck import __version__
from hvcheck.engine.matrix import MatrixCell, Target
from hvcheck.reporters.escape import clean

MARK = {"ok": "ok", "changes needed": "changes", "blocked": "BLOCKED", "unknown": "unknown"}


def _grid(cells: list[MatrixCell], targets: list[Target]) -> tuple[list[str], list[list[str]]]:
    hosts: list[str] = []
    for c in cells:
        if c.host not in hosts:
            hosts.append(c.host)
    by = {(c.host, c.target.label): c for c in cells}
    header = ["host", *[t.label for t in targets]]
    rows = []
    for h in hosts:
        row = [h]
        for t in targets:
            cell = by.get((h, t.label))
            row.append(
                "" if cell is None else MARK[cell.verdict] + (" (current)" if cell.current else "")
            )
        rows.append(row)
    return header, rows


def _details(cell: MatrixCell) -> list[str]:
    out = []
    if cell.installs != "yes":
        word = "would not install" if cell.installs == "no" else "installation: unknown"
        out.append(f"{word}:")
        out += [f"  - {clean(p)}" for p in cell.install_problems]
    for d in cell.devices:
        if d.status != "yes":
            out.append(
                f"device {d.device}: {'no driver' if d.status == 'no' else 'driver unknown'} "
                f"({clean(d.detail)})"
            )
    for g in cell.guests:
        if g.change in ("loses", "gains", "unknown"):
            out.append(
                f"guest {g.partition} ({clean(g.os) or 'OS not described'}): {g.change} "
                f"enlightenment ({g.now} -> {g.there})"
            )
        for m in g.models:
            out.append(f"guest {g.partition}: {clean(m)}")
    return out


def render_text(cells: list[MatrixCell], targets: list[Target]) -> str:
    header, rows = _grid(cells, targets)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    for cell in cells:
        details = _details(cell)
        if details and not cell.current:
            lines.append("")
            lines.append(f"{cell.host} -> {cell.target_name}: {cell.verdict}")
            lines += [f"  {d}" for d in details]
    return "\n".join(lines) + "\n"


def render_markdown(cells: list[MatrixCell], targets: list[Target]) -> str:
    header, rows = _grid(cells, targets)
    out = [
        "# hvcheck migration matrix",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    out += ["| " + " | ".join(clean(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    for cell in cells:
        details = _details(cell)
        if details and not cell.current:
            out += ["", f"## {clean(cell.host)} → {clean(cell.target_name)}: {cell.verdict}", ""]
            out += [
                f"- {d.replace('|', '/')}" if not d.startswith("  ") else f"  {d.strip()}"
                for d in details
            ]
    return "\n".join(out) + "\n"


def to_data(cells: list[MatrixCell], targets: list[Target]) -> dict[str, Any]:
    return {
        "version": 1,
        "kind": "matrix",
        "tool": {"name": "hvcheck", "version": __version__},
        "targets": [t.label for t in targets],
        "cells": [{**asdict(c), "target": c.target.label, "verdict": c.verdict} for c in cells],
    }


def render_json(cells: list[MatrixCell], targets: list[Target]) -> str:
    return json.dumps(to_data(cells, targets), indent=2, ensure_ascii=False) + "\n"
