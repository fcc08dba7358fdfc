"""The closing lines of a run, shared by the reporters: the findings, and what could not be checked.

>>> plural(1, "host"), plural(3, "host")
('1 host', '3 hosts')
"""

from __future__ import annotations

from hvcheck.escape import display_path
from hvcheck.results import RunResult


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(result: RunResult) -> str:
    """``Found 3 findings (1 error, 2 warnings, 0 info) in 2 files (2 hosts).``"""
    c = result.counts()
    total = sum(c.values())
    files = plural(len(result.files), "file")
    hosts = plural(result.host_count, "host")
    hidden = result.suppressed_count
    tail = f"; {hidden} suppressed" if hidden else ""
    policy = "".join(
        f"; {display_path(path)} changes {', '.join(fields)} for {plural(count, 'file')}"
        for path, fields, count in result.narrowed
    )
    if total == 0:
        return f"No findings in {files} ({hosts}{tail}){policy}."
    parts = ", ".join(plural(n, s) if s != "info" else f"{n} info" for s, n in c.items())
    return f"Found {plural(total, 'finding')} ({parts}) in {files} ({hosts}{tail}){policy}."


def unknown_line(result: RunResult) -> str | None:
    """``312 facts could not be checked in 40 hosts: HV1007 (200), HV1203 (112); --show-unknown
    lists them``, or None when everything could be checked."""
    counts = result.unknown_counts()
    total = sum(counts.values())
    if not total:
        return None
    by_code = ", ".join(
        f"{code} ({n})" for code, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )
    facts = "fact" if total == 1 else "facts"
    could = f"{total} {facts} could not be checked in {plural(result.unknown_hosts, 'host')}"
    hint = "" if result.show_unknown else "; --show-unknown lists them"
    return f"{could}: {by_code}{hint}"
