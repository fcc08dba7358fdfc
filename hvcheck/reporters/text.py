"""The default human format: one line per finding, the source line with a caret, a summary."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.engine import RunResult
from hvcheck.findings import Finding
from hvcheck.reporters.escape import clean
from hvcheck.reporters.summary import summary_line


def header(f: Finding) -> str:
    """``path:line:col: CODE severity message (rule-name)``."""
    return (
        f"{shown_path(f.file)}:{f.span.line}:{f.span.column}: {f.code} {f.severity.label} "
        f"{clean(f.message)} ({f.name})"
    )


def shown_path(path: str) -> str:
    """``path`` escaped; a relative path that starts with punctuation gets ``./`` in front, so that
    a file named ``::error::x.yaml`` or ``##vso[...]`` cannot start a CI log command line."""
    shown = clean(path)
    if shown and not (shown[0].isalnum() or shown[0] in "./_~"):
        return "./" + shown
    return shown


def _excerpt(f: Finding, source: str | None) -> str:
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


def stream(result: RunResult) -> Iterator[str]:
    for f, source in result.located():
        yield header(f) + "\n" + _excerpt(f, source)
    yield summary_line(result) + "\n"


def render(result: RunResult) -> str:
    return "".join(stream(result))
