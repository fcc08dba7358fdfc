"""HV7006 cluster-passthrough-pins-vm."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, ClusterContext, ClusterRule, Violation
from hvcheck.rules.cluster._common import member_span


class ClusterPassthroughPinsVm(ClusterRule):
    """Expect a VM with a passed-through device to stay on its host.

    Why: a device assigned to a VM (Hyper-V DDA, ESXi DirectPath I/O, Xen `pci=`, VFIO) exists on one
    host only; the VM cannot live-migrate, be saved or follow a failover while it holds it (reference
    §1.7, §2.5). In a cluster that is usually a surprise worth stating: the finding names the VM and
    points at the device in the member's host file.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7006"
    name = "cluster-passthrough-pins-vm"
    default_severity = Severity.WARNING
    families = (ALL,)
    sources = ("ms-hyperv-dda",)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        for m in ctx.loaded():
            assert m.context is not None
            for i, part in enumerate(m.context.spec.partitions):
                for j, dev in enumerate(part.devices):
                    if dev.mode != "passthrough":
                        continue
                    path = f"spec.partitions[{i}].devices[{j}]"
                    yield Violation(
                        path,
                        f"cluster '{ctx.cluster.name}': VM '{part.id}' on '{m.host}' holds "
                        f"passed-through device '{dev.backed_by or dev.id}', so it cannot live-migrate "
                        "to another member",
                        file=m.file,
                        span=member_span(m, path),
                        host=m.host,
                    )
