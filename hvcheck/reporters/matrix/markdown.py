"""The grid and each cell's needs as Markdown (GitHub and GitLab render it)."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import markdown_text
from hvcheck.reporters.matrix._common import details, grid, host_labels, label_of
from hvcheck.results.matrix import MatrixData


def stream(data: MatrixData) -> Iterator[str]:
    header, rows = grid(data.cells, data.targets)
    out = [
        "# hvcheck migration matrix",
        "",
        "| " + " | ".join(markdown_text(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    out += ["| " + " | ".join(markdown_text(c) for c in r) + " |" for r in rows]
    labels = host_labels(data.cells)
    for cell in data.cells:
        needs = details(cell)
        if needs and not cell.current:
            title = f"{markdown_text(label_of(cell, labels))} → {markdown_text(cell.target_name)}"
            out += ["", f"## {title}: {cell.verdict}", ""]
            out += [f"- {markdown_text(d)}" for d in needs]
    yield "\n".join(out) + "\n"
