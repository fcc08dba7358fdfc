"""Mermaid flowchart text, which GitHub and GitLab render in Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx

from hvcheck.reporters.graph._common import edges, nodes


def mermaid_id(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", key)


def mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def stream(g: nx.MultiDiGraph) -> Iterator[str]:
    yield "flowchart LR\n"
    for key, data in nodes(g):
        label = mermaid_text(f"{data.get('kind')}: {data.get('label', key)}")
        yield f'  {mermaid_id(key)}["{label}"]\n'
    for u, v, k, _ in edges(g):
        yield f"  {mermaid_id(u)} -->|{k}| {mermaid_id(v)}\n"
