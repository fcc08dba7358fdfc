"""Run the real ``hvcheck`` command line, in this process (fast) or in a subprocess (as CI would).

:func:`hvcheck` calls the same entry point the console script calls, :func:`hvcheck.cli.main`, with
standard input, output and error replaced, the working directory and environment set for the call,
and the exit code taken from ``SystemExit``; everything the user would see is captured.
:func:`hvcheck_subprocess` starts ``python -m hvcheck``: the smoke tests that prove the installed
command works end to end use it (marked ``acceptance``).
"""

from __future__ import annotations

import gc
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    code: int
    out: str
    err: str


@contextmanager
def _environment(env: Mapping[str, str | None] | None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in (env or {})}
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def hvcheck(
    *args: str,
    cwd: Path | str | None = None,
    stdin: bytes | str = b"",
    env: Mapping[str, str | None] | None = None,
    timeout: float | None = None,
    parser: str = "fast",
) -> Run:
    """``hvcheck ARGS`` in this process; what it wrote and its exit code.

    ``parser="typer"`` skips the fast command-line path, as help and unusual command lines do.
    """
    from hvcheck.cli import main

    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    saved = (sys.stdin, sys.stdout, sys.stderr, os.getcwd())
    term = signal.getsignal(signal.SIGTERM)
    collecting = gc.isenabled()
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    base = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": None}
    code = 0
    try:
        with _environment({**base, **(env or {})}):
            if cwd is not None:
                os.chdir(cwd)
            try:
                main(list(args), fast=parser == "fast")
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[0], saved[1], saved[2]
        os.chdir(saved[3])
        signal.signal(signal.SIGTERM, term)
        gc.unfreeze()  # the command line pauses and freezes the collector as a process would
        if collecting:
            gc.enable()
    run = Run(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in run.err, run.err
    assert "Traceback" not in run.out, run.out
    return run


def hvcheck_subprocess(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes = b"",
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> Run:
    """``python -m hvcheck ARGS`` in a subprocess, exactly as a user or CI would run it."""
    proc = subprocess.run(
        [sys.executable, "-m", "hvcheck", *args],
        capture_output=True,
        input=stdin,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err, err
    assert "Traceback" not in out, out
    return Run(proc.returncode, out, err)
