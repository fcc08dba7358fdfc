"""``hvcheck config``: the effective configuration for a path and where each value came from."""

from __future__ import annotations

import json
from typing import Any

from hvcheck.cli.output import EXIT_OK, emit, fail, print_findings
from hvcheck.cli.spec import FAIL_ON, SELECTION, Command, argument, option
from hvcheck.escape import json_safe


def run(values: dict[str, Any]) -> int:
    from hvcheck.engine.config import CommandLine, ConfigError, Resolver, settings_dict

    cli = CommandLine(
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        fail_on=values["fail_on"],
        catalogs=tuple(values["catalog"]),
        config=values["config"],
    )
    try:
        data = settings_dict(Resolver(cli).settings_for(values["path"]))
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration") from None
    if values["format"] == "json":
        emit(json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n", None)
        return EXIT_OK
    lines = [f"config file: {data['config_file'] or '(none found; defaults)'}"]
    for key, item in data["settings"].items():
        lines.append(f"{key:<9} = {json.dumps(item['value'])}  ({item['from']})")
    emit("\n".join(lines) + "\n", None)
    return EXIT_OK


COMMAND = Command(
    "config",
    "Print the effective configuration for PATH and where each value came from.",
    (
        argument(
            "path",
            metavar="PATH",
            required=False,
            default=".",
            help="A file or directory whose settings to show (default: the current directory).",
        ),
        option(
            "format",
            "--format",
            "-f",
            metavar="FORMAT",
            choices=lambda: ("text", "json"),
            default="text",
            help="text or json.",
        ),
        *SELECTION,
        FAIL_ON,
    ),
    run,
)
