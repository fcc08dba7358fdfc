"""HV7006 cluster-passthrough-pins-vm."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, ClusterRule, Violation
from hvcheck.rules.cluster._common import in_member
from hvcheck.rules.context import ClusterContext


class ClusterPassthroughPinsVm(ClusterRule):
    """Expect a VM with a passed-through device to stay on its host.

    Why: a device assigned to a VM (Hyper-V DDA, ESXi DirectPath I/O, Xen `pci=`, VFIO) exists on one
    host only; the VM cannot live-migrate, be saved or follow a failover while it holds it (sources: ms-hyperv-dda). In a cluster that is usually a surprise worth stating: the finding names the VM and
    points at the device in the member's host file.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7006"
    name = "cluster-passthrough-pins-vm"
    default_severity = Severity.WARNING
    architectures = (ALL,)
    sources = ("ms-hyperv-dda",)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        for m in ctx.loaded():
            assert m.context is not None
            for at, part, dev in m.context.virtual_devices(mode="passthrough"):
                yield in_member(
                    m,
                    at,
                    f"cluster '{ctx.cluster.name}': VM '{part.id}' on '{m.host}' holds "
                    f"passed-through device '{dev.backed_by or dev.id}', so it cannot live-migrate "
                    "to another member",
                )
