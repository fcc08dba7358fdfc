"""``hvcheck report``: a compatibility report per host, for the people who buy and migrate."""

from __future__ import annotations

from typing import Any

from hvcheck.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, emit, err, fail, print_findings
from hvcheck.cli.spec import (
    EXIT_ZERO,
    FAIL_ON,
    FROM,
    OUTPUT,
    PATHS,
    SELECTION,
    SHOW_UNKNOWN,
    STDIN_FILENAME,
    Command,
    formats_of,
    option,
)


def run(values: dict[str, Any]) -> int:
    import sys

    from hvcheck.catalog import CatalogError
    from hvcheck.engine.config import CommandLine, ConfigError
    from hvcheck.engine.inventory import build_report
    from hvcheck.engine.services import STDIN, CheckRequest
    from hvcheck.reporters import stream

    cli = CommandLine(
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        fail_on=values["fail_on"],
        catalogs=tuple(values["catalog"]),
        config=values["config"],
        show_unknown=bool(values["show_unknown"]),
    )
    paths = list(values["paths"]) or ["."]
    request = CheckRequest(
        paths,
        cli,
        jobs=1,
        from_format=values["from_format"],
        stdin=sys.stdin.buffer.read() if STDIN in paths and not values["from_format"] else None,
        stdin_name=values["stdin_filename"] or "<stdin>",
    )
    try:
        data, result = build_report(request)
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration") from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was checked") from None
    for error in result.errors:
        err(f"error: {error}")
    emit(stream("report", values["format"], data), values["output"])
    if result.errors or result.internal_error():
        return EXIT_USAGE
    if values["exit_zero"]:
        return EXIT_OK
    return EXIT_FINDINGS if result.failed() else EXIT_OK


COMMAND = Command(
    "report",
    "Write a compatibility report: per host, verdict, graph, devices, partitions, findings.",
    (
        PATHS,
        option(
            "format",
            "--format",
            "-f",
            metavar="FORMAT",
            choices=formats_of("report"),
            default="markdown",
            help="Output format.",
        ),
        OUTPUT,
        FAIL_ON,
        EXIT_ZERO,
        *SELECTION,
        SHOW_UNKNOWN,
        FROM,
        STDIN_FILENAME,
    ),
    run,
)
