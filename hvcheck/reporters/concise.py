"""One line per finding, for editors, problem matchers and grep: ``path:line:col: CODE message``."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.engine import RunResult
from hvcheck.reporters.text import header


def stream(result: RunResult) -> Iterator[str]:
    for f in result.iter_findings():
        yield header(f) + "\n"


def render(result: RunResult) -> str:
    return "".join(stream(result))
