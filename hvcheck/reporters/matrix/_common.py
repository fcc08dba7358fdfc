"""What the matrix formats share: the grid of verdicts and the details of each cell."""

from __future__ import annotations

from hvcheck.results.matrix import MatrixCell, Target

MARK = {
    "ok": "ok",
    "ok with warnings": "warnings",
    "changes needed": "changes",
    "blocked": "BLOCKED",
}


def hosts_of(cells: list[MatrixCell]) -> list[str]:
    hosts: list[str] = []
    for c in cells:
        if c.host not in hosts:
            hosts.append(c.host)
    return hosts


def mark(cell: MatrixCell | None) -> str:
    if cell is None:
        return ""
    return MARK[cell.verdict] + (" (current)" if cell.current else "")


def grid(cells: list[MatrixCell], targets: list[Target]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: a row per host, a column per target."""
    by = {(c.host, c.target.label): c for c in cells}
    header = ["host", *[t.label for t in targets]]
    rows = [[h, *[mark(by.get((h, t.label))) for t in targets]] for h in hosts_of(cells)]
    return header, rows


def _counted(prefix: str, items: list[str]) -> list[str]:
    """One line per distinct item, with how often it occurs."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return [f"{prefix}: {item}" + (f" ({n} times)" if n > 1 else "") for item, n in counts.items()]


def details(cell: MatrixCell) -> list[str]:
    """What a cell needs, one line each (plain text; formats escape it)."""
    out = _counted("blocked", cell.blockers)
    out += _counted("error", cell.errors)
    out += _counted("warning", cell.warnings)
    out += [f"change: {c}" for c in cell.changes]
    for d in cell.devices:
        if d.status != "yes":
            out.append(f"device {d.device}: driver {d.status} ({d.detail})")
    if cell.unknown:
        out.append(f"{cell.unknown} fact(s) could not be checked (hvcheck check --show-unknown)")
    return out
