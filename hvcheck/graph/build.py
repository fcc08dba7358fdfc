"""Build the dependency graph of one host as a ``networkx.MultiDiGraph``.

Nodes are keyed ``<kind>:<id>`` (``device:nic0``, ``driver:ixgben``, ``partition:root``) and carry
``kind``, ``id``, ``label``, ``at`` (the :class:`~hvcheck.model.paths.Path` of the declaration) and
``obj`` (the model object itself: a ``PhysicalDevice``, ``Driver``, ``Partition``,
``VirtualDevice``, ``GuestOS`` ...). Edges are keyed by their kind (drives, runs-in, has,
served-by, backed-by, assigned-to) and carry ``at``, the path of the reference that made them.

Nodes are added in document order, so iterating the graph visits objects as the file lists them.
References that do not resolve, and ids declared twice, are recorded in ``graph.graph``
(``unresolved``, ``duplicates``) for the rules to report; nothing here raises on bad input. Rules read the graph through the typed questions of
:class:`hvcheck.graph.query.HostGraph`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple, cast

import networkx as nx

from hvcheck.model import ParsedHost
from hvcheck.model.host import Driver, Partition, PhysicalDevice, VirtualDevice
from hvcheck.model.paths import SPEC, Path

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

    at: Path
    ref: str
    expected: str
    wrong_kind: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Duplicate:
    """An id declared twice; ``first`` is the path of the first declaration."""

    at: Path
    ident: str
    first: str


class Ref(NamedTuple):
    """An edge seen from one end: the node at the other end and the path of the reference."""

    key: str
    at: Path


def _objects(host: ParsedHost) -> Iterator[tuple[str, str, Path, object]]:
    """(kind, id, path, model object) for every object that carries an id, in document order."""
    spec = host.model.spec
    for i, dev in enumerate(spec.devices):
        yield DEVICE, dev.id, SPEC / "devices" / i, dev
    for i, drv in enumerate(spec.drivers):
        yield DRIVER, drv.name, SPEC / "drivers" / i, drv
    for i, part in enumerate(spec.partitions):
        at = SPEC / "partitions" / i
        yield PARTITION, part.id, at, part
        for j, vdev in enumerate(part.devices):
            yield VIRTUAL_DEVICE, vdev.id, at / "devices" / j, vdev


def build_graph(host: ParsedHost) -> nx.MultiDiGraph:
    """The dependency graph of ``host``: a networkx ``MultiDiGraph`` (see the module docs)."""
    g = nx.MultiDiGraph(
        name=host.name, unresolved=[], duplicates=[], ids={}, refs_out={}, refs_in={}
    )
    ids: dict[str, tuple[str, Path]] = g.graph["ids"]
    spec = host.model.spec
    host_key = node_key(HOST, host.name)
    root = SPEC
    g.add_node(host_key, kind=HOST, id=host.name, label=host.name, at=Path("metadata"), obj=host)
    hv = spec.hypervisor
    hv_key = RESERVED_IDS["hypervisor"]
    label = f"{hv.product} {hv.version or ''}".strip()
    g.add_node(
        hv_key, kind=HYPERVISOR, id="hypervisor", label=label, at=root / "hypervisor", obj=hv
    )
    _edge(g, host_key, hv_key, HAS)
    if spec.cpu is not None:
        cpu_label = spec.cpu.model or spec.cpu.vendor
        g.add_node("cpu:cpu", kind=CPU, id="cpu", label=cpu_label, at=root / "cpu", obj=spec.cpu)
        _edge(g, host_key, "cpu:cpu", HAS)
    if spec.host_os is not None:
        key = RESERVED_IDS["host-os"]
        os_label = spec.host_os.name
        g.add_node(
            key, kind=HOST_OS, id="host-os", label=os_label, at=root / "host_os", obj=spec.host_os
        )
        _edge(g, host_key, key, HAS)

    # Declare every id first, so that references can point forwards.
    for kind, ident, at, obj in _objects(host):
        if ident in ids or ident in RESERVED_IDS:
            first = str(ids[ident][1]) if ident in ids else "(reserved id)"
            g.graph["duplicates"].append(Duplicate(at / _id_field(kind), ident, first))
            continue
        key = node_key(kind, ident)
        ids[ident] = (key, at)
        g.add_node(key, kind=kind, id=ident, label=_label(obj, ident), at=at, obj=obj)
        if kind in (DEVICE, DRIVER, PARTITION):
            _edge(g, host_key, key, HAS)

    parents = [
        k for k, d in g.nodes(data=True) if d["kind"] == PARTITION and d["obj"].role == "parent"
    ]
    for i, dev in enumerate(spec.devices):
        if dev.physfn is not None:  # an SR-IOV virtual function names its physical function
            _resolve(g, dev.physfn, SPEC / "devices" / i / "physfn", (DEVICE,), "a physical device")
    for drv in spec.drivers:
        _link_driver(g, drv, parents)
    for part in spec.partitions:
        _link_partition(g, part)
    return g


_NOWHERE = Path()
"""The path of an edge no single reference states (host -> device, ...)."""


def _edge(g: nx.MultiDiGraph, u: str, v: str, kind: str, at: Path | None = None) -> None:
    """Add an edge, and index it by (node, kind) both ways for :class:`HostGraph`'s lookups."""
    if at is None:
        g.add_edge(u, v, key=kind)
        at = _NOWHERE
    else:
        g.add_edge(u, v, key=kind, at=at)
    graph = g.graph
    graph["refs_out"].setdefault((u, kind), []).append(Ref(v, at))
    graph["refs_in"].setdefault((v, kind), []).append(Ref(u, at))


