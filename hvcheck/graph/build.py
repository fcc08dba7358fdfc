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
from typing import Generic, NamedTuple, TypeVar

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


T = TypeVar("T")


class Ref(NamedTuple):
    """An edge seen from one end: the node at the other end and the path of the reference."""

    key: str
    at: Path


def build_graph(host: ParsedHost) -> nx.MultiDiGraph:
    """The dependency graph of ``host``: a networkx ``MultiDiGraph`` (see the module docs)."""
    return _Builder(host).build()


_NOWHERE = Path()
"""The path of an edge no single reference states (host -> device, ...)."""

_new_ref = tuple.__new__
"""``Ref``'s tuple constructor, without the generated ``__new__``'s extra call (hot: two per edge)."""


class _Builder:
    """One host's graph as it is built, with the lookups the builder needs kept at hand (networkx's
    node views are made for users, not for a loop over every reference)."""

    def __init__(self, host: ParsedHost) -> None:
        self.host = host
        self.g = g = nx.MultiDiGraph(
            name=host.name, unresolved=[], duplicates=[], ids={}, refs_out={}
        )
        self.ids: dict[str, tuple[str, Path]] = g.graph["ids"]
        self.refs_out: dict[tuple[str, str], list[Ref]] = g.graph["refs_out"]
        self.unresolved: list[Unresolved] = g.graph["unresolved"]
        self.kinds: dict[str, str] = {}  # node key -> kind
        self.owners: dict[str, object] = {}  # node key -> the model object that owns it
        self.add_edge = g.add_edge

    def node(self, key: str, kind: str, ident: str, label: str, at: Path, obj: object) -> None:
        self.g.add_node(key, kind=kind, id=ident, label=label, at=at, obj=obj)
        self.kinds[key] = kind
        self.owners[key] = obj

    def edge(self, u: str, v: str, kind: str, at: Path | None = None) -> None:
        """Add an edge, and index it by (source node, kind) for :class:`HostGraph`'s lookups (which
        index the other way, by target, only for the kinds a rule asks about)."""
        if at is None:
            self.add_edge(u, v, key=kind)
            at = _NOWHERE
        else:
            self.add_edge(u, v, key=kind, at=at)
        out = self.refs_out.get((u, kind))
        if out is None:
            out = self.refs_out[u, kind] = []
        out.append(_new_ref(Ref, (v, at)))

    def build(self) -> nx.MultiDiGraph:
        host, g, ids = self.host, self.g, self.ids
        spec = host.model.spec
        host_key = node_key(HOST, host.name)
        self.node(host_key, HOST, host.name, host.name, Path("metadata"), host)
        hv = spec.hypervisor
        hv_key = RESERVED_IDS["hypervisor"]
        label = f"{hv.product} {hv.version or ''}".strip()
        self.node(hv_key, HYPERVISOR, "hypervisor", label, SPEC / "hypervisor", hv)
        self.edge(host_key, hv_key, HAS)
        if spec.cpu is not None:
            cpu_label = spec.cpu.model or spec.cpu.vendor
            self.node("cpu:cpu", CPU, "cpu", cpu_label, SPEC / "cpu", spec.cpu)
            self.edge(host_key, "cpu:cpu", HAS)
        if spec.host_os is not None:
            key = RESERVED_IDS["host-os"]
            self.node(key, HOST_OS, "host-os", spec.host_os.name, SPEC / "host_os", spec.host_os)
            self.edge(host_key, key, HAS)

        # Declare every id first, so that references can point forwards.
        duplicates: list[Duplicate] = g.graph["duplicates"]
        for kind, ident, at, obj in _objects(host):
            if ident in ids or ident in RESERVED_IDS:
                first = str(ids[ident][1]) if ident in ids else "(reserved id)"
                duplicates.append(Duplicate(at / _id_field(kind), ident, first))
                continue
            key = f"{kind}:{ident}"
            ids[ident] = (key, at)
            self.node(key, kind, ident, _label(obj, ident), at, obj)
            if kind != VIRTUAL_DEVICE:
                self.edge(host_key, key, HAS)

        parents = [
            p.key
            for p in (self.owned(part.id, part) for part in spec.partitions)
            if p is not None and p.obj.role == "parent"
        ]
        for i, dev in enumerate(spec.devices):
            if dev.physfn is not None:  # an SR-IOV virtual function names its physical function
                at = SPEC / "devices" / i / "physfn"
                self.resolve(dev.physfn, at, (DEVICE,), "a physical device")
        for drv in spec.drivers:
            self.link_driver(drv, parents)
        for part in spec.partitions:
            self.link_partition(part)
        return g

    def resolve(self, ref: str, at: Path, allowed: tuple[str, ...], expected: str) -> str | None:
        """The node ``ref`` names, if it is of an ``allowed`` kind; else None, recorded."""
        if ref in RESERVED_IDS:
            key = RESERVED_IDS[ref]
            kind = key.split(":", 1)[0]
            if kind in allowed and key in self.kinds:
                return key
            if kind in allowed:
                reason = f"'{ref}' is used, but the host describes no host OS (spec.host_os)"
                self.unresolved.append(Unresolved(at, ref, expected, reason=reason))
            else:
                self.unresolved.append(Unresolved(at, ref, expected, wrong_kind=kind))
            return None
        found = self.ids.get(ref)
        if found is None:
            self.unresolved.append(Unresolved(at, ref, expected))
            return None
        key = found[0]
        kind = self.kinds[key]
        if kind not in allowed:
            self.unresolved.append(Unresolved(at, ref, expected, wrong_kind=kind))
            return None
        return key

    def owned(self, ident: str, obj: T) -> _Owned[T] | None:
        """The node and path of ``obj`` when its declaration owns the node of ``ident``; None for a
        duplicate (the first declaration of an id owns its node)."""
        found = self.ids.get(ident)
        if found is None or self.owners[found[0]] is not obj:
            return None
        return _Owned(found[0], found[1], obj)

    def link_driver(self, drv: Driver, parents: list[str]) -> None:
        owned = self.owned(drv.name, drv)
        if owned is None:
            return  # a duplicate name; the first declaration owns the node
        key, at = owned.key, owned.at
        for j, dev in enumerate(drv.drives):
            ref = at / "drives" / j
            device = self.resolve(dev, ref, (DEVICE,), "a physical device")
            if device is not None:
                self.edge(key, device, DRIVES, ref)
        target: str | None = None
        if drv.partition is not None:
            target = self.resolve(drv.partition, at / "partition", (PARTITION,), "a partition")
        # Where the driver runs follows its location; a partition named for a hypervisor or
        # host-OS driver is a contradiction that HV1010 reports, not a place.
        where: str | None = None
        if drv.location == "hypervisor":
            where = RESERVED_IDS["hypervisor"]
        elif drv.location == "host-os":
            where = RESERVED_IDS["host-os"] if RESERVED_IDS["host-os"] in self.kinds else None
        elif drv.partition is not None:
            where = target
        elif drv.location == "parent":
            where = parents[0] if len(parents) == 1 else None
        if where is not None:
            self.edge(key, where, RUNS_IN, at / "location")

    def link_partition(self, part: Partition) -> None:
        owned = self.owned(part.id, part)
        if owned is None:
            return
        pkey, at = owned.key, owned.at
        if part.os is not None:
            okey = f"{GUEST_OS}:{part.id}"
            self.node(okey, GUEST_OS, f"{part.id}/os", part.os.name, at / "os", part.os)
            self.edge(pkey, okey, HAS)
        if part.integration is not None:
            ikey = f"{INTEGRATION}:{part.id}"
            integration = part.integration
            label = "integration components"
            self.node(
                ikey, INTEGRATION, f"{part.id}/integration", label, at / "integration", integration
            )
            self.edge(pkey, ikey, HAS)
        for vdev in part.devices:
            found = self.owned(vdev.id, vdev)
            if found is None:
                continue
            self.edge(pkey, found.key, HAS)
            self.link_virtual_device(vdev, found.at, found.key, pkey)

    def link_virtual_device(self, vdev: VirtualDevice, at: Path, vkey: str, pkey: str) -> None:
        if vdev.served_by is not None:
            ref = at / "served_by"
            target = self.resolve(vdev.served_by, ref, _SERVERS, _SERVERS_WORDS)
            if target is not None:
                self.edge(vkey, target, SERVED_BY, ref)
        if vdev.backed_by is not None:
            ref = at / "backed_by"
            target = self.resolve(
                vdev.backed_by, ref, (DEVICE, VIRTUAL_DEVICE), "a physical or virtual device"
            )
            if target is not None:
                self.edge(vkey, target, BACKED_BY, ref)
                if vdev.mode == "passthrough" and self.kinds[target] == DEVICE:
                    self.edge(target, pkey, ASSIGNED_TO, ref)


