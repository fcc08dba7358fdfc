"""HV7002 cluster-product-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.versions import version_key
from hvcheck.findings import Severity
from hvcheck.model.paths import SPEC
from hvcheck.rules.base import ALL, ClusterRule, Violation
from hvcheck.rules.cluster._common import in_member
from hvcheck.rules.context import ClusterContext


class ClusterProductMismatch(ClusterRule):
    """Run one hypervisor product, at one release, on every member of a cluster.

    Why: virtual machines live-migrate only between hosts of the same product (a VM cannot move
    from ESXi to Hyper-V while running). Different releases of one product are reported as a warning:
    migration usually works only from the older release to the newer one, which is what a rolling
    upgrade does, and not back. The finding points at the member's own host file.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7002"
    name = "cluster-product-mismatch"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        members = ctx.loaded()
        if len(members) < 2:
            return
        first = members[0]
        assert first.context is not None
        ref = first.context.spec.hypervisor
        for m in members[1:]:
            assert m.context is not None
            hv = m.context.spec.hypervisor
            if hv.product != ref.product:
                yield in_member(
                    m,
                    SPEC / "hypervisor" / "product",
                    f"cluster '{ctx.cluster.name}': member '{m.host}' runs '{hv.product}' but "
                    f"'{first.host}' runs '{ref.product}'; VMs cannot live-migrate between products",
                )
            elif hv.version and ref.version and version_key(hv.version) != version_key(ref.version):
                yield in_member(
                    m,
                    SPEC / "hypervisor" / "version",
                    f"cluster '{ctx.cluster.name}': member '{m.host}' runs release "
                    f"'{hv.version}' but '{first.host}' runs '{ref.version}'; live migration works "
                    "only towards the newer release (a rolling upgrade)",
                    severity=Severity.WARNING,
                )
