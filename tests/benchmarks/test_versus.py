"""``benchmarks/versus.py``: the head-to-head against an earlier revision runs and reports both."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.acceptance


@pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout"
)
def test_head_to_head_against_head_reports_every_measurement(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "versus.py"),
            "HEAD",
            "--files",
            "3",
            "--repeat",
            "1",
            "--large",
            "4",
            "--huge",
            "0",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "| measurement | HEAD | now | change | peak RSS HEAD | now |" in lines
    rows = [line for line in lines if line.startswith("| `hvcheck") or line.startswith("| large")]
    assert len(rows) == 4
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1].endswith(" s") and cells[2].endswith(" s"), row
        assert cells[3].endswith("%") and cells[4].endswith(" MB"), row
