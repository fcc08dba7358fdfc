"""Select rules, run them over hosts, and collect findings and outcomes."""

from hvcheck.engine.discover import discover
from hvcheck.engine.results import FileReport, Outcome, RunResult
from hvcheck.engine.run import (
    Options,
    Statistics,
    check_configured,
    check_host,
    check_paths,
    check_text,
    host_context,
    select_rules,
)

__all__ = [
    "FileReport",
    "Options",
    "Outcome",
    "RunResult",
    "Statistics",
    "check_configured",
    "check_host",
    "check_paths",
    "check_text",
    "discover",
    "host_context",
    "select_rules",
]
