"""GitHub Actions workflow-command annotations, and a Markdown job summary.

Annotations are sorted most severe first (GitHub shows only the first ten errors and ten warnings of a
step); the message escapes ``%``, CR and LF and properties also ``:`` and ``,``, so no value can start a
workflow command of its own. The Markdown summary (for ``$GITHUB_STEP_SUMMARY``) lists every finding,
with no HTML, links or images from the input. Findings that only say what could not be checked are
counted in the closing line and annotated only with --show-unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import clean, markdown_code, markdown_text
from hvcheck.findings import Severity
from hvcheck.reporters._summary import summary_line, unknown_line
from hvcheck.reporters.check import Display
from hvcheck.results import RunResult

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # Line breaks as GitHub's escapes; other controls and bidi overrides (ANSI colours, U+202E in a
    # file name) shown as visible escapes, so nothing can restyle or reorder the log.
    return clean(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    present = result.counts()
    shown = result.shown()
    for severity in sorted(Severity, reverse=True):  # most severe first, each in file order
        if not present[severity.label] and not (severity == Severity.INFO and result.show_unknown):
            continue
        for f in result.iter_findings(shown):
            if f.severity != severity:
                continue
            props = ",".join(
                (
                    f"file={escape_property(f.file)}",
                    f"line={f.span.line}",
                    f"col={f.span.column}",
                    f"endLine={f.span.end_line}",
                    f"endColumn={f.span.end_column}",
                    f"title={escape_property(f'hvcheck {f.code} ({f.name})')}",
                )
            )
            text = f"{f.file}:{f.span.line}:{f.span.column}: {f.code} {f.message}"
            yield f"::{COMMAND[f.severity]} {props}::{escape_data(text)}\n"
    yield escape_data(summary_line(result)) + "\n"
    unknown = unknown_line(result)
    if unknown:
        yield escape_data(unknown) + "\n"


def stream_summary(result: RunResult) -> Iterator[str]:
    """Markdown for ``$GITHUB_STEP_SUMMARY``, in pieces."""
    c = result.counts()
    yield (
        "\n".join(
            [
                "## hvcheck",
                "",
                markdown_text(summary_line(result)),
                "",
                "| errors | warnings | info | suppressed | files | hosts |",
                "|---:|---:|---:|---:|---:|---:|",
                f"| {c['error']} | {c['warning']} | {c['info']} | {result.suppressed_count} | "
                f"{len(result.files)} | {result.host_count} |",
                "",
            ]
        )
        + "\n"
    )
    if sum(c.values()):
        yield "| severity | location | rule | message |\n|---|---|---|---|\n"
        for f in result.iter_findings(result.shown()):
            yield (
                f"| {f.severity.label} | `{markdown_code(f.file)}:{f.span.line}:{f.span.column}` | "
                f"{f.code} {f.name} | {markdown_text(f.message)} |\n"
            )
        yield "\n"
    unknown = unknown_line(result)
    if unknown:
        yield markdown_text(unknown) + "\n\n"
