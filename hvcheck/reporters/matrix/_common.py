"""What the matrix formats share: the grid of verdicts and the details of each cell."""

from __future__ import annotations

from hvcheck.escape import clean
from hvcheck.results.matrix import MatrixCell, Target

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
