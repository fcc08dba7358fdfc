"""Every cell as versioned JSON, for scripts and dashboards."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from hvcheck import __version__
from hvcheck.reporters._jsonstream import dumps
from hvcheck.results.matrix import MatrixCell, MatrixData, Target


def to_data(cells: list[MatrixCell], targets: list[Target]) -> dict[str, Any]:
    return {
        "version": 2,
        "kind": "matrix",
        "tool": {"name": "hvcheck", "version": __version__},
        "targets": [t.label for t in targets],
        "cells": [{**asdict(c), "target": c.target.label, "verdict": c.verdict} for c in cells],
    }


def stream(data: MatrixData) -> Iterator[str]:
    yield dumps(to_data(data.cells, data.targets), indent=2) + "\n"
