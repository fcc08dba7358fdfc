"""GraphML, for yEd, Gephi and networkx (`networkx.read_graphml`)."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from hvcheck.reporters.graph._common import plain_graph


def stream(g: nx.MultiDiGraph) -> Iterator[str]:
    for line in nx.generate_graphml(plain_graph(g)):
        yield line + "\n"
