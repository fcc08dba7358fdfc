"""hvcheck from Python: the same evaluation as the command line, as functions and plain types.

Check files and directories as ``hvcheck check`` does (each file with the settings of its nearest
configuration file), check YAML text, or check a host you already parsed; render a result in any
output format; ask what the exit code would be.

>>> from hvcheck import api
>>> text = '''
... apiVersion: hvcheck/v1
... kind: Host
... metadata: {name: esx01}
... spec:
...   hypervisor: {product: esxi, version: "8.0"}
...   devices:
...     - {id: nic0, class: network}
...     - {id: hba0, class: storage}
...   drivers:
...     - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
... '''
>>> report = api.check_text(text, "esx01.yaml")
>>> [(f.code, f.span.line, f.severity.label) for f in report.findings if not f.unknown]
[('HV3001', 8, 'error')]
>>> report.failed()
True

A parsed host can be checked again, say after a program changed it, without reading text:

>>> host = api.parse_text(text, "esx01.yaml")[0]
>>> host.name
'esx01'
>>> sorted({f.code for f in api.check_parsed(host).findings if not f.unknown})
['HV3001']

**Stability.** The names in ``__all__`` are hvcheck's public Python API, documented in
``docs/api.md``. Their signatures and the fields of the types they return change only in a release
whose notes say so, and a renamed or removed name keeps working, with a ``DeprecationWarning``, for
one minor release first. Everything else under ``hvcheck`` (engine, rules, loader, reporters) is
internal and may change in any release. Finding codes are forever: a retired code is never reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hvcheck.catalog import Catalog, CatalogError, load_catalog
from hvcheck.engine.config import CommandLine, ConfigError
from hvcheck.engine.options import Options
from hvcheck.engine.parallel import WorkerDied
from hvcheck.engine.services import CheckRequest, run_check
from hvcheck.findings import Finding, Severity, Span
from hvcheck.model import ParsedHost
from hvcheck.results import FileReport, Outcome, RunResult

if TYPE_CHECKING:  # imported on first use: checking never needs the fixes
    from hvcheck.fixes.run import FileFix

__all__ = [
    "Catalog",
    "CatalogError",
    "CheckRequest",
    "CommandLine",
    "ConfigError",
    "FileFix",
    "FileReport",
    "Finding",
    "FixRun",
    "HostResult",
    "Options",
    "Outcome",
    "ParsedHost",
    "RunResult",
    "Severity",
    "Span",
    "WorkerDied",
    "check",
    "check_parsed",
    "check_text",
    "exit_code",
    "fix",
    "formats",
    "load_catalog",
    "parse_text",
    "render",
    "run_check",
    "write_fixed",
]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def check(
    paths: Iterable[str],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    catalogs: Sequence[str] = (),
    config: str | None = None,
    show_unknown: bool = False,
    jobs: int | None = 1,
) -> RunResult:
    """Check files and directories exactly as ``hvcheck check PATHS`` does.

    Each file gets the settings of its nearest configuration file, then these arguments on top
    (they mean what the command-line options of the same names mean). ``jobs`` worker processes
    share the work (``None``: one per CPU); the result is the same for any number.

    Raises :class:`ConfigError` or :class:`CatalogError` when a configuration or catalog is
    invalid (nothing is checked then); every other problem, such as an unreadable file, is in the
    result's ``errors``.
    """
    cli = CommandLine(
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore),
        fail_on=fail_on,
        catalogs=tuple(catalogs),
        config=config,
        show_unknown=show_unknown,
    )
    return run_check(CheckRequest(list(paths) or ["."], cli, jobs=jobs))


def check_text(
    text: str,
    file: str = "<text>",
    *,
    options: Options | None = None,
    catalog: Catalog | None = None,
) -> FileReport:
    """Check YAML ``text`` as if it were the file ``file`` (no configuration file is read).

    ``options`` selects rules and sets severities and limits (default: every rule, default
    severities); ``catalog`` defaults to the bundled catalogs.
    """
    from hvcheck.engine import check_text as _check_text

    return _check_text(text, file, catalog or _bundled(), options)


def parse_text(text: str, file: str = "<text>") -> list[ParsedHost]:
    """The host documents in ``text``, validated; raises ``ValueError`` with the first problem
    (``file:line:column: message``) when the text does not describe hosts."""
    from hvcheck.loader import load_text
    from hvcheck.model import is_cluster, parse_host

    loaded = load_text(text, file)
    problems = list(loaded.findings)
    hosts: list[ParsedHost] = []
    for doc in loaded.documents:
        if is_cluster(doc):
            continue
        parsed, errors = parse_host(doc, file)
        problems.extend(errors)
        if parsed is not None:
            hosts.append(parsed)
    if problems:
        first = problems[0]
        raise ValueError(f"{first.file}:{first.span.line}:{first.span.column}: {first.message}")
    return hosts


@dataclass
class HostResult:
    """What the rules found on one host, and each rule's outcome."""

    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def failed(self, fail_on: str = "error") -> bool:
        """True if a finding (other than an unknown) reaches the ``fail_on`` severity (``never``:
        never, as on the command line)."""
        if fail_on == "never":
            return False
        threshold = Severity.parse(fail_on)
        return any(not f.unknown and f.severity >= threshold for f in self.findings)


