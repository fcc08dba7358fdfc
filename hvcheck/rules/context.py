"""What a rule may read about one host (or one cluster), and the questions it may ask.

Subject iterators yield each subject with its typed :class:`~hvcheck.model.paths.Path`, so a rule
body is the predicate and the message::

    for at, part, dev in ctx.virtual_devices(mode="synthetic", role="child"):
        if ctx.enlightenment(part).state == "not-enlightened":
            yield Violation(at / "model", f"synthetic device '{dev.id}' needs ...")

Subjects come from the dependency graph in document order, one per declared id (a second
declaration of an id is reported by HV1001 and not visited again).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeVar, cast

from hvcheck.catalog import Catalog, DeviceModel, Product
from hvcheck.catalog.models import GuestSupport
from hvcheck.catalog.release_facts import MachineFamily
from hvcheck.graph import VIRTUAL_DEVICE, HostGraph, build_graph
from hvcheck.model import ParsedCluster, ParsedHost
from hvcheck.model.host import Driver, HostSpec, Partition, PhysicalDevice, VirtualDevice
from hvcheck.model.paths import SPEC, Path

T = TypeVar("T")


@dataclass(frozen=True)
class Enlightenment:
    """Whether a partition's guest has integration components, and how we know."""

    state: Literal["enlightened", "not-enlightened", "unknown"]
    reason: str
    support: GuestSupport | None = None
    stated: bool = False
    """True when ``integration.present`` says so; False when derived from the catalog."""


