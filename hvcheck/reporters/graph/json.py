"""networkx node-link JSON (`networkx.node_link_graph`), for scripts."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from hvcheck.reporters._jsonstream import dumps
from hvcheck.reporters.graph._common import plain_graph


def stream(g: nx.MultiDiGraph) -> Iterator[str]:
    data = nx.node_link_data(plain_graph(g), edges="edges")
    yield dumps(data, indent=2, sort_keys=True) + "\n"
