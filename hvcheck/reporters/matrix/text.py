"""The grid of verdicts, fitted to a 100-column terminal, then what each cell needs.

With more targets than hosts the grid is turned (a row per target, a column per host); columns
that still do not fit go on to another block with the row labels repeated.
"""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import clean
from hvcheck.reporters.matrix._common import details, host_labels, label_of, mark
from hvcheck.results.matrix import MatrixCell, MatrixData

WIDTH = 100


def _table(
    labels: list[str], columns: list[str], cell: dict[tuple[str, str], str], corner: str
) -> list[str]:
    """Rows ``labels`` x ``columns``, wrapped into blocks that fit :data:`WIDTH`."""
    first = max(len(x) for x in [corner, *labels])
    widths = {c: max(len(c), *(len(cell.get((r, c), "")) for r in labels)) for c in columns}
    blocks: list[list[str]] = []
    current: list[str] = []
    used = first
    for column in columns:
        if current and used + 2 + widths[column] > WIDTH:
            blocks.append(current)
            current, used = [], first
        current.append(column)
        used += 2 + widths[column]
    if current or not blocks:
        blocks.append(current)
    lines: list[str] = []
    for n, block in enumerate(blocks):
        if n:
            lines.append("")
        lines.append(
            "  ".join([corner.ljust(first), *(c.ljust(widths[c]) for c in block)]).rstrip()
        )
        for r in labels:
            row = [r.ljust(first), *(cell.get((r, c), "").ljust(widths[c]) for c in block)]
            lines.append("  ".join(row).rstrip())
    return lines


def grid_lines(cells: list[MatrixCell], targets: list[str]) -> list[str]:
    labels = host_labels(cells)
    hosts = [clean(h) for h in labels.values()]
    by_host = {(clean(label_of(c, labels)), c.target.label): mark(c) for c in cells}
    if len(targets) > len(hosts):
        turned = {(t, h): v for (h, t), v in by_host.items()}
        return _table(targets, hosts, turned, "target \\ host")
    return _table(hosts, targets, by_host, "host \\ target")


def stream(data: MatrixData) -> Iterator[str]:
    lines = grid_lines(data.cells, [t.label for t in data.targets])
    labels = host_labels(data.cells)
    for cell in data.cells:
        needs = details(cell)
        if needs and not cell.current:
            lines.append("")
            lines.append(
                f"{clean(label_of(cell, labels))} -> {clean(cell.target_name)}: {cell.verdict}"
            )
            lines += [f"  {clean(d)}" for d in needs]
    yield "\n".join(lines) + "\n"
