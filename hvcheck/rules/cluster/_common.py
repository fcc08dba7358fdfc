"""Shared pieces of the cluster rules: the example cluster used in their docs, and member locations."""

from __future__ import annotations

from hvcheck.findings import Span
from hvcheck.rules.base import ClusterMember


def member_span(member: ClusterMember, path: str) -> Span:
    """Where ``path`` is written in the member's own host file."""
    assert member.context is not None
    return member.context.host.source_map.value(path)
