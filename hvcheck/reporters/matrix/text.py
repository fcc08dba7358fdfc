"""A grid of hosts x targets, then what each cell needs, for a terminal."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.reporters.matrix._common import _details, _grid
from hvcheck.results.matrix import MatrixData


def stream(data: MatrixData) -> Iterator[str]:
    cells, targets = data.cells, data.targets
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
    yield "\n".join(lines) + "\n"
