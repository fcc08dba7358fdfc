"""The typed questions rules ask a host's dependency graph, answered with networkx.

:class:`HostGraph` wraps the ``networkx.MultiDiGraph`` that :func:`~hvcheck.graph.build.build_graph`
returns (``.nx``) and answers in model objects and logical paths rather than attribute dictionaries:
which drivers drive a device, where a driver runs, which partition a virtual device is served from
(following served-by chains through drivers and other devices), which devices serve each other in a
loop, and what a driver's failure would take down. Answers that walk the graph are remembered, so
asking for every device of a host costs O(V+E) in all.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, Generic, NamedTuple, TypeVar

import networkx as nx

from hvcheck.graph.build import (
    ASSIGNED_TO,
    BACKED_BY,
    DEVICE,
    DRIVER,
    DRIVES,
    HAS,
    HOST_OS,
    HYPERVISOR,
    PARTITION,
    RUNS_IN,
    SERVED_BY,
    VIRTUAL_DEVICE,
    Duplicate,
    Ref,
    Unresolved,
)
from hvcheck.model.host import Driver, Partition, PhysicalDevice, VirtualDevice
from hvcheck.model.paths import Path

T = TypeVar("T")

_TERMINALS = (PARTITION, HYPERVISOR, HOST_OS)
"""Where a served-by chain ends: the place the serving code runs."""


class Node(NamedTuple, Generic[T]):
    """One node: its key, the path of its declaration, and its model object."""

    key: str
    at: Path
    obj: T


_new_node = _new_ref = tuple.__new__
"""``Node``'s and ``Ref``'s tuple constructor, without the generated ``__new__``'s extra call."""


