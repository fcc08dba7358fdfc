"""Command-line interface: thin typer wiring and exit codes only.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage errors,
unreadable paths, invalid catalogs, or an internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hvcheck import __version__

if TYPE_CHECKING:
    from hvcheck.engine import RunResult
    from hvcheck.engine.config import Resolver
    from hvcheck.findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="hvcheck",
    help="Validate virtualization host descriptions against hypervisor architecture rules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CheckFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class GraphFormat(StrEnum):
    dot = "dot"
    graphml = "graphml"
    json = "json"
    mermaid = "mermaid"


def _err(message: str) -> None:
    from hvcheck.reporters.escape import clean

    sys.stderr.write(f"hvcheck: {clean(message)}\n")


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from hvcheck.atomicio import WriteError, write_text_atomic

    try:
        write_text_atomic(output, text)
    except WriteError as exc:
        _err(f"error: cannot write output: {exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _load_catalog(paths: list[str] | None) -> object:
    from hvcheck.catalog import CatalogError, load_catalog
    from hvcheck.reporters.text import header

    try:
        return load_catalog(paths or [])
    except CatalogError as exc:
        for finding in exc.findings:
            sys.stderr.write(header(finding) + "\n")
        _err("error: invalid catalog; nothing was checked")
        raise typer.Exit(EXIT_USAGE) from None


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"hvcheck {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """hvcheck: lint hypervisor host descriptions."""


CatalogOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog", help="Extra catalog file or directory (repeatable); overrides by id."
    ),
]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Host files or directories to check.")],
    format: Annotated[
        list[CheckFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; repeat with --output for several reports in one run. "
            "Default: text, or github when GITHUB_ACTIONS=true.",
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report of the --format in the same position to FILE (atomically).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="Lowest severity that makes the exit code 1 (default error)."
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules: code prefix (HV3) or name (repeatable)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules: code prefix or name (repeatable)."),
    ] = None,
    catalog: CatalogOpt = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Use this configuration file instead of discovering one."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Report only findings not accepted in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option("--write-baseline", help="Write the current findings as a baseline to FILE."),
    ] = None,
    max_file_bytes: Annotated[
        int | None, typer.Option("--max-file-bytes", min=1, help="Largest file to parse.")
    ] = None,
    max_depth: Annotated[
        int | None, typer.Option("--max-depth", min=1, help="Deepest YAML nesting.")
    ] = None,
    max_aliases: Annotated[
        int | None, typer.Option("--max-aliases", min=0, help="Alias uses per document.")
    ] = None,
    max_nodes: Annotated[
        int | None, typer.Option("--max-nodes", min=1, help="Expanded nodes per document.")
    ] = None,
    from_format: Annotated[
        ImportFormat | None,
        typer.Option(
            "--from", help="Import PATHS from this format (see `hvcheck import`) and check that."
        ),
    ] = None,
) -> None:
    """Check host descriptions and report findings."""
    import os

    from hvcheck.engine.config import CommandLine, ConfigError, Resolver

    formats = [f.value for f in format] if format else []
    outputs = list(output or [])
    if not formats:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        formats = ["github" if github else "text"]
    if len(outputs) > len(formats):
        _err("error: more --output than --format options; pair each --output with a --format")
        raise typer.Exit(EXIT_USAGE)
    if len(formats) - len(outputs) > 1:
        _err("error: only one report can go to standard output; give the others an --output")
        raise typer.Exit(EXIT_USAGE)
    limits = {
        k: v
        for k, v in {
            "max_file_bytes": max_file_bytes,
            "max_depth": max_depth,
            "max_aliases": max_aliases,
            "max_nodes": max_nodes,
        }.items()
        if v is not None
    }
    cli = CommandLine(
        select=tuple(select) if select else None,
        ignore=tuple(ignore or ()),
        fail_on=fail_on.value if fail_on is not None else None,
        catalogs=tuple(catalog or ()),
        limits=limits,
        config=config,
    )
    try:
        resolver = Resolver(cli)
        if from_format is not None:
            result = _run_import_check(from_format.value, paths, resolver)
        else:
            result = _run_check(paths, resolver)
    except ConfigError as exc:
        _print_findings(exc.findings)
        _err("error: invalid configuration; nothing was checked")
        raise typer.Exit(EXIT_USAGE) from None
    _finish_check(result, formats, outputs, baseline, write_baseline, exit_zero)


def _print_findings(findings: list[Finding]) -> None:
    from hvcheck.reporters.text import header

    for finding in findings:
        sys.stderr.write(header(finding) + "\n")


def _run_check(paths: list[str], resolver: Resolver) -> RunResult:
    """Check ``paths`` with per-file settings; catalogs are loaded once per distinct list."""
    from hvcheck.catalog import Catalog, CatalogError, load_catalog
    from hvcheck.engine import Options, check_paths

    catalogs: dict[tuple[str, ...], Catalog] = {}

    def settings_for(path: str) -> tuple[Options, Catalog]:
        s = resolver.settings_for(path)
        cat = catalogs.get(s.catalogs)
        if cat is None:
            try:
                cat = catalogs[s.catalogs] = load_catalog(list(s.catalogs))
            except CatalogError as exc:
                _print_findings(exc.findings)
                _err("error: invalid catalog; nothing was checked")
                raise typer.Exit(EXIT_USAGE) from None
        opts = Options(
            select=s.select,
            ignore=s.ignore,
            limits=s.limits,
            severity=s.severity,
            fail_on=s.fail_on,
        )
        return opts, cat

    first_options, first_catalog = settings_for(paths[0] if paths else ".")
    return check_paths(paths, first_catalog, first_options, settings_for=settings_for)


def _finish_check(
    result: RunResult,
    formats: list[str],
    outputs: list[str],
    baseline: str | None,
    write_baseline: str | None,
    exit_zero: bool,
) -> None:
    import os

    from hvcheck.engine.baseline import BaselineError, apply_baseline, baseline_text, load_baseline
    from hvcheck.reporters import FORMATS
    from hvcheck.reporters.github import render_summary

    if baseline is not None:
        try:
            apply_baseline(result, load_baseline(baseline))
        except BaselineError as exc:
            _err(f"error: baseline: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
    for error in result.errors:
        _err(f"error: {error}")
    if write_baseline is not None:
        _emit(baseline_text(result), write_baseline)
    for i, fmt in enumerate(formats):
        target = outputs[i] if i < len(outputs) else None
        _emit(FORMATS[fmt](result), target)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if "github" in formats and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:  # the step-summary protocol
                handle.write(render_summary(result))
        except OSError as exc:
            _err(f"warning: cannot append to GITHUB_STEP_SUMMARY: {exc.strerror}")
    internal = any(f.code == "HV0099" for f in result.findings)
    if result.errors or internal:
        raise typer.Exit(EXIT_USAGE)
    if exit_zero or write_baseline is not None:
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(EXIT_FINDINGS if result.failed() else EXIT_OK)


@app.command()
def rules(
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.text
    ),
) -> None:
    """List every rule: code, name, severity, families and summary."""
    from hvcheck.rules.registry import all_rules

    catalog = _load_catalog(None)
    from hvcheck.catalog import Catalog

    assert isinstance(catalog, Catalog)
    items = all_rules()
    if format is ListFormat.markdown:
        from hvcheck.reporters.rules_md import rules_markdown

        sys.stdout.write(rules_markdown(catalog))
        return
    if format is ListFormat.json:
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.default_severity.label,
                "families": list(r.families),
                "products": list(r.products),
                "summary": r.summary(),
                "input_check": r.input_check,
                "sources": [
                    {"id": s, "citation": c}
                    for s, c in zip(r.sources, catalog.cite(list(r.sources)), strict=True)
                ],
            }
            for r in items
        ]
        sys.stdout.write(json.dumps({"version": 1, "rules": data}, indent=2) + "\n")
        return
    width = max(len(r.name) for r in items)
    for r in items:
        fams = ",".join(r.families)
        sys.stdout.write(
            f"{r.code}  {r.name:<{width}}  {r.default_severity.label:<7}  {fams:<36}  {r.summary()}\n"
        )


@app.command()
def explain(code: Annotated[str, typer.Argument(help="Rule code (HV3001) or name.")]) -> None:
    """Show a rule's documentation: why it exists, examples, and its sources."""
    from hvcheck.catalog import Catalog
    from hvcheck.rules.registry import all_rules, find_rule

    rule = find_rule(code)
    if rule is None:
        import difflib

        names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        close = difflib.get_close_matches(code, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; see `hvcheck rules`"
        _err(f"error: unknown rule '{code}'{hint}")
        raise typer.Exit(EXIT_USAGE)
    catalog = _load_catalog(None)
    assert isinstance(catalog, Catalog)
    out = [
        f"{rule.code} {rule.name}",
        f"severity: {rule.default_severity.label}",
        f"families: {', '.join(rule.families)}",
    ]
    if rule.products:
        out.append(f"products: {', '.join(rule.products)}")
    out += ["", rule.doc()]
    if rule.sources:
        out += ["", "Sources:"]
        out += [f"  - {c}" for c in catalog.cite(list(rule.sources))]
    sys.stdout.write("\n".join(out) + "\n")


@app.command()
def graph(
    file: Annotated[str, typer.Argument(help="A host file.")],
    format: Annotated[GraphFormat, typer.Option("--format", "-f", help="Graph format.")] = (
        GraphFormat.dot
    ),
    host: Annotated[
        str | None, typer.Option("--host", help="Which host, when the file has several.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
    ] = None,
) -> None:
    """Export a host's dependency graph (dot, graphml, json, mermaid)."""
    from hvcheck.graph import build_graph
    from hvcheck.graph.export import export
    from hvcheck.loader import load_file
    from hvcheck.loader.load import ReadError
    from hvcheck.model import parse_host
    from hvcheck.reporters.text import header

    try:
        loaded = load_file(file)
    except ReadError as exc:
        _err(f"error: {file}: cannot read: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    problems = list(loaded.findings)
    hosts = []
    for doc in loaded.documents:
        parsed, errors = parse_host(doc, file)
        problems.extend(errors)
        if parsed is not None:
            hosts.append(parsed)
    if problems:
        for finding in problems:
            sys.stderr.write(header(finding) + "\n")
        _err(f"error: {file} has input errors; run `hvcheck check {file}`")
        raise typer.Exit(EXIT_FINDINGS)
    if host is not None:
        hosts = [h for h in hosts if h.name == host]
        if not hosts:
            _err(f"error: {file} has no host named '{host}'")
            raise typer.Exit(EXIT_USAGE)
    if len(hosts) != 1:
        names = ", ".join(h.name for h in hosts) or "none"
        _err(f"error: {file} has {len(hosts)} hosts ({names}); choose one with --host")
        raise typer.Exit(EXIT_USAGE)
    _emit(export(build_graph(hosts[0]), format.value), output)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="Host files or directories.")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, html or json.")] = (
        ReportFormat.md
    ),
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
    ] = None,
    catalog: CatalogOpt = None,
    config: Annotated[
        str | None, typer.Option("--config", help="Use this configuration file.")
    ] = None,
) -> None:
    """Write a compatibility report: per host, verdict, graph, devices, partitions, findings."""
    from hvcheck.engine.config import CommandLine, ConfigError, Resolver
    from hvcheck.engine.inventory import summarize_file
    from hvcheck.reporters.report import render_html, render_json, render_markdown

    resolver = None
    try:
        resolver = Resolver(CommandLine(catalogs=tuple(catalog or ()), config=config))
        result = _run_check(paths, resolver)
    except ConfigError as exc:
        _print_findings(exc.findings)
        _err("error: invalid configuration")
        raise typer.Exit(EXIT_USAGE) from None
    from hvcheck.catalog import load_catalog

    summaries = []
    catalogs: dict[tuple[str, ...], object] = {}
    with _progress(len(result.files), "reporting") as advance:
        for file_report in result.files:
            settings = resolver.settings_for(file_report.path)
            cat = catalogs.get(settings.catalogs)
            if cat is None:
                cat = catalogs[settings.catalogs] = load_catalog(list(settings.catalogs))
            summaries.extend(summarize_file(file_report, cat, settings.limits))  # type: ignore[arg-type]
            advance()
    for error in result.errors:
        _err(f"error: {error}")
    renderer = {"md": render_markdown, "html": render_html, "json": render_json}[format.value]
    _emit(renderer(summaries, result.errors), output)
    raise typer.Exit(EXIT_USAGE if result.errors else EXIT_OK)


