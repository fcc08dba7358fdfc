"""The command-line interface: parsing and rendering only, over the engine's services.

Every command is declared once (:mod:`hvcheck.cli.commands`, :mod:`hvcheck.cli.spec`). The usual
command lines are read by :mod:`hvcheck.cli.fast` without importing typer; everything else (help,
errors, completion) goes to the typer application built from the same declarations
(:mod:`hvcheck.cli.app`).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import sys
from typing import IO, Any

from hvcheck.cli.output import EXIT_USAGE, Exit, err


class _Pacified:
    """A stream whose flush ignores a closed pipe (as click does after EPIPE)."""

    def __init__(self, wrapped: IO[str]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (what CI cancellation sends) unwinds like Ctrl-C, so temporary files are removed."""
    raise SystemExit(128 + signum)


def _fast(args: list[str]) -> int | None:
    """Run the command without typer if its command line is a usual one; None otherwise."""
    if not args or os.name == "nt":
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # shell completion is typer's
    from hvcheck.cli.commands import REGISTRY
    from hvcheck.cli.fast import parse

    found = REGISTRY.find(args)
    if found is None:
        return None
    command, used = found
    values = parse(command, args[used:])
    if values is None:
        return None
    try:
        return command.run(values)
    except Exit as done:
        return done.code


def main(argv: list[str] | None = None, *, fast: bool = True) -> None:
    """Console entry point: never lets a traceback reach the user.

    ``fast=False`` always parses with typer (tests use it to prove both parsers agree).
    """
    args = sys.argv[1:] if argv is None else argv
    # Start-up allocates many long-lived objects; the engine resumes collection once it is over
    # (hvcheck.engine.run.end_of_startup). A command that never gets there is short-lived.
    gc.disable()
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    try:
        try:
            code = _fast(args) if fast else None
            if code is None:
                from hvcheck.cli.app import build

                build().main(args=args, prog_name="hvcheck", standalone_mode=True)
                return
            sys.exit(code)
        except KeyboardInterrupt:
            err("interrupted")
            sys.exit(130)
        except OSError as exc:
            if exc.errno != errno.EPIPE:  # standard output full (ENOSPC), gone (EIO), ...
                with contextlib.suppress(OSError):
                    err(f"error: cannot write output: {exc.strerror or exc}")
                sys.exit(EXIT_USAGE)
            sys.stdout = _Pacified(sys.stdout)
            sys.stderr = _Pacified(sys.stderr)
            sys.exit(1)
    except SystemExit:
        raise
    except BaseException as exc:  # last line of defence
        err(f"internal error: {type(exc).__name__}: {exc}; please report this")
        sys.exit(EXIT_USAGE)
    finally:
        # The process ends now. Freezing what is alive spares the interpreter's final full
        # collection, which walks every object (catalogs, reports): 0.17 s after a parallel run,
        # whose workers needed the collector unfrozen again (benchmarks/README.md).
        gc.freeze()
