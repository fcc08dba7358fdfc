"""``hvcheck import``: describe hosts and guests from the files people already have."""

from __future__ import annotations

import os
import sys
from typing import Any

from hvcheck.cli.output import EXIT_OK, EXIT_USAGE, Exit, emit, fail
from hvcheck.cli.spec import Command, argument, importers, option


def run(values: dict[str, Any]) -> int:
    from hvcheck.escape import clean
    from hvcheck.importers import ImportRefused, import_files

    output = values["output"]
    if output not in (None, "-") and os.path.lexists(output) and not values["force"]:
        raise fail(f"{output} exists; use --force to replace it")
    try:
        result = import_files(values["format"], values["files"])
    except ImportRefused as exc:
        sys.stderr.write(clean(f"{exc.path}: error: {exc.reason}") + "\n")
        raise Exit(EXIT_USAGE) from None
    for warning in result.warnings:
        sys.stderr.write(clean(str(warning)) + "\n")
    emit(result.text, output)
    return EXIT_OK


def _importer_help() -> str:
    return "Source format (see docs/importers.md)."


COMMAND = Command(
    "import",
    "Describe hosts and guests from the files people already have (see docs/importers.md).",
    (
        argument("format", metavar="IMPORTER", choices=importers, help=_importer_help()),
        argument("files", kind="many", metavar="FILE", help="Files to import."),
        option(
            "output",
            "--output",
            "-o",
            metavar="FILE",
            help="Write the host description to FILE (atomically); default stdout.",
        ),
        option("force", "--force", kind="flag", help="Replace the output file if it exists."),
    ),
    run,
)
