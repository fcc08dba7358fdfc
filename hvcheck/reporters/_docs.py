"""Where each rule's documentation lives: anchors in docs/rules.md and its URL."""

from __future__ import annotations

DOCS_BASE = "https://github.com/hvcheck/hvcheck/blob/main/docs/rules.md"
"""The rule reference, as published with the project's sources."""


def anchor_for(code: str, name: str) -> str:
    return f"{code.lower()}-{name}"


def doc_url_for(code: str, name: str) -> str:
    """Where the documentation of the rule ``code``/``name`` lives (SARIF helpUri, JSON ``url``)."""
    return f"{DOCS_BASE}#{anchor_for(code, name)}"