_SERVERS = (PARTITION, DRIVER, VIRTUAL_DEVICE, HYPERVISOR, HOST_OS)
_SERVERS_WORDS = "a partition, driver, virtual device, 'hypervisor' or 'host-os'"


class _Owned(NamedTuple, Generic[T]):
    key: str
    at: Path
    obj: T


def _objects(host: ParsedHost) -> Iterator[tuple[str, str, Path, object]]:
    """(kind, id, path, model object) for every object that carries an id, in document order."""
    spec = host.model.spec
    devices = SPEC / "devices"
    for i, dev in enumerate(spec.devices):
        yield DEVICE, dev.id, devices / i, dev
    drivers = SPEC / "drivers"
    for i, drv in enumerate(spec.drivers):
        yield DRIVER, drv.name, drivers / i, drv
    partitions = SPEC / "partitions"
    for i, part in enumerate(spec.partitions):
        at = partitions / i
        yield PARTITION, part.id, at, part
        if part.devices:
            vdevs = at / "devices"
            for j, vdev in enumerate(part.devices):
                yield VIRTUAL_DEVICE, vdev.id, vdevs / j, vdev


def _id_field(kind: str) -> str:
    return "name" if kind == DRIVER else "id"


def _label(obj: object, ident: str) -> str:
    if isinstance(obj, PhysicalDevice):
        return obj.name or ident
    if isinstance(obj, Partition):
        return f"{ident} ({obj.role})"
    return ident
