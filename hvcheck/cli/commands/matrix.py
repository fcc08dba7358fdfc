"""``hvcheck matrix``: every host against other products and releases (migration planning)."""

from __future__ import annotations

from typing import Any

from hvcheck.cli.output import EXIT_OK, EXIT_USAGE, emit, err, fail, print_findings
from hvcheck.cli.spec import OUTPUT, PATHS, SELECTION, Command, formats_of, option


def run(values: dict[str, Any]) -> int:
    from hvcheck.catalog import CatalogError
    from hvcheck.engine.config import CommandLine, ConfigError
    from hvcheck.engine.matrix import build_matrix

    cli = CommandLine(
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        catalogs=tuple(values["catalog"]),
        config=values["config"],
    )
    try:
        data, problems = build_matrix(list(values["paths"]) or ["."], values["target"], cli)
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration") from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was evaluated") from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    from hvcheck.reporters import stream

    for error in data.errors:
        err(f"error: {error}")
    if problems:
        err(f"warning: {problems} document(s) with input errors were skipped; run `hvcheck check`")
    emit(stream("matrix", values["format"], data), values["output"])
    return EXIT_USAGE if data.errors else EXIT_OK


COMMAND = Command(
    "matrix",
    "Evaluate each host against other products and releases: the migration-planning grid.",
    (
        PATHS,
        option(
            "target",
            "--target",
            "-t",
            kind="many",
            metavar="PRODUCT[:RELEASE]",
            help="A product, or a product release, to evaluate against (repeatable); default: "
            "every product and release in the catalogs.",
        ),
        option(
            "format",
            "--format",
            "-f",
            metavar="FORMAT",
            choices=formats_of("matrix"),
            default="text",
            help="Output format.",
        ),
        OUTPUT,
        *SELECTION,
    ),
    run,
)
