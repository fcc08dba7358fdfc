"""HV7005 cluster-shared-driver-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.paths import CLUSTER_ROOT
from hvcheck.rules.base import ALL, ClusterRule, Unknown, Violation
from hvcheck.rules.context import ClusterContext


class ClusterSharedDriverMismatch(ClusterRule):
    """Reach each shared network and storage through the same driver and version on every member.

    Why: a migrating VM keeps its network and its disks; the members must reach them the same way.
    A member missing from a shared network or storage, or naming a device it does not have, is an
    error. Different drivers (or versions) for the same shared resource are a warning: behaviour,
    offloads and multipathing differ, which is where migrations and failovers break.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7005"
    name = "cluster-shared-driver-mismatch"
    default_severity = Severity.WARNING
    architectures = (ALL,)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        spec = ctx.cluster.model.spec
        loaded = {m.host: m for m in ctx.loaded()}
        for section, items in (("networks", spec.networks), ("storage", spec.storage)):
            for i, shared in enumerate(items):
                at = CLUSTER_ROOT / "spec" / section / i / "devices"
                drivers: dict[str, tuple[str, object]] = {}
                for member in ctx.members:
                    if member.host not in shared.devices:
                        yield Unknown(
                            at,
                            f"member '{member.host}' does not say how it reaches '{shared.name}', "
                            "so its driver could not be compared",
                        )
                for host, dev in shared.devices.items():
                    path = at / host
                    m = loaded.get(host)
                    if m is None or m.context is None:
                        continue
                    g = m.context.graph
                    key = g.key_of(dev, "device")
                    if key is None:
                        yield Violation(
                            path,
                            f"member '{host}' has no physical device '{dev}'",
                            severity=Severity.ERROR,
                        )
                        continue
                    names = sorted(
                        f"{g.obj(ref.key).name} {g.obj(ref.key).version or ''}".strip()
                        for ref in g.drivers_of(key)
                    )
                    drivers[host] = (", ".join(names) or "no driver", path)
                distinct = {d for d, _ in drivers.values()}
                if len(distinct) > 1:
                    listing = "; ".join(f"{h}: {d}" for h, (d, _) in sorted(drivers.items()))
                    last = sorted(drivers.items())[-1][1][1]
                    yield Violation(
                        str(last),
                        f"'{shared.name}' is reached through different drivers ({listing})",
                    )
