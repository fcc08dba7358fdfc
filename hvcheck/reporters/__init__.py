"""Reporters: pure functions from a run result to text, one module per format.

Each module has ``stream(result)``, the report in pieces (what ``hvcheck check`` writes, so that a
large report never exists as one string), and ``render(result)``, the same text joined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from hvcheck.engine import RunResult
from hvcheck.reporters import concise, github, gitlab, json_report, junit, sarif, text

Renderer = Callable[[RunResult], str]
Streamer = Callable[[RunResult], Iterator[str]]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "gitlab": gitlab.render,
}

STREAMS: dict[str, Streamer] = {
    "text": text.stream,
    "concise": concise.stream,
    "json": json_report.stream,
    "sarif": sarif.stream,
    "junit": junit.stream,
    "github": github.stream,
    "gitlab": gitlab.stream,
}

__all__ = ["FORMATS", "STREAMS", "Renderer", "Streamer"]
