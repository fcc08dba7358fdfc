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

from hvcheck import __version__, checkcmd

if TYPE_CHECKING:
    from hvcheck.engine import RunResult
    from hvcheck.engine.config import Resolver
    from hvcheck.engine.run import Statistics
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
    checkcmd.err(message)


def _emit(text: str, output: str | None) -> None:
    try:
        checkcmd.emit(text, output)
    except checkcmd.Exit as done:
        raise typer.Exit(done.code) from None


def _load_catalog(paths: list[str] | None) -> object:
    from hvcheck.catalog import CatalogError, load_catalog

    try:
        return load_catalog(paths or [])
    except CatalogError as exc:
        checkcmd.print_findings(exc.findings)
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
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes (default or 0: one per CPU; 1: check in this process). "
            "The output is the same for any number.",
        ),
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics", help="Print the time per phase and per rule to standard error."
        ),
    ] = False,
) -> None:
    """Check host descriptions and report findings."""

    try:
        checkcmd.check(
            paths,
            formats=[f.value for f in format] if format else None,
            outputs=output,
            fail_on=fail_on.value if fail_on is not None else None,
            exit_zero=exit_zero,
            select=select,
            ignore=ignore,
            catalogs=catalog,
            config=config,
            baseline=baseline,
            write_baseline=write_baseline,
            limits={
                "max_file_bytes": max_file_bytes,
                "max_depth": max_depth,
                "max_aliases": max_aliases,
                "max_nodes": max_nodes,
            },
            from_format=from_format.value if from_format is not None else None,
            import_check=_run_import_check,
            jobs=jobs,
            statistics=statistics,
        )
    except checkcmd.Exit as done:  # the command always ends here (see hvcheck/checkcmd.py)
        raise typer.Exit(done.code) from None


def _print_findings(findings: list[Finding]) -> None:
    checkcmd.print_findings(findings)


def _run_check(
    paths: list[str],
    resolver: Resolver,
    *,
    jobs: int | None = 1,
    stats: Statistics | None = None,
) -> RunResult:
    """Check ``paths`` with per-file settings; catalogs are loaded once per distinct list.

    ``jobs`` worker processes share the files (``None`` or 0: one per CPU); the result is the same.
    """

    try:
        return checkcmd.run_check(paths, resolver, jobs=jobs, stats=stats)
    except checkcmd.Exit as done:
        raise typer.Exit(done.code) from None


def _finish_check(
    result: RunResult,
    formats: list[str],
    outputs: list[str],
    baseline: str | None,
    write_baseline: str | None,
    exit_zero: bool,
    *,
    stats: Statistics | None = None,
    started: float = 0.0,
) -> None:
    """Apply the baseline, write the reports, and exit (see ``checkcmd.finish_check``)."""

    try:
        checkcmd.finish_check(
            result,
            formats,
            outputs,
            baseline,
            write_baseline,
            exit_zero,
            stats=stats,
            started=started,
        )
    except checkcmd.Exit as done:
        raise typer.Exit(done.code) from None


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
        # A code typed with a letter O or I/l for a digit is that code; else the closest name.
        digits = code.upper().translate(str.maketrans("OIL", "011"))
        close = [digits] if digits in names else difflib.get_close_matches(code, names, n=1)
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


class MatrixFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def matrix(
    paths: Annotated[list[str], typer.Argument(help="Host files or directories.")],
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-t",
            help="PRODUCT[:RELEASE] to evaluate against (repeatable); default: every product and "
            "release in the catalogs.",
        ),
    ] = None,
    format: Annotated[
        MatrixFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = MatrixFormat.text,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
    ] = None,
    catalog: CatalogOpt = None,
) -> None:
    """Evaluate each host against other products and releases: the migration-planning grid."""
    from hvcheck.catalog import Catalog
    from hvcheck.engine import host_context
    from hvcheck.engine.discover import discover
    from hvcheck.engine.matrix import (
        Target,
        default_driver_lookup,
        default_targets,
        evaluate,
        expand_targets,
        parse_target,
    )
    from hvcheck.loader import load_file
    from hvcheck.loader.load import ReadError
    from hvcheck.model import parse_host
    from hvcheck.reporters import matrix as render

    cat = _load_catalog(catalog)
    assert isinstance(cat, Catalog)

    def releases(product: str) -> list[str]:
        try:
            from hvcheck.catalog.releases import releases_of
        except ImportError:  # pragma: no cover - the releases catalog is optional
            return []
        return [r.version for r in releases_of(cat, product)]

    try:
        targets: list[Target] = (
            expand_targets([parse_target(t, cat) for t in target], releases)
            if target
            else default_targets(cat, releases)
        )
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    lookup = default_driver_lookup
    files, errors = discover(paths)
    cells = []
    problems = 0
    with _progress(len(files), "evaluating") as advance:
        for path in files:
            advance()
            try:
                loaded = load_file(path)
            except ReadError as exc:
                errors.append(f"{path}: cannot read: {exc}")
                continue
            for doc in loaded.documents:
                parsed, findings = parse_host(doc, path)
                if findings or loaded.findings:
                    problems += 1
                if parsed is not None:
                    cells.extend(evaluate(host_context(parsed, cat), targets, cat, lookup))
    for error in errors:
        _err(f"error: {error}")
    if problems:
        _err(f"warning: {problems} document(s) with input errors were skipped; run `hvcheck check`")
    renderer = {
        "text": render.render_text,
        "md": render.render_markdown,
        "json": render.render_json,
    }
    _emit(renderer[format.value](cells, targets), output)
    raise typer.Exit(EXIT_USAGE if errors else EXIT_OK)


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


catalog_app = typer.Typer(
    help="Show the loaded catalogs: files, sections, entries and the sources they cite.",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


class CatalogFormat(StrEnum):
    text = "text"
    json = "json"


class CatalogKind(StrEnum):
    product = "product"
    device_model = "device-model"
    release = "release"
    host_requirement = "host-requirement"
    source = "source"


@catalog_app.command("list")
def catalog_list(
    catalog: CatalogOpt = None,
    format: Annotated[CatalogFormat, typer.Option("--format", "-f", help="text or json.")] = (
        CatalogFormat.text
    ),
) -> None:
    """List every loaded catalog file, where it came from, and its sections' entry counts."""
    from hvcheck.catalog import Catalog
    from hvcheck.catalog.describe import list_catalogs, render_list_text

    cat = _load_catalog(catalog)
    assert isinstance(cat, Catalog)
    data = list_catalogs(cat)
    if format is CatalogFormat.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(render_list_text(data))


@catalog_app.command("show")
def catalog_show(
    kind: Annotated[CatalogKind, typer.Argument(help="What to show.")],
    ident: Annotated[
        list[str], typer.Argument(help='Its id; for a release, product and version: "esxi 8.0".')
    ],
    catalog: CatalogOpt = None,
    format: Annotated[CatalogFormat, typer.Option("--format", "-f", help="text or json.")] = (
        CatalogFormat.text
    ),
) -> None:
    """Show one catalog entry (for a release, its host requirements) with its sources."""
    from hvcheck.catalog import Catalog
    from hvcheck.catalog.describe import UnknownEntry, render_entry_text, show_entry

    cat = _load_catalog(catalog)
    assert isinstance(cat, Catalog)
    try:
        data = show_entry(cat, kind.value, " ".join(ident))
    except UnknownEntry as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if format is CatalogFormat.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(render_entry_text(data))


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
