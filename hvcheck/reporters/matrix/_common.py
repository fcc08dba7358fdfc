"""What the matrix formats share: the grid of verdicts and the details of each cell."""

from __future__ import annotations

from hvcheck.results.matrix import MatrixCell, Target

MARK = {
    "ok": "ok",
    "ok with warnings": "warnings",
    "changes needed": "changes",
    "blocked": "BLOCKED",
}


def host_labels(cells: list[MatrixCell]) -> dict[tuple[str, str], str]:
    """Each host (file, name) in order, labelled by its name, or by name and file when hosts of
    several files share the name (each stays its own row)."""
    keys = list(dict.fromkeys((c.file, c.host) for c in cells))
    files_of: dict[str, int] = {}
    for _, name in keys:
        files_of[name] = files_of.get(name, 0) + 1
    return {(f, h): h if files_of[h] == 1 else f"{h} ({f})" for f, h in keys}


def label_of(cell: MatrixCell, labels: dict[tuple[str, str], str]) -> str:
    return labels[(cell.file, cell.host)]


def mark(cell: MatrixCell | None) -> str:
    if cell is None:
        return ""
    return MARK[cell.verdict] + (" (current)" if cell.current else "")


def grid(cells: list[MatrixCell], targets: list[Target]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: a row per host, a column per target."""
    labels = host_labels(cells)
    by = {(label_of(c, labels), c.target.label): c for c in cells}
    header = ["host", *[t.label for t in targets]]
    rows = [[h, *[mark(by.get((h, t.label))) for t in targets]] for h in labels.values()]
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
