"""The formats of ``hvcheck check``: each renders a :class:`~hvcheck.results.RunResult`.

Every module here has ``stream(result, display=None)``. :class:`Display` holds what only changes
how the human formats look (text, concise): a severity threshold for what they list (the exit code
does not change) and colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from hvcheck.findings import Finding, Severity


@dataclass(frozen=True)
class Display:
    """How the human formats show findings."""

    show: Severity = Severity.INFO
    """The lowest severity listed (the summary line still counts everything)."""
    color: bool = False
    """ANSI colours (on a terminal, unless NO_COLOR is set)."""

    def shows(self, finding: Finding) -> bool:
        return finding.unknown or finding.severity >= self.show


DEFAULT_DISPLAY = Display()