def _id_field(kind: str) -> str:
    return "name" if kind == DRIVER else "id"


def _label(obj: object, ident: str) -> str:
    if isinstance(obj, PhysicalDevice):
        return obj.name or ident
    if isinstance(obj, Partition):
        return f"{ident} ({obj.role})"
    return ident


def _resolve(
    g: nx.MultiDiGraph, ref: str, at: Path, allowed: tuple[str, ...], expected: str
) -> str | None:
    unresolved: list[Unresolved] = g.graph["unresolved"]
    if ref in RESERVED_IDS:
        key = RESERVED_IDS[ref]
        kind = key.split(":", 1)[0]
        if kind in allowed and key in g:
            return key
        if kind in allowed:
            reason = f"'{ref}' is used, but the host describes no host OS (spec.host_os)"
            unresolved.append(Unresolved(at, ref, expected, reason=reason))
        else:
            unresolved.append(Unresolved(at, ref, expected, wrong_kind=kind))
        return None
    found = g.graph["ids"].get(ref)
    if found is None:
        unresolved.append(Unresolved(at, ref, expected))
        return None
    key = found[0]
    kind = g.nodes[key]["kind"]
    if kind not in allowed:
        unresolved.append(Unresolved(at, ref, expected, wrong_kind=kind))
        return None
    return str(key)


def _owned(g: nx.MultiDiGraph, ident: str, obj: object) -> Path | None:
    """The path of ``obj`` when its declaration owns the node of ``ident``; None for a duplicate
    (the first declaration of an id owns its node)."""
    found = g.graph["ids"].get(ident)
    if found is None:
        return None
    data = g.nodes[found[0]]
    return cast(Path, data["at"]) if data["obj"] is obj else None


def _link_driver(g: nx.MultiDiGraph, drv: Driver, parents: list[str]) -> None:
    at = _owned(g, drv.name, drv)
    if at is None:
        return  # a duplicate name; the first declaration owns the node
    key = node_key(DRIVER, drv.name)
    for j, dev in enumerate(drv.drives):
        ref = at / "drives" / j
        device = _resolve(g, dev, ref, (DEVICE,), "a physical device")
        if device is not None:
            _edge(g, key, device, DRIVES, ref)
    target: str | None = None
    if drv.partition is not None:
        target = _resolve(g, drv.partition, at / "partition", (PARTITION,), "a partition")
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
        _edge(g, key, where, RUNS_IN, at / "location")


def _link_partition(g: nx.MultiDiGraph, part: Partition) -> None:
    at = _owned(g, part.id, part)
    if at is None:
        return
    pkey = node_key(PARTITION, part.id)
    if part.os is not None:
        okey = node_key(GUEST_OS, part.id)
        g.add_node(
            okey, kind=GUEST_OS, id=f"{part.id}/os", label=part.os.name, at=at / "os", obj=part.os
        )
        _edge(g, pkey, okey, HAS)
    if part.integration is not None:
        ikey = node_key(INTEGRATION, part.id)
        g.add_node(
            ikey,
            kind=INTEGRATION,
            id=f"{part.id}/integration",
            label="integration components",
            at=at / "integration",
            obj=part.integration,
        )
        _edge(g, pkey, ikey, HAS)
    for vdev in part.devices:
        vat = _owned(g, vdev.id, vdev)
        if vat is None:
            continue
        vkey = node_key(VIRTUAL_DEVICE, vdev.id)
        _edge(g, pkey, vkey, HAS)
        _link_virtual_device(g, vdev, vat, vkey, pkey)


def _link_virtual_device(
    g: nx.MultiDiGraph, vdev: VirtualDevice, at: Path, vkey: str, pkey: str
) -> None:
    if vdev.served_by is not None:
        target = _resolve(
            g,
            vdev.served_by,
            at / "served_by",
            (PARTITION, DRIVER, VIRTUAL_DEVICE, HYPERVISOR, HOST_OS),
            "a partition, driver, virtual device, 'hypervisor' or 'host-os'",
        )
        if target is not None:
            _edge(g, vkey, target, SERVED_BY, at / "served_by")
    if vdev.backed_by is not None:
        ref = at / "backed_by"
        target = _resolve(
            g, vdev.backed_by, ref, (DEVICE, VIRTUAL_DEVICE), "a physical or virtual device"
        )
        if target is not None:
            _edge(g, vkey, target, BACKED_BY, ref)
            if vdev.mode == "passthrough" and g.nodes[target]["kind"] == DEVICE:
                _edge(g, target, pkey, ASSIGNED_TO, ref)
