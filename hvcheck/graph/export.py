"""Export a host's dependency graph as DOT, GraphML, JSON (node-link) or Mermaid text."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from hvcheck.graph.build import HostGraph

GRAPH_FORMATS = ("dot", "graphml", "json", "mermaid")


def _nodes(hg: HostGraph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(hg.graph.nodes(data=True), key=lambda item: item[0])


def _edges(hg: HostGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(hg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(hg: HostGraph) -> str:
    lines = [f"digraph {_dot_quote(str(hg.graph.graph.get('name', 'host')))} {{", "  rankdir=LR;"]
    for key, data in _nodes(hg):
        label = f"{data.get('kind')}: {data.get('label', key)}"
        lines.append(f"  {_dot_quote(key)} [label={_dot_quote(label)}];")
    for u, v, k, _ in _edges(hg):
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(k)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _plain_graph(hg: HostGraph) -> Any:
    """A copy with only string/number/bool attributes, as GraphML and JSON need."""
    g = nx.MultiDiGraph(name=str(hg.graph.graph.get("name", "")))
    for key, data in _nodes(hg):
        g.add_node(
            key, **{k: v for k, v in data.items() if isinstance(v, str | int | float | bool)}
        )
    for u, v, k, data in _edges(hg):
        attrs = {a: b for a, b in data.items() if isinstance(b, str | int | float | bool)}
        g.add_edge(u, v, key=k, kind=k, **attrs)
    return g


def to_graphml(hg: HostGraph) -> str:
    return "\n".join(nx.generate_graphml(_plain_graph(hg))) + "\n"


def to_json(hg: HostGraph) -> str:
    data = nx.node_link_data(_plain_graph(hg), edges="edges")
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _mermaid_id(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", key)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(hg: HostGraph) -> str:
    lines = ["flowchart LR"]
    for key, data in _nodes(hg):
        label = _mermaid_text(f"{data.get('kind')}: {data.get('label', key)}")
        lines.append(f'  {_mermaid_id(key)}["{label}"]')
    for u, v, k, _ in _edges(hg):
        lines.append(f"  {_mermaid_id(u)} -->|{k}| {_mermaid_id(v)}")
    return "\n".join(lines) + "\n"


EXPORTERS = {"dot": to_dot, "graphml": to_graphml, "json": to_json, "mermaid": to_mermaid}


def export(hg: HostGraph, fmt: str) -> str:
    return EXPORTERS[fmt](hg)
