"""Golden files: every output format for a fixed input, byte for byte.

Regenerate after an intended change with ``HVCHECK_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck

GOLDEN = Path(__file__).parent / "golden"
FORMATS = {
    "text": "txt",
    "concise": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "gitlab": "json",
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(fmt: str) -> None:
    run = hvcheck("check", "--format", fmt, "input", cwd=GOLDEN)
    assert run.code == 1, run.err
    expected = GOLDEN / "expected" / f"{fmt}.{FORMATS[fmt]}"
    if os.environ.get("HVCHECK_UPDATE_GOLDEN") == "1":
        expected.write_text(run.out, encoding="utf-8")
    assert run.out == expected.read_text(encoding="utf-8")


def test_golden_outputs_are_deterministic() -> None:
    first = hvcheck("check", "--format", "sarif", "input", cwd=GOLDEN).out
    second = hvcheck("check", "--format", "sarif", "input", cwd=GOLDEN).out
    assert first == second