class _progress:
    """A rich progress bar on an interactive terminal for long runs; nothing when piped."""

    def __init__(self, total: int, label: str, threshold: int = 20) -> None:
        self.total = total
        self.label = label
        self.enabled = total >= threshold and sys.stderr.isatty()
        self._bar: object = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        task = progress.add_task(self.label, total=self.total)
        self._bar = progress
        return lambda: progress.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]


class SchemaKind(StrEnum):
    host = "host"
    config = "config"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", help="host (host files) or config (.hvcheck.yaml).")
    ] = SchemaKind.host,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
    ] = None,
) -> None:
    """Print the JSON Schema of the host format (or of the configuration file)."""
    if kind is SchemaKind.config:
        from hvcheck.engine.config import config_schema_text

        _emit(config_schema_text(), output)
        return
    from hvcheck.model.schema import host_schema_text

    _emit(host_schema_text(), output)


@app.command("config")
def show_config(
    path: Annotated[
        str, typer.Argument(help="A file or directory whose effective settings to show.")
    ] = ".",
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="text or json.")] = (
        ListFormat.text
    ),
    config: Annotated[
        str | None, typer.Option("--config", help="Use this configuration file.")
    ] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help="As for check.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="As for check.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="As for check.")] = None,
    catalog: CatalogOpt = None,
) -> None:
    """Print the effective configuration for PATH and where each value came from."""
    from hvcheck.engine.config import CommandLine, ConfigError, Resolver, settings_dict

    cli = CommandLine(
        select=tuple(select) if select else None,
        ignore=tuple(ignore or ()),
        fail_on=fail_on.value if fail_on is not None else None,
        catalogs=tuple(catalog or ()),
        config=config,
    )
    try:
        data = settings_dict(Resolver(cli).settings_for(path))
    except ConfigError as exc:
        _print_findings(exc.findings)
        _err("error: invalid configuration")
        raise typer.Exit(EXIT_USAGE) from None
    if format is ListFormat.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    lines = [f"config file: {data['config_file'] or '(none found; defaults)'}"]
    for key, item in data["settings"].items():
        lines.append(f"{key:<9} = {json.dumps(item['value'])}  ({item['from']})")
    sys.stdout.write("\n".join(lines) + "\n")


