"""What every graph format writes: nodes and edges in a stable order, with plain, escaped values."""

from __future__ import annotations

from typing import Any

import networkx as nx

from hvcheck.escape import clean


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """The attributes an export can carry: scalars (text escaped) and the logical path as text."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[key] = clean(value)
        elif isinstance(value, int | float | bool):
            out[key] = value
    if "at" in data:
        out["path"] = clean(str(data["at"]))
    return out


def nodes(g: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(((clean(k), plain(d)) for k, d in g.nodes(data=True)), key=lambda i: i[0])


def edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    out = ((clean(u), clean(v), k, plain(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return sorted(out, key=lambda e: (e[0], e[1], e[2]))


def name_of(g: nx.MultiDiGraph) -> str:
    return clean(str(g.graph.get("name", "host")))


def plain_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only plain attributes, as GraphML and node-link JSON need."""
    out = nx.MultiDiGraph(name=name_of(g))
    for key, data in nodes(g):
        out.add_node(key, **data)
    for u, v, k, data in edges(g):
        out.add_edge(u, v, key=k, kind=k, **data)
    return out
