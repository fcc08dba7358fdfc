"""The ``hvcheck check`` command, without typer, and a fast path to it for the usual calls.

Importing typer and letting click parse seventeen options costs about as much as checking a small
file. A pre-commit hook runs ``hvcheck check FILE...`` on every commit, so :func:`fast_main` reads
the common forms of that command line itself and runs the same code the typer command runs
(:func:`check`). Anything else (``--help``, ``--from``, an unknown option, a value typer would refuse,
shell completion) is left to typer, so its messages and exit codes stay exactly typer's.

Exit codes are raised as :class:`Exit`; the typer command turns them into ``typer.Exit``.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from hvcheck.engine import RunResult
    from hvcheck.engine.config import Resolver
    from hvcheck.engine.run import Statistics
    from hvcheck.findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# The values typer accepts (cli.CheckFormat and cli.FailOn; a test keeps them equal).
CHECK_FORMATS = ("text", "concise", "json", "sarif", "junit", "github", "gitlab")
FAIL_ON = ("error", "warning", "info", "never")

ImportCheck = Callable[[str, list[str], "Resolver"], "RunResult"]


class Exit(Exception):
    """Leave the command with this exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def err(message: str) -> None:
    from hvcheck.reporters.escape import clean

    sys.stderr.write(f"hvcheck: {clean(message)}\n")


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
        err(f"error: cannot write output: {exc}")
        raise Exit(EXIT_USAGE) from None


def print_findings(findings: list[Finding]) -> None:
    from hvcheck.reporters.text import header

    for finding in findings:
        sys.stderr.write(header(finding) + "\n")


def check(
    paths: list[str],
    *,
    formats: list[str] | None = None,
    outputs: list[str] | None = None,
    fail_on: str | None = None,
    exit_zero: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    catalogs: list[str] | None = None,
    config: str | None = None,
    baseline: str | None = None,
    write_baseline: str | None = None,
    limits: dict[str, int | None] | None = None,
    from_format: str | None = None,
    import_check: ImportCheck | None = None,
    jobs: int | None = None,
    statistics: bool = False,
) -> NoReturn:
    """Check host descriptions and report findings; always ends by raising :class:`Exit`."""
    from hvcheck.engine.config import CommandLine, ConfigError, Resolver
    from hvcheck.engine.run import Statistics

    started = time.perf_counter()
    stats = Statistics() if statistics else None
    formats = list(formats or [])
    outputs = list(outputs or [])
    if not formats:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        formats = ["github" if github else "text"]
    if len(outputs) > len(formats):
        err("error: more --output than --format options; pair each --output with a --format")
        raise Exit(EXIT_USAGE)
    if len(formats) - len(outputs) > 1:
        err("error: only one report can go to standard output; give the others an --output")
        raise Exit(EXIT_USAGE)
    given = {k: v for k, v in (limits or {}).items() if v is not None}
    cli = CommandLine(
        select=tuple(select) if select else None,
        ignore=tuple(ignore or ()),
        fail_on=fail_on,
        catalogs=tuple(catalogs or ()),
        limits=given,
        config=config,
    )
    try:
        resolver = Resolver(cli)
        if from_format is not None:
            assert import_check is not None, "--from needs the importers"
            result = import_check(from_format, paths, resolver)
        else:
            result = run_check(paths, resolver, jobs=jobs, stats=stats)
    except ConfigError as exc:
        print_findings(exc.findings)
        err("error: invalid configuration; nothing was checked")
        raise Exit(EXIT_USAGE) from None
    finish_check(
        result, formats, outputs, baseline, write_baseline, exit_zero, stats=stats, started=started
    )


def run_check(
    paths: list[str],
    resolver: Resolver,
    *,
    jobs: int | None = 1,
    stats: Statistics | None = None,
) -> RunResult:
    """Check ``paths`` with per-file settings; catalogs are loaded once per distinct list.

    ``jobs`` worker processes share the files (``None`` or 0: one per CPU); the result is the same.
    """
    from hvcheck.catalog import CatalogError
    from hvcheck.engine.run import check_configured

    try:
        return check_configured(paths, resolver, jobs=jobs, stats=stats)
    except CatalogError as exc:
        print_findings(exc.findings)
        err("error: invalid catalog; nothing was checked")
        raise Exit(EXIT_USAGE) from None


