"""HV7003 cluster-cpu-vendor-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.paths import SPEC
from hvcheck.rules.base import ALL, ClusterRule, Unknown, Violation
from hvcheck.rules.cluster._common import MEMBERS, in_member
from hvcheck.rules.context import ClusterContext


class ClusterCpuVendorMismatch(ClusterRule):
    """Use processors of one vendor on every member of a cluster.

    Why: a running VM cannot move between Intel and AMD processors; no compatibility mode (EVC,
    Hyper-V processor compatibility) bridges vendors, because the instruction-set extensions and
    virtualization features differ. A member whose CPU is not described is reported as unknown.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7003"
    name = "cluster-cpu-vendor-mismatch"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("vmware-evc",)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        vendors: dict[str, str] = {}
        for m in ctx.loaded():
            assert m.context is not None
            cpu = m.context.spec.cpu
            if cpu is None:
                yield Unknown(
                    MEMBERS / m.index,
                    f"member '{m.host}' does not describe its CPU; whether VMs can migrate to it is "
                    "unknown",
                )
                continue
            if vendors and cpu.vendor not in vendors:
                first_vendor, first_host = next(iter(vendors.items()))
                yield in_member(
                    m,
                    SPEC / "cpu" / "vendor",
                    f"cluster '{ctx.cluster.name}': member '{m.host}' has {cpu.vendor} processors "
                    f"but '{first_host}' has {first_vendor}; VMs cannot live-migrate between CPU "
                    "vendors",
                )
            vendors.setdefault(cpu.vendor, m.host)
