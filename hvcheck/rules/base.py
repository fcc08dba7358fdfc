"""What a rule is: metadata as class attributes, documentation in the docstring, a pure ``check``.

A rule receives a :class:`HostContext` (the validated model, its graph, the catalogs) and yields
:class:`Violation` objects that point at the most specific logical path. The engine, not the rule,
stamps the code, name, severity and source position on each finding.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, cast

from hvcheck.catalog import Catalog, Product
from hvcheck.catalog.models import GuestSupport
from hvcheck.findings import Severity, Span
from hvcheck.graph import HostGraph
from hvcheck.model import ParsedCluster, ParsedHost
from hvcheck.model.host import HostSpec, Partition

T = TypeVar("T")

ALL = "all"
HYBRID = "hybrid-vmm"
MONOLITHIC = "type1-monolithic"
MICROKERNEL = "type1-microkernel"
HOSTED = "hosted-kernel"
FAMILIES = (HYBRID, MONOLITHIC, MICROKERNEL, HOSTED)


@dataclass(frozen=True)
class Violation:
    """One problem a rule found: where (a logical path) and why.

    Cluster rules may point into a member's host file instead of the cluster file: they set ``file``
    and ``span`` (and ``host``) to the member's location.
    """

    path: str
    message: str
    at: Literal["key", "value"] = "value"
    severity: Severity | None = None
    file: str | None = None
    span: Span | None = None
    host: str | None = None


@dataclass(frozen=True)
class Enlightenment:
    """Whether a partition's guest has integration components, and how we know."""

    state: Literal["enlightened", "not-enlightened", "unknown"]
    reason: str
    support: GuestSupport | None = None


@dataclass
class HostContext:
    """Everything a rule may read about one host."""

    host: ParsedHost
    graph: HostGraph
    catalog: Catalog
    product: Product | None
    architecture: str | None
    _enlightenment: dict[str, Enlightenment] = field(default_factory=dict)
    _support: dict[tuple[str, str, str, str | None], GuestSupport | None] = field(
        default_factory=dict
    )
    _memo: dict[Hashable, Any] = field(default_factory=dict)

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per host: for an index that several rules or loops share
        (so that, say, finding a device by id is a lookup rather than a scan of every device)."""
        if key in self._memo:
            return cast(T, self._memo[key])
        value = self._memo[key] = make()
        return value

    @property
    def spec(self) -> HostSpec:
        return self.host.model.spec

    def partitions(self, *roles: str) -> Iterator[tuple[int, Partition]]:
        for i, part in enumerate(self.spec.partitions):
            if not roles or part.role in roles:
                yield i, part

    def enlightenment(self, part: Partition) -> Enlightenment:
        """Derive enlightenment from ``integration.present`` and the guest-support catalog."""
        cached = self._enlightenment.get(part.id)
        if cached is not None:
            return cached
        result = self._derive_enlightenment(part)
        self._enlightenment[part.id] = result
        return result

    def _derive_enlightenment(self, part: Partition) -> Enlightenment:
        product = self.product.id if self.product else ""
        support = None
        if part.os is not None:  # one catalog search per distinct OS, not per partition
            key = (product, part.os.family, part.os.name, part.os.version)
            if key in self._support:
                support = self._support[key]
            else:
                support = self._support[key] = self.catalog.guest_support_for(product, part.os)
        stated = part.integration.present if part.integration is not None else None
        if stated is True:
            return Enlightenment("enlightened", "integration.present is true", support)
        if stated is False:
            return Enlightenment("not-enlightened", "integration.present is false", support)
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
            "not-enlightened", "integration components must be installed for this guest", support
        )


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity]
    families: ClassVar[tuple[str, ...]]
    products: ClassVar[tuple[str, ...]] = ()
    sources: ClassVar[tuple[str, ...]] = ()
    input_check: ClassVar[bool] = False
    """True for checks the loader or validator perform; their module only documents them."""
    suppressible: ClassVar[bool] = True
    """False for rules no suppression may silence (input checks never can be)."""

    def applies_to(self, ctx: HostContext) -> bool:
        if self.input_check:
            return False
        if ALL not in self.families and ctx.architecture not in self.families:
            return False
        return not self.products or (ctx.product is not None and ctx.product.id in self.products)

    def check(self, ctx: HostContext) -> Iterable[Violation]:
        return ()

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.doc() else ""

    @classmethod
    def examples(cls) -> dict[str, list[str]]:
        """The YAML blocks under the docstring's **Fail** and **Pass** headings."""
        out: dict[str, list[str]] = {"fail": [], "pass": []}
        section = ""
        for part in re.split(r"(^```yaml\n.*?^```$)", cls.doc(), flags=re.S | re.M):
            if part.startswith("```yaml"):
                if section in out:
                    out[section].append(part[len("```yaml\n") : -3])
                continue
            for line in part.splitlines():
                heading = line.strip().rstrip(":").lower()
                if heading in ("fail", "pass"):
                    section = heading
        return out


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


class ClusterRule(Rule):
    """A rule over a ``kind: Cluster`` document and its member hosts."""

    def applies_to(self, ctx: HostContext) -> bool:
        return False  # never run on a single host

    def check_cluster(self, ctx: ClusterContext) -> Iterable[Violation]:
        return ()