@dataclass
class HostContext:
    """Everything a rule may read about one host."""

    host: ParsedHost
    graph: HostGraph
    catalog: Catalog
    product: Product | None
    architecture: str | None
    _memo: dict[Hashable, Any] = field(default_factory=dict)
    _models: dict[str, DeviceModel | None] = field(default_factory=dict)
    product_id: str = field(init=False)
    """The product's catalog id ("" when the product is not in the catalogs)."""

    def __post_init__(self) -> None:
        self.product_id = self.product.id if self.product is not None else ""

    @classmethod
    def of(cls, parsed: ParsedHost, catalog: Catalog) -> HostContext:
        """The rules' view of one host: its graph, its product and architecture, the catalogs."""
        product = catalog.product(parsed.model.spec.hypervisor.product)
        architecture = product.architecture if product is not None else None
        return cls(parsed, HostGraph(build_graph(parsed)), catalog, product, architecture)

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per host: an analysis several rules or loops share."""
        if key in self._memo:
            return cast(T, self._memo[key])
        value = self._memo[key] = make()
        return value

    # -- the host --------------------------------------------------------------------------------

    @property
    def spec(self) -> HostSpec:
        return self.host.model.spec

    @property
    def at(self) -> Path:
        """``spec``: the root of every path a rule reports."""
        return SPEC

    def has_trait(self, trait: str) -> bool:
        """True if the host's product has ``trait`` in the products catalog (``vmbus``, ...)."""
        return self.product is not None and trait in self.product.traits

    @property
    def release(self) -> str | None:
        """The product release the host states (``spec.hypervisor.version``), or None."""
        return self.spec.hypervisor.version

    def host_label(self) -> str:
        """'Microsoft Hyper-V 2022', or 'Microsoft Hyper-V (release not stated)'."""
        name = self.product.name if self.product is not None else self.spec.hypervisor.product
        return f"{name} {self.release}" if self.release else f"{name} (release not stated)"

    # -- subjects --------------------------------------------------------------------------------

    @cached_property
    def _partitions(self) -> list[tuple[Path, Partition]]:
        return [(node.at, node.obj) for node in self.graph.partitions()]

    def partitions(self, *roles: str) -> Iterator[tuple[Path, Partition]]:
        """Partitions (of the given roles), with their paths, in document order."""
        if not roles:
            return iter(self._partitions)
        return ((at, part) for at, part in self._partitions if part.role in roles)

    @cached_property
    def _placed(self) -> list[tuple[Path, Partition, VirtualDevice]]:
        """Every virtual device that belongs to a partition, with its path and its partition."""
        graph = self.graph
        placed = []
        for part in graph.partitions():  # each one's devices in order: document order in all
            for ref in graph.contents(part.key):
                if graph.kind(ref.key) == VIRTUAL_DEVICE:
                    placed.append((graph.at(ref.key), part.obj, graph.obj(ref.key)))
        return placed

    @cached_property
    def _by_partition(self) -> dict[int, list[tuple[Path, VirtualDevice]]]:
        index: dict[int, list[tuple[Path, VirtualDevice]]] = {}
        for at, part, dev in self._placed:
            index.setdefault(id(part), []).append((at, dev))
        return index

    def virtual_devices(
        self,
        *,
        mode: str | tuple[str, ...] | None = None,
        role: str | tuple[str, ...] | None = None,
        kind: str | tuple[str, ...] | None = None,
    ) -> Iterator[tuple[Path, Partition, VirtualDevice]]:
        """Virtual devices (filtered by mode, by their partition's role and by kind), each with its
        path and its partition, in document order."""
        modes, roles, kinds = _choice(mode), _choice(role), _choice(kind)
        if not (modes or roles or kinds):
            return iter(self._placed)
        return (
            (at, part, dev)
            for at, part, dev in self._placed
            if not (modes and dev.mode not in modes)
            and not (kinds and dev.kind not in kinds)
            and not (roles and part.role not in roles)
        )

    def devices_of(self, part: Partition) -> Iterator[tuple[Path, VirtualDevice]]:
        """One partition's virtual devices with their paths."""
        return iter(self._by_partition.get(id(part), ()))

    def devices(self, *classes: str) -> Iterator[tuple[Path, PhysicalDevice]]:
        """Physical devices (of the given classes), with their paths, in document order."""
        for node in self.graph.devices():
            dev: PhysicalDevice = node.obj
            if not classes or dev.device_class in classes:
                yield node.at, dev

    def drivers(self, *locations: str) -> Iterator[tuple[Path, Driver]]:
        """Drivers (at the given locations), with their paths, in document order."""
        for node in self.graph.drivers():
            drv: Driver = node.obj
            if not locations or drv.location in locations:
                yield node.at, drv

    def device_by_id(self, ident: str) -> PhysicalDevice | None:
        key = self.graph.key_of(ident, "device")
        return None if key is None else cast(PhysicalDevice, self.graph.obj(key))

    def virtual_device_by_id(self, ident: str) -> VirtualDevice | None:
        key = self.graph.key_of(ident, "virtual-device")
        return None if key is None else cast(VirtualDevice, self.graph.obj(key))

    # -- catalog answers ---------------------------------------------------------------------------

    def model_of(self, dev: VirtualDevice) -> DeviceModel | None:
        """The catalog's device model for a virtual device on this product (aliases resolved)."""
        name = dev.model
        try:
            return self._models[name]
        except KeyError:  # once per model name and host
            found = self._models[name] = self.catalog.device_model(name, self.product_id or None)
            return found

    def canonical_model(self, dev: VirtualDevice) -> str:
        """The catalog id of a device's model (aliases resolved), or the model as written."""
        model = self.model_of(dev)
        return model.id if model is not None else dev.model

    def machine_family(self, part: Partition) -> MachineFamily | None:
        """The QEMU machine-type family of the partition's ``machine`` (``machine_families`` in
        the catalogs), or None when it is not stated or no family matches it."""
        if part.machine is None:
            return None
        return self.catalog.release_facts.machine_family(self.product_id, part.machine)

    def guest_support(self, part: Partition) -> GuestSupport | None:
        """The guest-support catalog's entry for the partition's OS on this product."""
        if part.os is None:
            return None
        return self.catalog.guest_support_for(self.product_id, part.os)  # remembered there

    def enlightenment(self, part: Partition) -> Enlightenment:
        """Whether a partition's guest is enlightened: ``integration.present`` when stated, else
        the guest-support catalog; unknown when neither says."""
        return self.cached(("enlightenment", id(part)), lambda: self._enlightenment(part))

    def _enlightenment(self, part: Partition) -> Enlightenment:
        support = self.guest_support(part)
        stated = part.integration.present if part.integration is not None else None
        if stated is True:
            return Enlightenment("enlightened", "integration.present is true", support, True)
        if stated is False:
            return Enlightenment("not-enlightened", "integration.present is false", support, True)
        if support is None:
            what = f"'{part.os.name}'" if part.os else "an undescribed OS"
            return Enlightenment("unknown", f"the catalog does not list {what}", None)
        if support.integration == "built-in":
            return Enlightenment("enlightened", "integration components are built in", support)
        if support.integration == "none":
            return Enlightenment(
                "not-enlightened", "no integration components exist for this guest", support
            )
        return Enlightenment(
            "unknown",
            "integration components must be installed for this guest, and whether they are is "
            "not stated (integration.present)",
            support,
        )


def _choice(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


@dataclass
class ClusterMember:
    """One member of a cluster, loaded from its own file (or the reason it could not be)."""

    index: int
    host: str
    file: str
    context: HostContext | None = None
    problem: str | None = None


@dataclass
class ClusterContext:
    """Everything a cluster rule may read: the cluster document and its loaded members."""

    cluster: ParsedCluster
    members: list[ClusterMember]
    catalog: Catalog

    def loaded(self) -> list[ClusterMember]:
        return [m for m in self.members if m.context is not None]
