"""What the commands ask of the engine: check paths (or standard input, or imported files) with
per-file settings, in one call.

The command-line interface only parses arguments and renders results; everything between (which
settings apply to which file, which catalogs to load, importing ``--from`` sources, reading standard
input) happens here, so the API and the CLI share one evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hvcheck.engine.config import CommandLine, Resolver
from hvcheck.engine.files import Checker, Observer
from hvcheck.engine.run import check_configured
from hvcheck.engine.stats import Statistics, no_statistics
from hvcheck.loader import load_bytes
from hvcheck.loader.contain import checked_roots
from hvcheck.results import RunResult

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass
class CheckRequest:
    """Everything one ``hvcheck check`` needs besides its output options."""

    paths: list[str]
    command_line: CommandLine = field(default_factory=CommandLine)
    jobs: int | None = None
    from_format: str | None = None
    stdin: bytes | None = None
    """The bytes of standard input, when ``-`` is among the paths."""
    stdin_name: str = STDIN_NAME
    stats: Statistics = field(default_factory=no_statistics)
    observe: Observer | None = None
    """Shown each checked file as loaded, with its report and catalog (in one job)."""


def resolver_for(request: CheckRequest) -> Resolver:
    """The settings resolver for a request: reads stay inside the checked tree (the working
    directory and the paths named) unless ``--follow-symlinks``."""
    cli = request.command_line
    roots = () if cli.follow_symlinks else checked_roots(request.paths)
    return Resolver(cli, roots)


def run_check(request: CheckRequest) -> RunResult:
    """Check what the request names. Raises ``ConfigError`` and ``CatalogError``; reports every
    other problem (unreadable files, refused imports) in the result."""
    resolver = resolver_for(request)
    if request.from_format is not None:
        result = check_imported(request.from_format, request.paths, resolver, request)
    elif STDIN in request.paths:
        result = _check_stdin(request, resolver)
    else:
        result = check_configured(
            request.paths, resolver, jobs=request.jobs, stats=request.stats, observe=request.observe
        )
    from hvcheck.engine import catalog_cache

    result.warnings.extend(catalog_cache.warnings)
    result.narrowed = resolver.narrowed()
    return result


def _check_stdin(request: CheckRequest, resolver: Resolver) -> RunResult:
    """``hvcheck check -``: one document stream from standard input (other paths as usual)."""
    others = [p for p in request.paths if p != STDIN]
    result = (
        check_configured(others, resolver, jobs=1, stats=request.stats, observe=request.observe)
        if others
        else RunResult(show_unknown=request.command_line.show_unknown)
    )
    settings = resolver.settings_for(request.stdin_name)
    checker = Checker(request.stats, roots=resolver.roots, observe=request.observe)
    catalog = checker.catalog(settings.catalogs)
    options = settings.options()
    data = request.stdin or b""
    if len(data) > options.limits.max_file_bytes:
        result.errors.append(
            f"{request.stdin_name}: larger than {options.limits.max_file_bytes} bytes "
            "(--max-file-bytes); not read"
        )
        return result
    loaded = load_bytes(data, request.stdin_name, options.limits)
    result.files.append(checker.check(loaded, options, catalog))
    result.show_unknown = options.show_unknown
    return result


def check_imported(
    fmt: str, paths: list[str], resolver: Resolver, request: CheckRequest | None = None
) -> RunResult:
    """``check --from FMT``: import each source file in memory and check the host it describes.

    Findings point at the source file itself (the element, key or line each part came from).
    A file the importer refuses is an error line; the other files are still checked.
    """
    from hvcheck.importers import ImportRefused, import_for_check

    stats = request.stats if request is not None else no_statistics()
    observe = request.observe if request is not None else None
    checker = Checker(stats, roots=resolver.roots, observe=observe)
    result = RunResult(show_unknown=resolver.cli.show_unknown)
    for path in paths:
        settings = resolver.settings_for(path)
        options = settings.options()
        catalog = checker.catalog(settings.catalogs)
        try:
            imported = import_for_check(fmt, path, options.limits)
        except ImportRefused as exc:
            result.errors.append(f"{exc.path}: {exc.reason}")
            continue
        result.warnings.extend(str(w) for w in imported.warnings)
        report = checker.check(imported.loaded, options, catalog)
        lines = imported.lines  # excerpts: the source file's own lines (the user named the file)
        report.lines = {
            f.span.line: lines[f.span.line - 1]
            for f in report.findings
            if f.file == path and 0 < f.span.line <= len(lines)
        }
        result.files.append(report)
    return result
