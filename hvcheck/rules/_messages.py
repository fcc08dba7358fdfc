"""How rules name things in messages: guests, devices, graph nodes, lists and ordinals.

>>> quoted(["a", "b", "c"])
"'a', 'b', 'c'"
>>> shorten([f"n{i}" for i in range(9)], limit=3)
'n0, n1, n2 and 6 more'
>>> ordinal(2), ordinal(11), ordinal(23)
('2nd', '11th', '23rd')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hvcheck.graph import DRIVER, HOST_OS, HYPERVISOR, PARTITION, HostGraph
from hvcheck.model.host import GuestOS, Partition, PhysicalDevice


def quoted(items: Iterable[str]) -> str:
    """'a', 'b' and 'c' as a comma-separated list of quoted names."""
    return ", ".join(f"'{i}'" for i in items)


def join(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (``last``: the word before the last item).

    >>> join(["x", "y", "z"]), join(["x", "y"], "or")
    ('x, y and z', 'x or y')
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def shorten(items: list[str], limit: int = 6) -> str:
    """The first ``limit`` items, comma-separated, and a count of the rest."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def os_label(os: GuestOS) -> str:
    """'Windows Server 2019', 'Ubuntu 22.04', 'Windows 10 (x86)': the version once (even if the name
    has it), and the instruction set when it is the 32-bit one."""
    label = os.name
    if os.version and os.version.lower() not in os.name.lower():
        label = f"{os.name} {os.version}"
    return f"{label} ({os.arch})" if os.arch == "x86" else label


def guest_label(part: Partition) -> str:
    """The partition's guest OS, or the partition when no OS is described."""
    return os_label(part.os) if part.os is not None else f"partition '{part.id}'"


def device_label(dev: PhysicalDevice) -> str:
    """ "'nic0' (network, 8086:1572)": the id, class and PCI IDs of a physical device."""
    ids = f", {dev.pci.vendor}:{dev.pci.device}".lower() if dev.pci is not None else ""
    return f"'{dev.id}' ({dev.device_class}{ids})"


def node_label(graph: HostGraph, key: str) -> str:
    """A graph node as a reader would name it: 'the hypervisor', "child partition 'vm2'"."""
    kind = graph.kind(key)
    if kind == HYPERVISOR:
        return "the hypervisor"
    if kind == HOST_OS:
        return "the host OS"
    if kind == PARTITION:
        part: Partition = graph.obj(key)
        return f"{part.role} partition '{part.id}'"
    return f"{kind.replace('-', ' ')} '{graph.ident(key)}'"


def served_via(graph: HostGraph, target: str, serving: str) -> str:
    """'the hypervisor', or "driver 'x', which runs in the hypervisor" for a longer chain."""
    if target == serving:
        return node_label(graph, serving)
    verb = "runs in" if graph.kind(target) == DRIVER else "is served from"
    return f"{node_label(graph, target)}, which {verb} {node_label(graph, serving)}"
