"""Command-line interface: thin typer wiring and exit codes only.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage errors,
unreadable paths, invalid catalogs, or an internal error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from hvcheck import __version__

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


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


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
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CheckFormat.text
    ),
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
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
) -> None:
    """Check host descriptions and report findings."""
    from dataclasses import replace

    from hvcheck.catalog import Catalog
    from hvcheck.engine import Options, check_paths
    from hvcheck.findings import Severity
    from hvcheck.loader import Limits
    from hvcheck.reporters import FORMATS

    limits = Limits()
    overrides = {
        "max_file_bytes": max_file_bytes,
        "max_depth": max_depth,
        "max_aliases": max_aliases,
        "max_nodes": max_nodes,
    }
    limits = replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    options = Options(select=tuple(select or ("ALL",)), ignore=tuple(ignore or ()), limits=limits)
    cat = _load_catalog(catalog)
    assert isinstance(cat, Catalog)
    result = check_paths(paths, cat, options)
    for error in result.errors:
        _err(f"error: {error}")
    _emit(FORMATS[format.value](result), output)
    if result.errors:
        raise typer.Exit(EXIT_USAGE)
    if exit_zero or fail_on is FailOn.never:
        raise typer.Exit(EXIT_OK)
    threshold = Severity.parse(fail_on.value)
    failed = any(f.severity >= threshold for f in result.findings)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


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


@app.command()
def schema(
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
    ] = None,
) -> None:
    """Print the JSON Schema of the host format."""
    from hvcheck.model.schema import host_schema_text

    _emit(host_schema_text(), output)


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
