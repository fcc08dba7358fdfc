"""What the cluster rules share: findings that point into a member's own host file."""

from __future__ import annotations

from hvcheck.findings import Severity
from hvcheck.loader.identity import identity_path
from hvcheck.model.paths import CLUSTER_ROOT, Path
from hvcheck.rules.base import Violation
from hvcheck.rules.context import ClusterMember

MEMBERS = CLUSTER_ROOT / "spec" / "members"


def in_member(
    member: ClusterMember, path: Path, message: str, severity: Severity | None = None
) -> Violation:
    """A violation at ``path`` in the member's own host file."""
    assert member.context is not None
    host = member.context.host
    text = str(path)
    return Violation(
        path,
        message,
        severity=severity,
        file=member.file,
        span=host.source_map.value(text),
        host=member.host,
        subject=identity_path(host.data, text),
    )
