"""HV7001 cluster-member-unresolved."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, ClusterRule, Violation
from hvcheck.rules.cluster._common import MEMBERS
from hvcheck.rules.context import ClusterContext


class ClusterMemberUnresolved(ClusterRule):
    """Point every cluster member at a readable host file that describes that host.

    Why: the cluster checks compare the members' products, processors and drivers. A member whose
    file is missing, does not parse, or describes no host of that name cannot be compared, and the
    cluster cannot be judged safe for live migration. Member files are relative to the cluster file.

    Example (`examples/fleet/` has the files): a cluster naming `hosts/hv03.yaml`, which does not
    exist, fails; naming the existing member files passes. Cluster documents need files beside them,
    so this rule's examples live in `examples/fleet/` and `tests/rules/test_cluster.py` rather than
    in this docstring.
    """

    code = "HV7001"
    name = "cluster-member-unresolved"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        for member in ctx.members:
            if member.problem is not None:
                yield Violation(
                    MEMBERS / member.index / "file",
                    f"member '{member.host}' cannot be checked: {member.problem}",
                )
