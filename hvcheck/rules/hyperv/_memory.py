"""What the two guest-memory rules (HV4311, HV4312) share: the values a VM states, and the
catalog's memory requirement of its guest OS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hvcheck.catalog.hyperv import MemoryValues
from hvcheck.model.host import Partition
from hvcheck.model.paths import Path
from hvcheck.rules._messages import guest_label
from hvcheck.rules.base import Violation
from hvcheck.rules.context import HostContext


@dataclass(frozen=True)
class Shortfall:
    """One stated memory value below what the guest OS needs."""

    at: Path
    what: str
    value: int
    needed: int


def startup_memory(part: Partition, at: Path) -> tuple[int, Path] | None:
    """The VM's startup memory and where it is stated (Dynamic Memory's startup value first)."""
    dm = part.dynamic_memory
    if dm is not None and dm.enabled and dm.startup_mb is not None:
        return dm.startup_mb, at / "dynamic_memory" / "startup_mb"
    if part.memory_mb is not None:
        return part.memory_mb, at / "memory_mb"
    return None


def shortfalls(
    part: Partition, at: Path, static: int | None, dynamic: MemoryValues | None
) -> list[Shortfall]:
    """The stated values below ``static`` (startup memory) or the Dynamic Memory values."""
    found: list[Shortfall] = []
    start = startup_memory(part, at)
    if static is not None and start is not None and start[0] < static:
        found.append(Shortfall(start[1], "startup memory", start[0], static))
    dm = part.dynamic_memory
    if dynamic is None or dm is None or not dm.enabled:
        return found
    base = at / "dynamic_memory"
    for name, value, needed in (
        ("min_mb", dm.min_mb, dynamic.min_mb),
        ("startup_mb", dm.startup_mb, dynamic.startup_mb),
        ("max_mb", dm.max_mb, dynamic.max_mb),
    ):
        if value is None or needed is None or value >= needed:
            continue
        path = base / name
        if any(f.at == path for f in found):
            continue
        what = {"min_mb": "minimum", "startup_mb": "startup", "max_mb": "maximum"}[name]
        found.append(Shortfall(path, f"Dynamic Memory {what}", value, needed))
    return found


def memory_findings(ctx: HostContext, recommended: bool) -> Iterator[Violation]:
    """HV4311 (``recommended`` False: below the minimum) or HV4312 (below the recommendation but
    not below the minimum)."""
    hv = ctx.catalog.hyperv
    pid = ctx.product_id
    for at, part in ctx.partitions("child"):
        if part.os is None:
            continue
        req = hv.memory_requirement(pid, part.os)
        if req is None:
            continue
        minimum = shortfalls(part, at, req.min_memory_mb, req.dynamic_memory_min)
        if not recommended:
            found = minimum
        else:
            below_min = {f.at for f in minimum}
            found = [
                f
                for f in shortfalls(
                    part, at, req.recommended_memory_mb, req.dynamic_memory_recommended
                )
                if f.at not in below_min
            ]
        guest = guest_label(part)
        word = "recommends" if recommended else "needs at least"
        for f in found:
            yield Violation(
                f.at,
                f"VM '{part.id}' gives {guest} {f.value} MB of {f.what}; {guest} {word} "
                f"{f.needed} MB (Hyper-V Best Practices Analyzer)",
            )
