"""``hvcheck check``: check host descriptions and report findings."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from hvcheck.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    Exit,
    emit,
    err,
    fail,
    print_findings,
    use_color,
)
from hvcheck.cli.spec import (
    EXIT_ZERO,
    FAIL_ON,
    FOLLOW_SYMLINKS,
    FROM,
    LIMIT_NAMES,
    LIMITS,
    PATHS,
    SELECTION,
    SEVERITY_CHOICES,
    SHOW_UNKNOWN,
    STDIN_FILENAME,
    Command,
    formats_of,
    option,
)

PARAMS = (
    PATHS,
    option(
        "formats",
        "--format",
        "-f",
        kind="many",
        metavar="FORMAT",
        choices=formats_of("check"),
        help="Output format; repeat with --output for several reports in one run. "
        "Default: text, or github when GITHUB_ACTIONS=true.",
    ),
    option(
        "outputs",
        "--output",
        "-o",
        kind="many",
        metavar="FILE",
        help="Write the report of the --format in the same position to FILE (atomically).",
    ),
    FAIL_ON,
    EXIT_ZERO,
    *SELECTION,
    option(
        "baseline",
        "--baseline",
        metavar="FILE",
        help="Report only findings not accepted in this baseline file.",
    ),
    option(
        "write_baseline",
        "--write-baseline",
        metavar="FILE",
        help="Write the current findings as a baseline to FILE.",
    ),
    SHOW_UNKNOWN,
    option(
        "show",
        "--show",
        metavar="SEVERITY",
        choices=SEVERITY_CHOICES,
        help="List findings of this severity and worse in text and concise output (the exit code "
        "does not change).",
    ),
    option(
        "quiet",
        "--quiet",
        "-q",
        kind="flag",
        help="List errors only in text and concise output (--show error).",
    ),
    option(
        "color",
        "--color",
        metavar="WHEN",
        choices=lambda: ("auto", "always", "never"),
        default="auto",
        help="Colour text output: auto (on a terminal, unless NO_COLOR), always or never.",
    ),
    option(
        "statistics",
        "--statistics",
        kind="flag",
        help="Print the number of findings per rule to standard error.",
    ),
    option(
        "timings",
        "--timings",
        kind="flag",
        help="Print the time per phase and per rule to standard error.",
    ),
    FROM,
    STDIN_FILENAME,
    FOLLOW_SYMLINKS,
    option(
        "jobs",
        "--jobs",
        "-j",
        kind="int",
        minimum=0,
        metavar="N",
        help="Worker processes (default or 0: one per CPU; 1: check in this process). "
        "The output is the same for any number.",
    ),
    *LIMITS,
)


def run(values: dict[str, Any]) -> int:
    from hvcheck.api import (
        CatalogError,
        CheckRequest,
        CommandLine,
        ConfigError,
        WorkerDied,
        run_check,
    )
    from hvcheck.engine.services import STDIN
    from hvcheck.engine.stats import Statistics
    from hvcheck.findings import Severity
    from hvcheck.reporters import needs_outcomes
    from hvcheck.reporters.check import Display

    started = time.perf_counter()
    formats: list[str] = list(values["formats"])
    outputs: list[str] = list(values["outputs"])
    if not formats:
        formats = ["github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"]
    if len(outputs) > len(formats):
        raise fail("more --output than --format options; pair each --output with a --format")
    if len(formats) - len(outputs) > 1:
        raise fail("only one report can go to standard output; give the others an --output")
    paths = list(values["paths"]) or ["."]
    stats = Statistics(enabled=bool(values["timings"]))
    limits = {k: values[k] for k in LIMIT_NAMES if values.get(k) is not None}
    cli = CommandLine(
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        fail_on=values["fail_on"],
        catalogs=tuple(values["catalog"]),
        limits=limits,
        config=values["config"],
        show_unknown=bool(values["show_unknown"]),
        follow_symlinks=bool(values["follow_symlinks"]),
        outcomes=any(needs_outcomes("check", f) for f in formats),
    )
    request = CheckRequest(
        paths,
        cli,
        jobs=values["jobs"],
        from_format=values["from_format"],
        stdin=sys.stdin.buffer.read() if STDIN in paths and not values["from_format"] else None,
        stdin_name=values["stdin_filename"] or "<stdin>",
        stats=stats,
    )
    try:
        result = run_check(request)
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration; nothing was checked") from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was checked") from None
    except WorkerDied as exc:
        raise fail(f"internal error: {exc}") from None
    show = Severity.ERROR if values["quiet"] else Severity.parse(values["show"] or "info")
    display = Display(show=show, color=use_color(values["color"]))
    return finish(result, formats, outputs, values, display, stats, started)


def finish(
    result: Any,
    formats: list[str],
    outputs: list[str],
    values: dict[str, Any],
    display: Any,
    stats: Any,
    started: float,
) -> int:
    """Apply the baseline, write the reports and say what the exit code is."""
    from hvcheck.api import exit_code
    from hvcheck.engine.baseline import BaselineError, apply_baseline, baseline_text, load_baseline
    from hvcheck.loader.contain import checked_roots
    from hvcheck.reporters import stream
    from hvcheck.reporters.check.github import stream_summary

    if values["baseline"] is not None:
        try:
            named = [*(values["paths"] or ["."]), values["baseline"]]
            roots = () if values["follow_symlinks"] else checked_roots(named)
            apply_baseline(result, load_baseline(values["baseline"], roots))
        except BaselineError as exc:
            raise fail(f"baseline: {exc}") from None
    for warning in result.warnings:
        err(warning)
    for error in result.errors:
        err(f"error: {error}")
    if values["write_baseline"] is not None:
        emit(baseline_text(result), values["write_baseline"])
    reporting = time.perf_counter()
    for i, fmt in enumerate(formats):
        target = outputs[i] if i < len(outputs) else None
        shown = display if target in (None, "-") else type(display)(show=display.show)
        emit(stream("check", fmt, result, display=shown), target)
    if values["statistics"]:
        sys.stderr.write(_counts_table(result))
    if stats.enabled:
        from hvcheck.rules.registry import all_rules

        now = time.perf_counter()
        stats.add("report", now - reporting)
        stats.wall = now - started
        sys.stderr.write(stats.table({r.code: r.name for r in all_rules()}))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if "github" in formats and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8", errors="replace") as handle:
                handle.writelines(stream_summary(result))
        except OSError as exc:
            err(f"warning: cannot append to GITHUB_STEP_SUMMARY: {exc.strerror}")
    code = exit_code(result)
    if code == EXIT_FINDINGS and (values["exit_zero"] or values["write_baseline"] is not None):
        return EXIT_OK
    return code


def _counts_table(result: Any) -> str:
    """``--statistics``: how many findings each rule reported, most first (as ruff and flake8)."""
    counts: dict[tuple[str, str, str], int] = {}
    for f in result.iter_findings(result.shown()):
        kind = "unknown" if f.unknown else f.severity.label
        key = (f.code, f.name, kind)
        counts[key] = counts.get(key, 0) + 1
    lines = [
        f"{n:>6}  {code}  {kind:<7}  {name}"
        for (code, name, kind), n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    ]
    return "\n".join(lines) + ("\n" if lines else "")


COMMAND = Command(
    "check",
    "Check host descriptions and report findings.",
    PARAMS,
    run,
    epilog="Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage "
    "errors, unreadable paths, invalid configuration or catalogs, or an internal error.",
)

__all__ = ["COMMAND", "Exit"]
