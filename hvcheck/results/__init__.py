"""What a run produces, as plain data: per-file reports, report summaries and matrix cells.

These types sit below the engine, so that reporters import data, never the machinery that made it.
"""

from hvcheck.results.run import (
    SEVERITIES,
    FileReport,
    Located,
    Outcome,
    ReportList,
    ReportSummary,
    RunResult,
    Status,
    Which,
)

__all__ = [
    "SEVERITIES",
    "FileReport",
    "Located",
    "Outcome",
    "ReportList",
    "ReportSummary",
    "RunResult",
    "Status",
    "Which",
]
