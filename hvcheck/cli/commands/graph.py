"""``hvcheck graph``: export a host's dependency graph."""

from __future__ import annotations

import sys
from typing import Any

from hvcheck.cli.output import EXIT_FINDINGS, EXIT_OK, Exit, emit, err, fail
from hvcheck.cli.spec import OUTPUT, Command, argument, formats_of, option


def run(values: dict[str, Any]) -> int:
    from hvcheck.escape import display_path
    from hvcheck.graph import build_graph
    from hvcheck.loader import load_file
    from hvcheck.loader.load import ReadError
    from hvcheck.model import parse_host
    from hvcheck.reporters import stream
    from hvcheck.reporters.check.text import header

    file = values["file"]
    try:
        loaded = load_file(file)
    except ReadError as exc:
        raise fail(f"{file}: cannot read: {exc}") from None
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
        err(f"error: {display_path(file)} has input errors; run `hvcheck check {file}`")
        raise Exit(EXIT_FINDINGS)
    names = [h.name for h in hosts]
    if values["host"] is not None:
        hosts = [h for h in hosts if h.name == values["host"]]
        if not hosts:
            raise fail(f"{file} has no host named '{values['host']}' (it has: {', '.join(names)})")
    if len(hosts) != 1:
        listed = ", ".join(names) or "none"
        raise fail(f"{file} has {len(hosts)} hosts ({listed}); choose one with --host")
    emit(stream("graph", values["format"], build_graph(hosts[0])), values["output"])
    return EXIT_OK


COMMAND = Command(
    "graph",
    "Export a host's dependency graph (DOT, GraphML, node-link JSON, Mermaid).",
    (
        argument("file", metavar="FILE", help="A host file."),
        option(
            "format",
            "--format",
            "-f",
            metavar="FORMAT",
            choices=formats_of("graph"),
            default="dot",
            help="Graph format.",
        ),
        option("host", "--host", metavar="NAME", help="Which host, when the file has several."),
        OUTPUT,
    ),
    run,
)
