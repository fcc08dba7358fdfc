"""Every command, in the order ``hvcheck --help`` lists them: one module each, one registry here."""

from __future__ import annotations

from hvcheck.cli.commands import (
    catalog,
    check,
    config,
    graph,
    importing,
    matrix,
    report,
    rules,
    schema,
)
from hvcheck.cli.spec import Registry

REGISTRY = Registry(
    commands=[
        check.COMMAND,
        report.COMMAND,
        matrix.COMMAND,
        graph.COMMAND,
        *rules.COMMANDS,
        schema.COMMAND,
        config.COMMAND,
        importing.COMMAND,
        *catalog.COMMANDS,
    ],
    groups=[catalog.GROUP],
)