class HostGraph:
    """Typed, cached questions about one host's graph (see the module docs)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.nx = g
        self._serving: dict[str, str | None] = {}
        self._refs_in: dict[str, dict[str, list[Ref]]] = {}

    # -- what the builder recorded ----------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(self.nx.graph.get("name", ""))

    @property
    def unresolved(self) -> list[Unresolved]:
        """References to ids that do not exist or are of the wrong kind."""
        return list(self.nx.graph["unresolved"])

    @property
    def duplicates(self) -> list[Duplicate]:
        """Ids declared more than once (the first declaration owns the node)."""
        return list(self.nx.graph["duplicates"])

    @property
    def declared(self) -> list[str]:
        """Every declared id, in document order."""
        return list(self.nx.graph["ids"])

    # -- nodes --------------------------------------------------------------------------------------

    def key_of(self, ident: str, kind: str | None = None) -> str | None:
        """The node key of a declared id (of ``kind``, if given), or None."""
        found = self.nx.graph["ids"].get(ident)
        if found is None:
            return None
        key: str = found[0]
        if kind is not None and self.kind(key) != kind:
            return None
        return key

    def kind(self, key: str) -> str:
        return self._kinds[key]

    def ident(self, key: str) -> str:
        return str(self.nx.nodes[key]["id"])

    def at(self, key: str) -> Path:
        return self._node[key].at

    def obj(self, key: str) -> Any:
        return self._node[key].obj

    @cached_property
    def _index(self) -> tuple[dict[str, str], dict[str, Node[Any]], dict[str, list[Node[Any]]]]:
        """One pass over the nodes: each node's kind, each node, and the nodes of each kind."""
        kinds: dict[str, str] = {}
        nodes: dict[str, Node[Any]] = {}
        by_kind: dict[str, list[Node[Any]]] = {}
        for key, data in self.nx.nodes(data=True):
            kind = kinds[key] = data["kind"]
            node = nodes[key] = _new_node(Node, (key, data["at"], data["obj"]))
            found = by_kind.get(kind)
            if found is None:
                found = by_kind[kind] = []
            found.append(node)
        return kinds, nodes, by_kind

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return self._index[0]

    @cached_property
    def _node(self) -> dict[str, Node[Any]]:
        return self._index[1]

    @cached_property
    def _nodes(self) -> dict[str, list[Node[Any]]]:
        return self._index[2]

    def nodes(self, kind: str) -> Iterator[Node[Any]]:
        """The nodes of ``kind``, in document order."""
        return iter(self._nodes.get(kind, ()))

    def devices(self) -> Iterator[Node[PhysicalDevice]]:
        """Physical devices, in document order (each declared id once)."""
        return self.nodes(DEVICE)

    def drivers(self) -> Iterator[Node[Driver]]:
        return self.nodes(DRIVER)

    def partitions(self) -> Iterator[Node[Partition]]:
        return self.nodes(PARTITION)

    def virtual_devices(self) -> Iterator[Node[VirtualDevice]]:
        return self.nodes(VIRTUAL_DEVICE)

    # -- edges --------------------------------------------------------------------------------------

    def _out(self, key: str, kind: str) -> list[Ref]:
        """References out of ``key`` along edges of ``kind``, in document order (the builder
        indexes each edge as it adds it, in document order)."""
        found: list[Ref] = self.nx.graph["refs_out"].get((key, kind), [])
        return found

    def _in(self, key: str, kind: str) -> list[Ref]:
        """References into ``key`` along edges of ``kind``, by source node in document order."""
        index = self._refs_in.get(kind)
        if index is None:  # built on first use, for this kind only
            index = self._refs_in[kind] = {}
            for (u, k), refs in self.nx.graph["refs_out"].items():
                if k == kind:
                    for ref in refs:
                        found = index.get(ref.key)
                        if found is None:
                            found = index[ref.key] = []
                        found.append(_new_ref(Ref, (u, ref.at)))
        return index.get(key, [])

    def drivers_of(self, device: str) -> list[Ref]:
        """The drivers that drive a physical device (and where each names it), in document order."""
        return self._in(device, DRIVES)

    def driven_by(self, driver: str) -> list[Ref]:
        """The devices a driver drives."""
        return self._out(driver, DRIVES)

    def assignments(self, device: str) -> list[Ref]:
        """The partitions a physical device is passed through to, in document order."""
        return self._out(device, ASSIGNED_TO)

    def runs_in(self, driver: str) -> str | None:
        """Where a driver runs: a partition, the hypervisor or the host OS (None: not known)."""
        found = self._out(driver, RUNS_IN)
        return found[0].key if found else None

    def served_by(self, vdev: str) -> str | None:
        """What a virtual device names in ``served_by`` (None when it names nothing valid)."""
        found = self._out(vdev, SERVED_BY)
        return found[0].key if found else None

    def backed_by(self, vdev: str) -> str | None:
        found = self._out(vdev, BACKED_BY)
        return found[0].key if found else None

    def contents(self, key: str) -> list[Ref]:
        """What a node has, in document order (a partition: its OS, its integration components
        and its virtual devices; the host: its hypervisor, devices, drivers and partitions)."""
        return self._out(key, HAS)

    def partition_of(self, vdev: str) -> str | None:
        """The partition a virtual device belongs to."""
        owners = [ref.key for ref in self._in(vdev, HAS) if self.kind(ref.key) == PARTITION]
        return owners[0] if owners else None

    # -- walks ----------------------------------------------------------------------------------------

    def _edges(self, *kinds: str) -> nx.DiGraph:
        """A plain DiGraph of the edges of ``kinds`` (small: walking it beats filtering views)."""
        view = nx.DiGraph()
        view.add_edges_from(
            (u, ref.key)
            for (u, kind), refs in self.nx.graph["refs_out"].items()
            if kind in kinds
            for ref in refs
        )
        return view

    @cached_property
    def _serving_edges(self) -> nx.DiGraph:
        return self._edges(SERVED_BY, RUNS_IN)

    def serving_partition(self, vdev: str) -> str | None:
        """Where a virtual device's serving code runs: the partition (or the hypervisor or host OS)
        reached by following served-by, and a serving driver's runs-in, from the device."""
        if vdev in self._serving:
            return self._serving[vdev]
        result = None
        direct = self.nx.graph["refs_out"].get((vdev, SERVED_BY), ())
        if len(direct) == 1 and direct[0].key != vdev and self.kind(direct[0].key) in _TERMINALS:
            result = direct[0].key  # served by a partition itself: the commonest case, no walk
        elif vdev in self._serving_edges:
            for node in nx.dfs_preorder_nodes(self._serving_edges, vdev):
                if node != vdev and self.kind(node) in _TERMINALS:
                    result = node
                    break
        self._serving[vdev] = result
        return result

    def served_by_cycles(self) -> list[list[str]]:
        """Groups of nodes that serve each other in a loop, each in document order."""
        refs_out = self.nx.graph["refs_out"]
        serves = {u: refs for (u, kind), refs in refs_out.items() if kind == SERVED_BY}
        if not any(ref.key in serves for refs in serves.values() for ref in refs):
            return []  # no chain is longer than one step: nothing can loop
        served = self._edges(SERVED_BY)
        order = {key: i for i, key in enumerate(self.nx)}
        loops = [
            sorted(component, key=order.__getitem__)
            for component in nx.strongly_connected_components(served)
            if len(component) > 1 or any(served.has_edge(n, n) for n in component)
        ]
        return sorted(loops, key=lambda c: order[c[0]])

    @cached_property
    def _dependencies(self) -> nx.DiGraph:
        """dependent -> what it depends on, for every kind of dependency in the graph."""
        deps = nx.DiGraph()
        deps.add_nodes_from(self.nx)
        for u, v, k in self.nx.edges(keys=True):
            if k in (SERVED_BY, BACKED_BY, RUNS_IN):
                deps.add_edge(u, v)  # a device depends on what serves or backs it ...
            elif k == DRIVES:
                deps.add_edge(v, u)  # ... a physical device on its driver ...
            elif k == HAS and self.kind(v) == VIRTUAL_DEVICE:
                deps.add_edge(u, v)  # ... and a partition on its devices
        return deps

    def impact(self, key: str) -> set[str]:
        """Everything that fails with ``key``: the nodes that depend on it, directly or not."""
        return set(nx.ancestors(self._dependencies, key))