def check_parsed(
    host: ParsedHost, *, options: Options | None = None, catalog: Catalog | None = None
) -> HostResult:
    """Run the rules on a host already parsed (by :func:`parse_text` or the engine).

    Inline ``# hvcheck: ignore`` comments are a property of text, so they are not applied here.
    """
    from hvcheck.engine.host import check_host
    from hvcheck.engine.options import select_rules

    options = options or Options()
    rules = [rule() for rule in select_rules(options)]
    findings, outcomes = check_host(host, catalog or _bundled(), rules)
    return HostResult([options.override(f) for f in findings], outcomes)


@dataclass
class FixRun:
    """What ``hvcheck fix`` would do: one :class:`FileFix` per file, and why paths could not be
    read."""

    files: list[FileFix] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def fix(request: CheckRequest, *, unsafe: bool = False) -> FixRun:
    """The automatic fixes of the findings in ``request.paths``, as ``hvcheck fix`` makes them:
    each file checked with the settings ``hvcheck check`` would use, its fixable findings fixed,
    and checked again until nothing more can be fixed (``unsafe``: also the fixes that state
    something new about the host). Nothing is written; :func:`write_fixed` writes one file.

    Raises ``ConfigError`` or ``CatalogError`` when a configuration or catalog is invalid.
    """
    from hvcheck.engine.discover import discover
    from hvcheck.engine.files import Checker
    from hvcheck.engine.services import resolver_for
    from hvcheck.fixes.run import fix_bytes
    from hvcheck.loader.load import ReadError, read_file_bytes

    resolver = resolver_for(request)
    files, errors = discover(request.paths, roots=resolver.roots)
    checker = Checker(roots=resolver.roots)  # loads each catalog list once, through the cache
    run = FixRun(errors=list(errors))
    for path in files:
        settings = resolver.settings_for(path)
        options = settings.options()
        catalog = checker.catalog(settings.catalogs)
        try:
            data = read_file_bytes(path, options.limits.max_file_bytes, resolver.roots or None)
        except ReadError as exc:
            run.errors.append(f"{path}: cannot read: {exc}")
            continue

        def findings(
            text: str, path: str = path, options: Options = options, catalog: Catalog = catalog
        ) -> list[Finding]:
            return check_text(text, path, options=options, catalog=catalog).findings

        run.files.append(fix_bytes(data, path, findings, catalog, options.limits, unsafe=unsafe))
    return run


def write_fixed(result: FileFix) -> str | None:
    """Write one file's fixed text (atomically, keeping its byte-order mark) unless the file
    changed since :func:`fix` read it; None when written, else why it was left alone."""
    from hvcheck.fixes.run import write_fixed as _write_fixed

    return _write_fixed(result)


def __getattr__(name: str) -> Any:
    if name == "FileFix":
        from hvcheck.fixes.run import FileFix

        return FileFix
    raise AttributeError(f"module 'hvcheck.api' has no attribute {name!r}")


def formats(kind: str = "check") -> tuple[str, ...]:
    """The output formats of ``kind`` (``check``, ``report``, ``matrix``, ``graph``, ``rules``)."""
    from hvcheck.reporters import names

    return tuple(names(kind))


def render(result: RunResult, fmt: str = "text") -> str:
    """``result`` in the output format ``fmt`` of ``hvcheck check --format`` (one string)."""
    from hvcheck.reporters import render as _render

    return _render("check", fmt, result)


def exit_code(result: RunResult) -> int:
    """The exit code ``hvcheck check`` gives for ``result``: 0 clean, 1 findings at or above
    ``fail_on``, 2 input or internal errors."""
    if result.errors or result.internal_error():
        return EXIT_ERROR
    return EXIT_FINDINGS if result.failed() else EXIT_OK


_BUNDLED: Catalog | None = None


def _bundled() -> Catalog:
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = load_catalog()
    return _BUNDLED
