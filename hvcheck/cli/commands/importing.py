"""``hvcheck import``: describe hosts and guests from the files people already have."""

from __future__ import annotations

import os
import sys
from typing import Any

from hvcheck.cli.output import EXIT_OK, EXIT_USAGE, Exit, emit, fail, print_findings
from hvcheck.cli.spec import Command, argument, importers, option


def run(values: dict[str, Any]) -> int:
    from hvcheck.catalog import CatalogError
    from hvcheck.escape import clean
    from hvcheck.importers import ImportRefused, default_path, import_files

    output = values["output"]
    if output not in (None, "-") and os.path.lexists(output) and not values["force"]:
        raise fail(f"{output} exists; use --force to replace it")
    fmt = values["format"]
    files = list(values["files"])
    if not files:
        default = default_path(fmt)
        if default is None:
            raise fail(f"give the {fmt} file(s) to import")
        files = [default]
    try:
        result = import_files(
            fmt, files, target=values["target"], catalogs=tuple(values["catalog"])
        )
    except ImportRefused as exc:
        sys.stderr.write(clean(f"{exc.path}: error: {exc.reason}") + "\n")
        raise Exit(EXIT_USAGE) from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was imported") from None
    except ValueError as exc:
        raise fail(str(exc)) from None
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
        argument(
            "files",
            kind="many",
            metavar="FILE",
            required=False,
            default=(),
            help="Files (or, for sysfs and nodedev, directories) to import; sysfs reads / when "
            "none is given.",
        ),
        option(
            "output",
            "--output",
            "-o",
            metavar="FILE",
            help="Write the host description to FILE (atomically); default stdout.",
        ),
        option("force", "--force", kind="flag", help="Replace the output file if it exists."),
        option(
            "target",
            "--target",
            "-t",
            metavar="PRODUCT:RELEASE",
            help="Describe the hardware of a host source (sysfs, lspci, esxcli, nodedev, "
            "hyperv-json) as a host of this hypervisor, e.g. esxi:8.0, hyperv:2022, kvm: drivers "
            "come from the catalogs' bindings for it.",
        ),
        option(
            "catalog",
            "--catalog",
            kind="many",
            metavar="PATH",
            help="An extra catalog file or directory for --target (modules.alias, ESXi .map "
            "files, .inf files, catalog YAML). Repeatable.",
        ),
    ),
    run,
)
