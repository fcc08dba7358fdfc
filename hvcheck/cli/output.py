"""How commands talk to the user: messages on standard error, output to stdout or a file, exit codes.

Exit codes: **0** nothing at or above ``--fail-on``; **1** findings at or above it; **2** usage errors,
unreadable paths, invalid catalogs or configuration, or an internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from hvcheck.escape import clean

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class Exit(Exception):
    """Leave the command with this exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def err(message: str) -> None:
    """One line on standard error, escaped (it may quote file names and values)."""
    sys.stderr.write(f"hvcheck: {clean(message)}\n")


def fail(message: str, code: int = EXIT_USAGE) -> Exit:
    """Say ``error: message`` and return the :class:`Exit` to raise."""
    err(f"error: {message}")
    return Exit(code)


def emit(text: str | Iterable[str], output: str | None) -> None:
    """Write ``text`` (or its pieces, as they come) to standard output or, atomically, to a file."""
    chunks = [text] if isinstance(text, str) else text
    if output is None or output == "-":
        write = sys.stdout.write
        for chunk in chunks:
            write(chunk)
        sys.stdout.flush()
        return
    from hvcheck.atomicio import WriteError, write_chunks_atomic

    try:
        write_chunks_atomic(output, chunks)
    except WriteError as exc:
        raise fail(f"cannot write output: {exc}") from None


def print_findings(findings: Iterable[object]) -> None:
    """Findings (of a configuration or catalog) on standard error, one line each."""
    from hvcheck.findings import Finding
    from hvcheck.reporters.check.text import header

    for finding in findings:
        assert isinstance(finding, Finding)
        sys.stderr.write(header(finding) + "\n")


def use_color(choice: str | None, stream: object = None) -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set; ``FORCE_COLOR`` or ``--color always``
    turn it on anywhere, ``--color never`` off everywhere."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
