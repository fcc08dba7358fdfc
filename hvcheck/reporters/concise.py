"""One line per finding, for editors, problem matchers and grep: ``path:line:col: CODE message``."""

from __future__ import annotations

from hvcheck.engine import RunResult
from hvcheck.reporters.text import header


def render(result: RunResult) -> str:
    return "".join(header(f) + "\n" for f in result.findings)
