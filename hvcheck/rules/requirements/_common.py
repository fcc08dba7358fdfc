"""What the host-requirement rules share: the requirements in effect, and facts the host left out.

Each rule here implements ``assess``, which yields :class:`Violation` objects for requirements the host
fails and :class:`UnstatedFact` objects for facts a requirement needs but the host omits. ``check`` keeps
the violations; HV1102 (unknown-host-facts) gathers the unstated facts of every rule into one unknown finding
per host, so a host that leaves five CPU features out hears about it once, not five times.

What counts as unknown: a fact inside a part of the host the description covers (``spec.cpu`` without
``features.nx_enabled``, ``spec.boot_device`` without ``size_gb``, ``spec.kvm`` without
``dev_net_tun``, a Windows 11 guest without ``generation``). A part the description leaves out
entirely (no ``spec.cpu``, no ``memory_gb``, no ``boot_device``, no ``spec.kvm``) is out of its scope
and is not reported, and neither is an unstated NIC speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hvcheck.catalog.release_lookup import requirements_for
from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.model.host import Partition
from hvcheck.model.paths import Path
from hvcheck.rules._messages import join
from hvcheck.rules.base import Rule, Violation
from hvcheck.rules.context import HostContext


@dataclass(frozen=True)
class UnstatedFact:
    """A fact a requirement needs that the host does not state."""

    fact: Path  # e.g. spec.cpu.features.nx_enabled
    what: str  # what it is, e.g. "NX/XD enabled in firmware"

    @property
    def name(self) -> str:
        """The fact below ``spec``, as the user would write it: ``cpu.features.nx_enabled``."""
        return self.fact.text.removeprefix("spec.")


def host_requirements(ctx: HostContext) -> tuple[ReleaseMatch, Requirements] | None:
    """The host's release and the requirements in effect, or None for an unknown product."""
    product = ctx.product
    if product is None:
        return None
    return ctx.cached(
        "host-requirements",
        lambda: requirements_for(ctx.catalog, product.id, product.name, ctx.release),
    )


class RequirementRule(Rule):
    """A rule that checks one kind of catalog host requirement."""

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterable[Violation | UnstatedFact]:
        return ()

    def outcomes(self, ctx: HostContext) -> list[Violation | UnstatedFact]:
        """What ``assess`` says about the host, computed once per host (HV1102 reads it too)."""

        def run() -> list[Violation | UnstatedFact]:
            found = host_requirements(ctx)
            return [] if found is None else list(self.assess(ctx, *found))

        return ctx.cached(("requirement-outcomes", self.code), run)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for item in self.outcomes(ctx):
            if isinstance(item, Violation):
                yield item


def quoted(names: Iterable[str]) -> str:
    """ "'a', 'b' and 'c'"."""
    return join([f"'{n}'" for n in names])


def is_64_bit(part: Partition) -> bool | None:
    """Whether the partition's guest OS is 64-bit (None when its arch is not stated)."""
    if part.os is None or part.os.arch is None:
        return None
    return part.os.arch in ("x64", "arm64")


def feature_state(
    present: bool | None, enabled: bool | None
) -> str:  # "absent" | "disabled" | "ok" | "unknown"
    """Combine a CPU feature's presence and its firmware switch."""
    if present is False:
        return "absent"
    if enabled is False:
        return "disabled"
    if enabled is True:
        return "ok"
    return "unknown"


def verb(need: str) -> str:
    """'requires' or 'recommends', for a requirement's need."""
    return "recommends" if need == "recommended" else "requires"