class ImportFormat(StrEnum):
    libvirt = "libvirt"
    vmx = "vmx"
    xl = "xl"
    lspci = "lspci"
    esxcli = "esxcli"


@app.command("import")
def import_command(
    format: Annotated[
        ImportFormat,
        typer.Argument(
            help="Source format: libvirt (domain XML), vmx (VMware .vmx), xl (Xen xl.cfg), "
            "lspci (lspci -nnk output), esxcli (esxcli hardware pci list output)."
        ),
    ],
    files: Annotated[list[str], typer.Argument(help="Files to import.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the host description to FILE (atomically); default stdout.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = (False),
) -> None:
    """Describe hosts and guests from the files people already have (see docs/importers.md)."""
    import os

    from hvcheck.importers import ImportRefused, import_files
    from hvcheck.reporters.escape import clean

    if output not in (None, "-") and os.path.lexists(output) and not force:
        _err(f"error: {output} exists; use --force to replace it")
        raise typer.Exit(EXIT_USAGE)
    try:
        result = import_files(format.value, files)
    except ImportRefused as exc:
        sys.stderr.write(clean(f"{exc.path}: error: {exc.reason}") + "\n")
        raise typer.Exit(EXIT_USAGE) from None
    for warning in result.warnings:
        sys.stderr.write(clean(str(warning)) + "\n")
    _emit(result.text, output)


def _run_import_check(fmt: str, paths: list[str], resolver: Resolver) -> RunResult:
    """``check --from FMT``: import each file in memory and check the host description it gives."""
    from hvcheck.catalog import CatalogError, load_catalog
    from hvcheck.engine import Options, RunResult, select_rules
    from hvcheck.engine.run import check_loaded
    from hvcheck.importers import ImportRefused, import_files
    from hvcheck.loader import load_text
    from hvcheck.reporters.escape import clean

    result = RunResult()
    for path in paths:
        s = resolver.settings_for(path)
        try:
            cat = load_catalog(list(s.catalogs))
        except CatalogError as exc:
            _print_findings(exc.findings)
            _err("error: invalid catalog; nothing was checked")
            raise typer.Exit(EXIT_USAGE) from None
        opts = Options(
            select=s.select,
            ignore=s.ignore,
            limits=s.limits,
            severity=s.severity,
            fail_on=s.fail_on,
        )
        try:
            imported = import_files(fmt, [path])
        except ImportRefused as exc:
            result.errors.append(f"{exc.path}: {exc.reason}")
            continue
        for warning in imported.warnings:
            sys.stderr.write(clean(str(warning)) + "\n")
        loaded = load_text(imported.text, f"{path} (imported as {fmt})", opts.limits)
        result.files.append(check_loaded(loaded, cat, [r() for r in select_rules(opts)], opts))
    return result


def main() -> None:
    """Console entry point: never lets a traceback reach the user."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BaseException as exc:  # last line of defence
        _err(f"internal error: {type(exc).__name__}: {exc}; please report this")
        sys.exit(EXIT_USAGE)
