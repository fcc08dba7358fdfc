"""The grid and each cell's needs as Markdown (GitHub and GitLab render it)."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import clean
from hvcheck.reporters.matrix._common import _details, _grid
from hvcheck.results.matrix import MatrixData


def stream(data: MatrixData) -> Iterator[str]:
    cells, targets = data.cells, data.targets
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
    yield "\n".join(out) + "\n"
