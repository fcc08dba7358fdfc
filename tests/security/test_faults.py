"""Review findings 5 and 19: a dead worker, a cancelled job, a full disk end the run clearly."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.acceptance  # real processes: .ci/run runs them with -m acceptance

KILL_ONE_WORKER = """
import os, signal, sys
from hvcheck.engine import parallel
real = parallel._check_chunk
def chunk(items):
    if any(path.endswith("0007.yaml") for path, _, _ in items):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return real(items)
parallel._check_chunk = chunk
from hvcheck.cli import main
main(sys.argv[1:])
"""


def _many(root: Path, count: int) -> None:
    root.mkdir()
    text = (EXAMPLES / "valid" / "hyperv-2022.yaml").read_text()
    for i in range(count):
        (root / f"h{i:04d}.yaml").write_text(text.replace("name: hv-prod-01", f"name: hv{i}"))


def test_a_killed_worker_ends_the_run_with_a_clear_error(tmp_path: Path) -> None:
    """Finding 5: with a worker killed, `--jobs N` waited forever for its chunk."""
    _many(tmp_path / "hosts", 40)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_ONE_WORKER, "check", "--jobs", "2", "hosts"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert time.monotonic() - started < 60  # not a hang (a generous bound; it takes seconds)
    assert proc.returncode == 2
    assert "internal error: a worker process died" in proc.stderr
    assert "were not checked: hosts/h00" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_cancelled_run_leaves_no_temporary_files(tmp_path: Path, sig: signal.Signals) -> None:
    """Finding 19: SIGTERM (what CI cancellation sends) left `.hvcheck-*.tmp` files behind."""
    _many(tmp_path / "hosts", 400)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hvcheck",
            "check",
            "--jobs",
            "1",
            "-f",
            "json",
            "-o",
            "out/r.json",
            "-f",
            "sarif",
            "-o",
            "out/r.sarif",
            "hosts",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (128 + sig, 130, -sig, 0, 1), err
    assert b"Traceback" not in err
    assert [p.name for p in out.iterdir() if not p.name.startswith("r.")] == []


def test_a_full_disk_for_the_output_is_a_clear_error(tmp_path: Path) -> None:
    """Finding 19: standard output on a full file system was an 'internal error'."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "hvcheck", "check", str(EXAMPLES / "valid")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert proc.returncode == 2
    assert "cannot write output: No space left on device" in proc.stderr
    assert "internal error" not in proc.stderr


# A full $TMPDIR while reports spill: tests/engine/test_results.py
# (test_a_full_temporary_directory_keeps_reports_in_memory) holds it.
