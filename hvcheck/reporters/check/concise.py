"""One line per finding, for editors, problem matchers and grep: ``path:line:col: CODE message``."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.reporters._summary import summary_line, unknown_line
from hvcheck.reporters.check import DEFAULT_DISPLAY, Display
from hvcheck.reporters.check.text import header
from hvcheck.results import RunResult


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    display = display or DEFAULT_DISPLAY
    for f in result.iter_findings(result.shown()):
        if display.shows(f):
            yield header(f, display.color) + "\n"
    yield summary_line(result) + "\n"
    unknown = unknown_line(result)
    if unknown:
        yield unknown + "\n"
