"""Helpers the Hyper-V rules share: where a virtual device is served from, and how to say so."""

from __future__ import annotations

from hvcheck.graph import (
    DRIVER,
    HOST_OS,
    HYPERVISOR,
    PARTITION,
    SERVED_BY,
    HostGraph,
    serving_partition,
)


def is_parent(hg: HostGraph, key: str) -> bool:
    """True if ``key`` is a partition whose role is parent."""
    data = hg.nodes[key]
    return bool(data.get("kind") == PARTITION and data.get("role") == "parent")


def describe(hg: HostGraph, key: str) -> str:
    """A node as a reader would name it: 'the hypervisor', "child partition 'vm2'"."""
    data = hg.nodes[key]
    kind = data.get("kind")
    if kind == HYPERVISOR:
        return "the hypervisor"
    if kind == HOST_OS:
        return "the host OS"
    if kind == PARTITION:
        return f"{data.get('role', '')} partition '{data['id']}'".lstrip()
    return f"{str(kind).replace('-', ' ')} '{data['id']}'"


def served_from(hg: HostGraph, vdev_id: str, path: str) -> tuple[str, str] | None:
    """(the node ``served_by`` names, the node the device is served from) for the virtual device
    declared at ``path``.

    None when the device has no resolved ``served_by`` or the chain ends nowhere (a dangling
    reference, a loop, a driver that runs nowhere): other rules report those.
    """
    declared = hg.ids.get(vdev_id)
    if declared is None or declared[1] != path:
        return None  # a duplicate id; the first declaration owns the node
    vkey = declared[0]
    targets = hg.successors(vkey, SERVED_BY)
    if not targets:
        return None
    serving = serving_partition(hg, vkey)
    if serving is None:
        return None
    return targets[0], serving


def served_via(hg: HostGraph, target: str, serving: str) -> str:
    """'the hypervisor', or "driver 'x', which runs in the hypervisor" for a longer chain."""
    if target == serving:
        return describe(hg, serving)
    verb = "runs in" if hg.nodes[target].get("kind") == DRIVER else "is served from"
    return f"{describe(hg, target)}, which {verb} {describe(hg, serving)}"
