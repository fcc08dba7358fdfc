"""Reporters: pure functions from a run result to text, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from hvcheck.engine import RunResult
from hvcheck.reporters import concise, github, gitlab, json_report, junit, sarif, text

Renderer = Callable[[RunResult], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "gitlab": gitlab.render,
}

__all__ = ["FORMATS", "Renderer"]
