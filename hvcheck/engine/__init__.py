"""Select rules, run them over hosts and files, and collect findings and outcomes."""

from hvcheck.engine.discover import discover
from hvcheck.engine.files import Checker, check_loaded, check_text
from hvcheck.engine.host import check_host, host_context
from hvcheck.engine.options import Options, select_rules
from hvcheck.engine.parallel import WorkerDied
from hvcheck.engine.run import check_configured, check_paths
from hvcheck.engine.stats import Statistics

__all__ = [
    "Checker",
    "Options",
    "Statistics",
    "WorkerDied",
    "check_configured",
    "check_host",
    "check_loaded",
    "check_paths",
    "check_text",
    "discover",
    "host_context",
    "select_rules",
]
