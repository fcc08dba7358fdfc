"""``hvcheck schema``: the JSON Schema of host files or of the configuration file."""

from __future__ import annotations

from typing import Any

from hvcheck.cli.output import EXIT_OK, emit
from hvcheck.cli.spec import OUTPUT, Command, option


def run(values: dict[str, Any]) -> int:
    if values["kind"] == "config":
        from hvcheck.engine.config import config_schema_text

        emit(config_schema_text(), values["output"])
    else:
        from hvcheck.catalog.schema import host_schema_text

        emit(host_schema_text(), values["output"])
    return EXIT_OK


COMMAND = Command(
    "schema",
    "Print the JSON Schema of the host format (or of the configuration file).",
    (
        option(
            "kind",
            "--kind",
            "-k",
            metavar="KIND",
            choices=lambda: ("host", "config"),
            default="host",
            help="host (host files) or config (.hvcheck.yaml).",
        ),
        OUTPUT,
    ),
    run,
)
