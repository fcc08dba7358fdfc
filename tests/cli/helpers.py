"""Run the real ``hvcheck`` command in a subprocess, as a user or CI would."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    code: int
    out: str
    err: str


def hvcheck(*args: str, cwd: Path | None = None, timeout: float = 60) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "hvcheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return Run(proc.returncode, proc.stdout, proc.stderr)