def finish_check(
    result: RunResult,
    formats: list[str],
    outputs: list[str],
    baseline: str | None,
    write_baseline: str | None,
    exit_zero: bool,
    *,
    stats: Statistics | None = None,
    started: float = 0.0,
) -> NoReturn:
    """Apply the baseline, write the reports, and raise the exit code."""
    from hvcheck.engine.baseline import BaselineError, apply_baseline, baseline_text, load_baseline
    from hvcheck.reporters import STREAMS
    from hvcheck.reporters.github import stream_summary

    if baseline is not None:
        try:
            apply_baseline(result, load_baseline(baseline))
        except BaselineError as exc:
            err(f"error: baseline: {exc}")
            raise Exit(EXIT_USAGE) from None
    for error in result.errors:
        err(f"error: {error}")
    if write_baseline is not None:
        emit(baseline_text(result), write_baseline)
    reporting = time.perf_counter()
    for i, fmt in enumerate(formats):
        target = outputs[i] if i < len(outputs) else None
        emit(STREAMS[fmt](result), target)
    if stats is not None:
        now = time.perf_counter()
        stats.add("report", now - reporting)
        stats.wall = now - started
        sys.stderr.write(stats.table())
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if "github" in formats and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:  # the step-summary protocol
                handle.writelines(stream_summary(result))
        except OSError as exc:
            err(f"warning: cannot append to GITHUB_STEP_SUMMARY: {exc.strerror}")
    if result.errors or result.internal_error():
        raise Exit(EXIT_USAGE)
    if exit_zero or write_baseline is not None:
        raise Exit(EXIT_OK)
    raise Exit(EXIT_FINDINGS if result.failed() else EXIT_OK)


# --- the fast path ---------------------------------------------------------------------------------

# option -> (keyword, kind): kind is "flag", "str", "many" (repeatable), a tuple of choices, or
# ("int", minimum)
_OPTIONS: dict[str, tuple[str, Any]] = {
    "--format": ("formats", ("many", CHECK_FORMATS)),
    "-f": ("formats", ("many", CHECK_FORMATS)),
    "--output": ("outputs", "many"),
    "-o": ("outputs", "many"),
    "--fail-on": ("fail_on", FAIL_ON),
    "--exit-zero": ("exit_zero", "flag"),
    "--select": ("select", "many"),
    "--ignore": ("ignore", "many"),
    "--catalog": ("catalogs", "many"),
    "--config": ("config", "str"),
    "--baseline": ("baseline", "str"),
    "--write-baseline": ("write_baseline", "str"),
    "--max-file-bytes": ("max_file_bytes", ("int", 1)),
    "--max-depth": ("max_depth", ("int", 1)),
    "--max-aliases": ("max_aliases", ("int", 0)),
    "--max-nodes": ("max_nodes", ("int", 1)),
    "--jobs": ("jobs", ("int", 0)),
    "-j": ("jobs", ("int", 0)),
    "--statistics": ("statistics", "flag"),
}
_LIMITS = ("max_file_bytes", "max_depth", "max_aliases", "max_nodes")


def parse_check_args(args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of :func:`check` for ``hvcheck check ARGS``, or None to let typer
    parse them (anything unusual, so that every message and refusal is typer's)."""
    values: dict[str, Any] = {}
    paths: list[str] = []
    i = 0
    only_paths = False
    while i < len(args):
        token = args[i]
        i += 1
        if only_paths or token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        if token == "--":
            only_paths = True
            continue
        name, eq, attached = token.partition("=")
        if not name.startswith("--"):
            name, eq, attached = token, "", ""  # short options only as "-f VALUE"
        spec = _OPTIONS.get(name)
        if spec is None:
            return None
        key, kind = spec
        if kind == "flag":
            if eq:
                return None
            values[key] = True
            continue
        if eq:
            value = attached
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        if kind == "many":
            values.setdefault(key, []).append(value)
        elif kind == "str":
            values[key] = value
        elif kind[0] == "many":
            if value not in kind[1]:
                return None
            values.setdefault(key, []).append(value)
        elif kind[0] == "int":
            if not (value.isascii() and value.isdigit()) or int(value) < kind[1]:
                return None
            values[key] = int(value)
        else:
            if value not in kind:
                return None
            values[key] = value
    if not paths:
        return None
    limits = {k: values.pop(k) for k in _LIMITS if k in values}
    return {"paths": paths, "limits": limits, **values}


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


def fast_main(argv: list[str] | None = None) -> None:
    """Run ``hvcheck check`` without typer if the command line is a usual one; else return."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "check" or os.name == "nt":
        return
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return  # shell completion is typer's
    parsed = parse_check_args(args[1:])
    if parsed is None:
        return
    try:
        try:
            check(**parsed)
        except KeyboardInterrupt:
            sys.exit(130)  # typer turns an interrupt inside a command into exit 130, silently
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            sys.stdout = _Pacified(sys.stdout)
            sys.stderr = _Pacified(sys.stderr)
            sys.exit(1)
    except Exit as done:
        sys.exit(done.code)
    except SystemExit:
        raise
    except BaseException as exc:  # last line of defence, as in cli.main
        err(f"internal error: {type(exc).__name__}: {exc}; please report this")
        sys.exit(EXIT_USAGE)
