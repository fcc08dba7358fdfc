"""Build the dependency graph of one host: hardware, drivers, the hypervisor layer, partitions, devices.

Nodes are keyed ``<kind>:<id>`` (``device:nic0``, ``driver:ixgben``, ``partition:root``); edges carry a
``kind`` (drives, runs-in, has, served-by, backed-by, assigned-to). References that do not resolve are
recorded on the graph (``HostGraph.unresolved``) for the rules to report; nothing here raises on bad
input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hvcheck.model import ParsedHost
from hvcheck.model.host import Driver, Partition, PhysicalDevice, VirtualDevice

# Node kinds
HOST = "host"
CPU = "cpu"
HYPERVISOR = "hypervisor"
HOST_OS = "host-os"
DEVICE = "device"
DRIVER = "driver"
PARTITION = "partition"
VIRTUAL_DEVICE = "virtual-device"
GUEST_OS = "guest-os"
INTEGRATION = "integration"

NODE_KINDS = (
    HOST,
    CPU,
    HYPERVISOR,
    HOST_OS,
    DEVICE,
    DRIVER,
    PARTITION,
    VIRTUAL_DEVICE,
    GUEST_OS,
    INTEGRATION,
)

# Edge kinds
HAS = "has"
DRIVES = "drives"
RUNS_IN = "runs-in"
SERVED_BY = "served-by"
BACKED_BY = "backed-by"
ASSIGNED_TO = "assigned-to"

EDGE_KINDS = (HAS, DRIVES, RUNS_IN, SERVED_BY, BACKED_BY, ASSIGNED_TO)

RESERVED_IDS = {"hypervisor": f"{HYPERVISOR}:hypervisor", "host-os": f"{HOST_OS}:host-os"}


def node_key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


@dataclass(frozen=True)
class Unresolved:
    """A reference to an id that does not exist (or is of the wrong kind)."""

    path: str
    ref: str
    expected: str
    wrong_kind: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Duplicate:
    """An id declared twice; ``first`` is the path of the first declaration."""

    path: str
    ident: str
    first: str


Edge = tuple[str, str, str, dict[str, Any]]  # (from, to, kind, attributes)


@dataclass
class HostGraph:
    """The graph of one host, with the indexes the rules use.

    Nodes and edges live in plain dictionaries with the structure and iteration order of a networkx
    ``MultiDiGraph`` (nodes in insertion order, which is document order; an edge is identified by
    (from, to, kind), and adding it again updates its attributes). Rules read them through
    :attr:`nodes`, :meth:`out_edges`, :meth:`in_edges`, :meth:`successors` and
    :meth:`predecessors`, which never import networkx. :attr:`graph` builds the equivalent
    ``networkx.MultiDiGraph`` on first use, for export and for graph algorithms.
    """

    host: ParsedHost
    name: str = ""
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Node key -> attributes, in insertion (document) order."""
    unresolved: list[Unresolved] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    # id -> (node key, logical path) for every declared object
    ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    _succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict, repr=False)
    _pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict, repr=False)
    _order: list[tuple[str, str, str]] = field(default_factory=list, repr=False)
    _nx: Any = field(default=None, repr=False)
    _serving: dict[str, str | None] = field(default_factory=dict, repr=False)

    # -- building ---------------------------------------------------------------------------------

    def add_node(self, key: str, **attrs: Any) -> None:
        existing = self.nodes.get(key)
        if existing is not None:
            existing.update(attrs)
            return
        self.nodes[key] = attrs
        self._succ[key] = {}
        self._pred[key] = {}

    def add_edge(self, u: str, v: str, key: str, **attrs: Any) -> None:
        """Add the edge (u, v, key), or update its attributes if it exists (as networkx does)."""
        if u not in self.nodes:
            self.add_node(u)
        if v not in self.nodes:
            self.add_node(v)
        keydict = self._succ[u].get(v)
        if keydict is None:
            keydict = self._succ[u][v] = {}
            self._pred[v][u] = keydict
        data = keydict.get(key)
        if data is None:
            keydict[key] = attrs
            self._order.append((u, v, key))
        else:
            data.update(attrs)
        self._nx = None
        if self._serving:
            self._serving.clear()

    # -- reading ----------------------------------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self.nodes

    def nodes_of(self, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for key, data in self.nodes.items():
            if data.get("kind") == kind:
                yield key, data

    def out_edges(self, key: str) -> Iterator[Edge]:
        """Edges leaving ``key``, in networkx order; none for an unknown node."""
        for v, keydict in self._succ.get(key, {}).items():
            for k, data in keydict.items():
                yield key, v, k, data

    def in_edges(self, key: str) -> Iterator[Edge]:
        """Edges entering ``key``, in networkx order; none for an unknown node."""
        for u, keydict in self._pred.get(key, {}).items():
            for k, data in keydict.items():
                yield u, key, k, data

    def edges(self) -> Iterator[Edge]:
        for u, nbrs in self._succ.items():
            for v, keydict in nbrs.items():
                for k, data in keydict.items():
                    yield u, v, k, data

    def successors(self, key: str, edge_kind: str) -> list[str]:
        return [
            v for v, keydict in self._succ.get(key, {}).items() for k in keydict if k == edge_kind
        ]

    def predecessors(self, key: str, edge_kind: str) -> list[str]:
        return [
            u for u, keydict in self._pred.get(key, {}).items() for k in keydict if k == edge_kind
        ]

    def path_of(self, key: str) -> str:
        return str(self.nodes[key].get("path", ""))

    @property
    def graph(self) -> Any:
        """The same graph as a ``networkx.MultiDiGraph`` (built, and networkx imported, on first use)."""
        if self._nx is None:
            import networkx as nx

            g = nx.MultiDiGraph(name=self.name)
            for key, data in self.nodes.items():
                g.add_node(key, **data)
            for u, v, k in self._order:
                g.add_edge(u, v, key=k, **self._succ[u][v][k])
            self._nx = g
        return self._nx


def _iter_objects(host: ParsedHost) -> Iterator[tuple[str, str, str, object]]:
    """(kind, id, logical path, model object) for every object that carries an id."""
    spec = host.model.spec
    for i, dev in enumerate(spec.devices):
        yield DEVICE, dev.id, f"spec.devices[{i}]", dev
    for i, drv in enumerate(spec.drivers):
        yield DRIVER, drv.name, f"spec.drivers[{i}]", drv
    for i, part in enumerate(spec.partitions):
        yield PARTITION, part.id, f"spec.partitions[{i}]", part
        for j, vdev in enumerate(part.devices):
            yield VIRTUAL_DEVICE, vdev.id, f"spec.partitions[{i}].devices[{j}]", vdev


def build_graph(host: ParsedHost) -> HostGraph:
    """The dependency graph of ``host``."""
    hg = HostGraph(host, host.name)
    g = hg
    spec = host.model.spec
    host_key = node_key(HOST, host.name)
    g.add_node(host_key, kind=HOST, id=host.name, label=host.name, path="metadata")
    hv_key = RESERVED_IDS["hypervisor"]
    hv = spec.hypervisor
    g.add_node(
        hv_key,
        kind=HYPERVISOR,
        id="hypervisor",
        label=f"{hv.product} {hv.version or ''}".strip(),
        path="spec.hypervisor",
        product=hv.product,
    )
    g.add_edge(host_key, hv_key, key=HAS)
    if spec.cpu is not None:
        g.add_node(
            "cpu:cpu", kind=CPU, id="cpu", label=spec.cpu.model or spec.cpu.vendor, path="spec.cpu"
        )
        g.add_edge(host_key, "cpu:cpu", key=HAS)
    if spec.host_os is not None:
        key = RESERVED_IDS["host-os"]
        g.add_node(key, kind=HOST_OS, id="host-os", label=spec.host_os.name, path="spec.host_os")
        g.add_edge(host_key, key, key=HAS)

    # Declare every id first, so that references can point forwards.
    for kind, ident, path, obj in _iter_objects(host):
        if ident in hg.ids or ident in RESERVED_IDS:
            first = hg.ids[ident][1] if ident in hg.ids else "(reserved id)"
            hg.duplicates.append(Duplicate(f"{path}.{_id_field(kind)}", ident, first))
            continue
        key = node_key(kind, ident)
        hg.ids[ident] = (key, path)
        attrs: dict[str, Any] = {"kind": kind, "id": ident, "label": ident, "path": path}
        attrs.update(_attrs(obj))
        g.add_node(key, **attrs)
        if kind in (DEVICE, DRIVER, PARTITION):
            g.add_edge(host_key, key, key=HAS)

    parents = [k for k, d in hg.nodes_of(PARTITION) if d.get("role") == "parent"]
    for i, drv in enumerate(spec.drivers):
        _link_driver(hg, drv, f"spec.drivers[{i}]", parents)
    for i, part in enumerate(spec.partitions):
        _link_partition(hg, part, f"spec.partitions[{i}]")
    return hg


def _id_field(kind: str) -> str:
    return "name" if kind == DRIVER else "id"


def _attrs(obj: object) -> dict[str, Any]:
    if isinstance(obj, PhysicalDevice):
        pci = obj.pci
        return {
            "device_class": obj.device_class,
            "in_use": obj.in_use,
            "pci": f"{pci.vendor}:{pci.device}".lower() if pci else "",
            "label": obj.name or obj.id,
        }
    if isinstance(obj, Driver):
        return {"driver_kind": obj.kind, "location": obj.location, "version": obj.version or ""}
    if isinstance(obj, Partition):
        return {"role": obj.role}
    if isinstance(obj, VirtualDevice):
        return {"device_kind": obj.kind, "model": obj.model, "mode": obj.mode}
    return {}


def _resolve(
    hg: HostGraph, ref: str, path: str, allowed: tuple[str, ...], expected: str
) -> str | None:
    if ref in RESERVED_IDS:
        key = RESERVED_IDS[ref]
        kind = key.split(":", 1)[0]
        if kind in allowed and key in hg:
            return key
        if kind in allowed:
            reason = f"'{ref}' is used, but the host describes no host OS (spec.host_os)"
            hg.unresolved.append(Unresolved(path, ref, expected, reason=reason))
        else:
            hg.unresolved.append(Unresolved(path, ref, expected, wrong_kind=kind))
        return None
    found = hg.ids.get(ref)
    if found is None:
        hg.unresolved.append(Unresolved(path, ref, expected))
        return None
    key = found[0]
    kind = hg.nodes[key]["kind"]
    if kind not in allowed:
        hg.unresolved.append(Unresolved(path, ref, expected, wrong_kind=kind))
        return None
    return key


def _link_driver(hg: HostGraph, drv: Driver, path: str, parents: list[str]) -> None:
    g = hg
    key = node_key(DRIVER, drv.name)
    if hg.ids.get(drv.name, ("", ""))[1] != path:
        return  # a duplicate name; the first declaration owns the node
    for j, dev in enumerate(drv.drives):
        device = _resolve(hg, dev, f"{path}.drives[{j}]", (DEVICE,), "a physical device")
        if device is not None:
            g.add_edge(key, device, key=DRIVES, path=f"{path}.drives[{j}]")
    target: str | None = None
    if drv.partition is not None:
        target = _resolve(hg, drv.partition, f"{path}.partition", (PARTITION,), "a partition")
    # Where the driver runs follows its location; a partition named for a hypervisor or host-OS
    # driver is a contradiction that HV1010 reports, not a place.
    where: str | None = None
    if drv.location == "hypervisor":
        where = RESERVED_IDS["hypervisor"]
    elif drv.location == "host-os":
        where = RESERVED_IDS["host-os"] if RESERVED_IDS["host-os"] in g else None
    elif drv.partition is not None:
        where = target
    elif drv.location == "parent":
        where = parents[0] if len(parents) == 1 else None
    if where is not None:
        g.add_edge(key, where, key=RUNS_IN)


def _link_partition(hg: HostGraph, part: Partition, path: str) -> None:
    g = hg
    if hg.ids.get(part.id, ("", ""))[1] != path:
        return
    pkey = node_key(PARTITION, part.id)
    g.nodes[pkey]["label"] = f"{part.id} ({part.role})"
    if part.os is not None:
        okey = node_key(GUEST_OS, part.id)
        g.add_node(okey, kind=GUEST_OS, id=f"{part.id}/os", label=part.os.name, path=f"{path}.os")
        g.add_edge(pkey, okey, key=HAS)
    if part.integration is not None:
        ikey = node_key(INTEGRATION, part.id)
        g.add_node(
            ikey,
            kind=INTEGRATION,
            id=f"{part.id}/integration",
            label="integration components",
            path=f"{path}.integration",
            present=part.integration.present,
        )
        g.add_edge(pkey, ikey, key=HAS)
    for j, vdev in enumerate(part.devices):
        vpath = f"{path}.devices[{j}]"
        if hg.ids.get(vdev.id, ("", ""))[1] != vpath:
            continue
        vkey = node_key(VIRTUAL_DEVICE, vdev.id)
        g.add_edge(pkey, vkey, key=HAS)
        if vdev.served_by is not None:
            target = _resolve(
                hg,
                vdev.served_by,
                f"{vpath}.served_by",
                (PARTITION, DRIVER, VIRTUAL_DEVICE, HYPERVISOR, HOST_OS),
                "a partition, driver, virtual device, 'hypervisor' or 'host-os'",
            )
            if target is not None:
                g.add_edge(vkey, target, key=SERVED_BY, path=f"{vpath}.served_by")
        if vdev.backed_by is not None:
            target = _resolve(
                hg,
                vdev.backed_by,
                f"{vpath}.backed_by",
                (DEVICE, VIRTUAL_DEVICE),
                "a physical or virtual device",
            )
            if target is not None:
                g.add_edge(vkey, target, key=BACKED_BY, path=f"{vpath}.backed_by")
                if vdev.mode == "passthrough" and g.nodes[target]["kind"] == DEVICE:
                    g.add_edge(target, pkey, key=ASSIGNED_TO, path=f"{vpath}.backed_by")


def served_by_cycles(hg: HostGraph) -> list[list[str]]:
    """Groups of nodes that serve each other in a loop (strongly connected, O(V+E))."""
    succ: dict[str, list[str]] = {}
    for u, v, k, _ in hg.edges():
        if k == SERVED_BY:
            succ.setdefault(u, []).append(v)
            succ.setdefault(v, [])
    loops = [
        component
        for component in _strongly_connected(succ)
        if len(component) > 1 or any(n in succ[n] for n in component)
    ]
    if not loops:
        return []
    order = {key: i for i, key in enumerate(hg.nodes)}  # nodes are added in document order
    cycles = [sorted(component, key=order.__getitem__) for component in loops]
    return sorted(cycles, key=lambda c: order[c[0]])


def _strongly_connected(succ: dict[str, list[str]]) -> Iterator[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit), O(V+E)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    for root in succ:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = succ[node]
            recurse = False
            while i < len(targets):
                nxt = targets[i]
                i += 1
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield component
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])


def partition_of(hg: HostGraph, vdev_key: str) -> str | None:
    owners = hg.predecessors(vdev_key, HAS)
    return owners[0] if owners else None


_UNKNOWN = "\x00unknown"


def serving_partition(hg: HostGraph, vdev_key: str) -> str | None:
    """The partition a virtual device is served from, following served-by through drivers.

    Each node's answer is remembered, so answering for every device of a host is O(V+E) even when
    devices are served through long chains of other devices.
    """
    walked: list[str] = []
    seen = set()
    key: str | None = vdev_key
    result: str | None = None
    while key is not None and key not in seen:
        known = hg._serving.get(key, _UNKNOWN)
        if known != _UNKNOWN:
            result = known
            break
        seen.add(key)
        walked.append(key)
        targets = hg.successors(key, SERVED_BY) or hg.successors(key, RUNS_IN)
        if not targets:
            break
        key = targets[0]
        kind = hg.nodes[key]["kind"]
        if kind in (PARTITION, HYPERVISOR, HOST_OS):
            result = key
            break
    for node in walked:
        hg._serving[node] = result
    return result
