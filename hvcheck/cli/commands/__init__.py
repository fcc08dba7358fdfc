"""Every command, in the order ``hvcheck --help`` lists them: one module each, one registry here."""

from __future__ import annotations

from hvcheck.cli.commands import (
    catalog,
    check,
    config,
    fix,
    graph,
    importing,
    init,
    matrix,
    report,
    rules,
    schema,
)
from hvcheck.cli.spec import Registry

REGISTRY = Registry(
    commands=[
        check.COMMAND,
        fix.COMMAND,
        report.COMMAND,
        matrix.COMMAND,
        graph.COMMAND,
        *rules.COMMANDS,
        schema.COMMAND,
        config.COMMAND,
        importing.COMMAND,
        init.COMMAND,
        *catalog.COMMANDS,
    ],
    groups=[catalog.GROUP],
)
