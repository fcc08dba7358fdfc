"""Graphviz DOT, for `dot -Tsvg`."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from hvcheck.reporters.graph._common import edges, name_of, nodes


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stream(g: nx.MultiDiGraph) -> Iterator[str]:
    yield f"digraph {_quote(name_of(g))} {{\n  rankdir=LR;\n"
    for key, data in nodes(g):
        label = f"{data.get('kind')}: {data.get('label', key)}"
        yield f"  {_quote(key)} [label={_quote(label)}];\n"
    for u, v, k, _ in edges(g):
        yield f"  {_quote(u)} -> {_quote(v)} [label={_quote(k)}];\n"
    yield "}\n"
