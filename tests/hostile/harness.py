"""Run ``hvcheck`` on hostile input in a child process with resource limits, and measure it.

Two ways, sharing one result type:

* :class:`ForkServer` runs the CLI's ``main()`` in a fresh child forked from a server that has
  already imported hvcheck (see :mod:`tests.hostile.forkserver`). A run costs only what the case
  costs, so a hundred cases take seconds; the measured time and memory are the case's own.
* :func:`run_subprocess` runs ``python -m hvcheck`` from scratch with ``RLIMIT_AS`` set in a
  ``preexec_fn``, exactly as a user would; used for a representative subset.

Both wait for the child with ``os.wait4`` to read its own peak RSS and CPU time, and kill it at a
timeout, so a hang fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

TIME_SCALE = float(os.environ.get("HVCHECK_TEST_TIME_SCALE", "1"))
"""Multiply the time budget on a slow machine (the budgets themselves are the issue's)."""
TIME_BUDGET = 2.0 * TIME_SCALE
"""Seconds one hostile case may take (CPU and wall clock, interpreter start-up excluded)."""
RSS_BUDGET_MB = 200.0
"""Peak resident memory one run may reach, interpreter and imports included."""
ADDRESS_SPACE = 2 * 1024**3
"""RLIMIT_AS for each run: a runaway allocation fails fast instead of swapping the machine."""
TIMEOUT = 30.0
"""Wall-clock limit after which a run counts as a hang and is killed."""


@dataclass
class Result:
    code: int
    out: str
    err: str
    wall: float
    cpu: float
    maxrss_mb: float
    timed_out: bool

    def summary(self) -> str:
        return (
            f"exit {self.code}, {self.wall:.2f} s wall, {self.cpu:.2f} s CPU, "
            f"{self.maxrss_mb:.0f} MB peak RSS"
        )

    def check_contract(self) -> None:
        """What holds for every run, hostile or not: no hang, no traceback, a defined exit code."""
        assert not self.timed_out, f"hung (killed after {TIMEOUT} s)"
        assert "Traceback" not in self.err, self.err
        assert "Traceback" not in self.out, self.out[-2000:]
        assert "internal error" not in self.err, self.err
        assert self.code in (0, 1, 2), f"exit code {self.code}: {self.err[-2000:]}"


class ForkServer:
    """A long-lived ``tests.hostile.forkserver`` process; see the module documentation."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.forkserver"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        hello = self._read()
        assert hello.get("ready"), hello
        self.server_rss_mb = float(hello["server_rss_kb"]) / 1024
        self.tmp = tempfile.TemporaryDirectory(prefix="hvcheck-forkserver-")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server died")
        data: dict[str, Any] = json.loads(line)
        return data

    def run(
        self,
        *args: str,
        cwd: Path | None = None,
        timeout: float = TIMEOUT,
        address_space: int = ADDRESS_SPACE,
    ) -> Result:
        out = Path(self.tmp.name) / "stdout"
        err = Path(self.tmp.name) / "stderr"
        request = {
            "argv": list(args),
            "cwd": str(cwd) if cwd else None,
            "timeout": timeout,
            "address_space": address_space,
            "stdout": str(out),
            "stderr": str(err),
        }
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        return Result(
            code=int(answer["code"]),
            out=out.read_text(encoding="utf-8", errors="replace"),
            err=err.read_text(encoding="utf-8", errors="replace"),
            wall=float(answer["wall"]),
            cpu=float(answer["cpu"]),
            maxrss_mb=float(answer["maxrss_kb"]) / 1024,
            timed_out=bool(answer["timed_out"]),
        )

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.tmp.cleanup()


def run_subprocess(
    *args: str,
    cwd: Path | None = None,
    timeout: float = TIMEOUT,
    address_space: int = ADDRESS_SPACE,
) -> Result:
    """``python -m hvcheck ARGS`` with ``RLIMIT_AS`` set, measured with ``os.wait4``."""

    def limit() -> None:  # runs in the child between fork and exec
        os.setpgid(0, 0)
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "hvcheck", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=limit,
            env=env,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Result(
            code=proc.returncode,
            out=out.read().decode("utf-8", errors="replace"),
            err=err.read().decode("utf-8", errors="replace"),
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            maxrss_mb=usage.ru_maxrss / 1024,
            timed_out=timed_out,
        )
