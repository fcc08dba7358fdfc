"""``hvcheck catalog``: what the loaded catalogs hold, and the sources behind each entry."""

from __future__ import annotations

import json
from typing import Any

from hvcheck.cli.output import EXIT_OK, emit, fail
from hvcheck.cli.spec import Command, Group, argument, option
from hvcheck.escape import json_safe


def _kinds() -> tuple[str, ...]:
    from hvcheck.catalog.describe import KINDS

    return KINDS


CATALOG = option(
    "catalog",
    "--catalog",
    kind="many",
    metavar="PATH",
    help="An extra catalog file or directory (repeatable).",
)
FORMAT = option(
    "format",
    "--format",
    "-f",
    metavar="FORMAT",
    choices=lambda: ("text", "json"),
    default="text",
    help="text or json.",
)


def _write(data: dict[str, Any], fmt: str, text: str) -> None:
    emit(
        json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n" if fmt == "json" else text,
        None,
    )


def run_files(values: dict[str, Any]) -> int:
    from hvcheck.catalog.describe import list_catalogs, render_list_text
    from hvcheck.cli.commands._catalogs import load_catalog_or_exit

    data = list_catalogs(load_catalog_or_exit(values["catalog"]))
    _write(data, values["format"], render_list_text(data))
    return EXIT_OK


def run_list(values: dict[str, Any]) -> int:
    from hvcheck.catalog.describe import UnknownEntry, list_entries, render_entries_text
    from hvcheck.cli.commands._catalogs import load_catalog_or_exit

    catalog = load_catalog_or_exit(values["catalog"])
    try:
        data = list_entries(catalog, values["kind"], values["product"], values["release"])
    except UnknownEntry as exc:
        raise fail(str(exc)) from None
    _write(data, values["format"], render_entries_text(data))
    return EXIT_OK


def run_show(values: dict[str, Any]) -> int:
    from hvcheck.catalog.describe import UnknownEntry, render_entry_text, show_entry
    from hvcheck.cli.commands._catalogs import load_catalog_or_exit

    catalog = load_catalog_or_exit(values["catalog"])
    try:
        data = show_entry(catalog, values["kind"], " ".join(values["ident"]))
    except UnknownEntry as exc:
        raise fail(str(exc)) from None
    _write(data, values["format"], render_entry_text(data))
    return EXIT_OK


GROUP = Group("catalog", "Show the loaded catalogs: files, entries and the sources they cite.")

COMMANDS = [
    Command(
        "list",
        "List the entries of one kind: products, releases, device models, guest operating "
        "systems, driver bindings, host requirements or sources.",
        (
            argument("kind", metavar="KIND", choices=_kinds, help="What to list."),
            option("product", "--product", "-p", metavar="PRODUCT", help="Only this product's."),
            option("release", "--release", "-r", metavar="RELEASE", help="Only this release's."),
            CATALOG,
            FORMAT,
        ),
        run_list,
        group="catalog",
    ),
    Command(
        "show",
        "Show one catalog entry (for a release, its host requirements) with its sources.",
        (
            argument("kind", metavar="KIND", choices=_kinds, help="What to show."),
            argument(
                "ident",
                kind="many",
                metavar="ID",
                help='Its id; for a release, product and version: "esxi 8.0".',
            ),
            CATALOG,
            FORMAT,
        ),
        run_show,
        group="catalog",
    ),
    Command(
        "files",
        "List every loaded catalog file, where it came from, and its sections' entry counts.",
        (CATALOG, FORMAT),
        run_files,
        group="catalog",
    ),
]
