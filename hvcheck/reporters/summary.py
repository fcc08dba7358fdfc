"""The one-line summary of a run, shared by the reporters."""

from __future__ import annotations

from hvcheck.engine import RunResult


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(result: RunResult) -> str:
    c = result.counts()
    total = sum(c.values())
    files = plural(len(result.files), "file")
    hosts = plural(result.host_count, "host")
    hidden = result.suppressed_count
    tail = f"; {hidden} suppressed" if hidden else ""
    if total == 0:
        return f"No findings in {files} ({hosts}{tail})."
    parts = ", ".join(plural(n, s) if s != "info" else f"{n} info" for s, n in c.items())
    return f"Found {plural(total, 'finding')} ({parts}) in {files} ({hosts}{tail})."
