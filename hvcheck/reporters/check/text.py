"""The default human format: one line per finding, the source line with a caret, a summary."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import clean, display_path
from hvcheck.findings import Finding, Severity
from hvcheck.reporters._summary import summary_line, unknown_line
from hvcheck.reporters.check import DEFAULT_DISPLAY, Display
from hvcheck.results import RunResult

_COLOR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def header(f: Finding, color: bool = False) -> str:
    """``path:line:col: CODE severity message (rule-name)``."""
    where = f"{display_path(f.file)}:{f.span.line}:{f.span.column}:"
    severity = "unknown" if f.unknown else f.severity.label
    if not color:
        return f"{where} {f.code} {severity} {clean(f.message)} ({f.name})"
    tint = _DIM if f.unknown else _COLOR[f.severity]
    return (
        f"{_BOLD}{where}{_RESET} {tint}{f.code} {severity}{_RESET} {clean(f.message)} "
        f"{_DIM}({f.name}){_RESET}"
    )


def excerpt(f: Finding, source: str | None) -> str:
    """The source line a finding points at, with a caret under the span."""
    if source is None:
        return ""
    shown = clean(source.expandtabs(1))
    gutter = str(f.span.line)
    width = 1
    if f.span.end_line == f.span.line and f.span.end_column > f.span.column:
        width = f.span.end_column - f.span.column
    width = max(1, min(width, max(1, len(shown) - f.span.column + 1)))
    pad = " " * len(gutter)
    caret = " " * (f.span.column - 1) + "^" * width
    return f" {gutter} | {shown}\n {pad} | {caret}\n"


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    display = display or DEFAULT_DISPLAY
    for f, source in result.located(result.shown()):
        if display.shows(f):
            yield header(f, display.color) + "\n" + excerpt(f, source)
    yield summary_line(result) + "\n"
    unknown = unknown_line(result)
    if unknown:
        yield unknown + "\n"
