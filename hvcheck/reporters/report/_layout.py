"""What contains what in a host's picture, by architecture: the one model both pictures draw.

Every report picture (the SVG of the HTML report, the Mermaid of the Markdown one) draws the host
as its architecture is, from the graph's own edges:

- physical devices sit in a **hardware** box;
- each partition is a box holding its virtual devices; the hypervisor and the host OS are boxes;
- each driver sits inside the box of the place it runs in (its ``runs-in`` edge), so in Hyper-V and
  Xen physical drivers are drawn inside the parent partition or driver domain, in ESXi inside the
  hypervisor, in hybrid VMMs and KVM inside the host OS; a driver whose place is not stated is
  drawn on its own, outside every box;
- containment replaces the ``runs-in`` and ``has`` edges; the other edges (drives, served-by,
  backed-by, assigned-to) are drawn between nodes and boxes.

Where a description puts a driver somewhere its architecture does not allow, the picture shows it
there, outlined with its finding: the picture tells what the file says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hvcheck.results.report import HostSummary

HARDWARE = "hardware"
CONTAINED_EDGES = ("runs-in", "has")


@dataclass
class Box:
    """A box of the picture: the hardware, the hypervisor, the host OS or a partition."""

    key: str
    kind: str  # hardware | hypervisor | host-os | partition
    label: str
    role: str = ""  # for a partition: parent, child, driver-domain
    members: list[dict[str, Any]] = field(default_factory=list)
    inner: list[Box] = field(default_factory=list)  # boxes drawn inside this one


@dataclass
class Layout:
    """The boxes in drawing order by column, the loose nodes, and the edges to draw."""

    architecture: str
    columns: list[list[Box]]
    band: Box | None  # the hypervisor of a microkernel, drawn as a band under the partitions
    loose: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    boxes: dict[str, Box]


def _partition_roles(summary: HostSummary) -> dict[str, str]:
    return {str(p["path"]): str(p["role"]) for p in summary.partitions}


def layout(summary: HostSummary) -> Layout:
    """The containment and columns of ``summary``'s picture."""
    roles = _partition_roles(summary)
    boxes: dict[str, Box] = {}
    hardware = Box(HARDWARE, HARDWARE, "hardware")
    boxes[HARDWARE] = hardware
    for node in summary.graph_nodes:
        kind = str(node["kind"])
        key = str(node["key"])
        if kind in ("hypervisor", "host-os"):
            vmm = summary.architecture in ("hybrid-vmm", "hosted-kernel")
            role = ("VMM" if vmm else "hypervisor") if kind == "hypervisor" else "host OS"
            label = f"{node['label']} ({role})"
            boxes[key] = Box(key, kind, label)
        elif kind == "partition":
            role = roles.get(str(node["path"]), "")
            boxes[key] = Box(key, kind, str(node["label"]), role=role)
    runs_in: dict[str, str] = {}
    owner: dict[str, str] = {}
    for edge in summary.graph_edges:
        source, target, kind = str(edge["source"]), str(edge["target"]), str(edge["kind"])
        if kind == "runs-in" and target in boxes:
            runs_in.setdefault(source, target)
        elif kind == "has" and target not in boxes and source in boxes:
            owner.setdefault(target, source)
    loose: list[dict[str, Any]] = []
    for node in summary.graph_nodes:
        key, kind = str(node["key"]), str(node["kind"])
        if key in boxes:
            continue
        if kind == "device":
            hardware.members.append(node)
        elif kind == "driver" and key in runs_in:
            boxes[runs_in[key]].members.append(node)
        elif kind == "virtual-device" and key in owner:
            boxes[owner[key]].members.append(node)
        else:
            loose.append(node)
    edges = [
        e
        for e in summary.graph_edges
        if str(e["kind"]) not in CONTAINED_EDGES
        or (str(e["kind"]) == "runs-in" and runs_in.get(str(e["source"])) != str(e["target"]))
    ]
    arch = summary.architecture
    hypervisors = [b for b in boxes.values() if b.kind == "hypervisor"]
    host_oses = [b for b in boxes.values() if b.kind == "host-os"]
    partitions = [b for b in boxes.values() if b.kind == "partition"]
    host_side = [p for p in partitions if p.role in ("parent", "driver-domain")]
    guests = [p for p in partitions if p not in host_side]
    band: Box | None = None
    if arch == "type1-microkernel":
        # the hypervisor is a thin layer under every partition; drivers live in the parent
        middle = host_side + host_oses
        band = hypervisors[0] if hypervisors else None
        middle += hypervisors[1:]
    elif arch == "hosted-kernel":
        # KVM is a module of the host's Linux kernel: the hypervisor box sits inside the host OS
        middle = list(host_oses)
        if host_oses:
            host_oses[0].inner.extend(hypervisors)
        else:
            middle += hypervisors
        middle += host_side
    elif arch == "hybrid-vmm":
        # the VMM runs beside the host OS, which owns every driver
        middle = host_oses + hypervisors + host_side
    else:  # type1-monolithic and anything unknown: the hypervisor holds the drivers
        middle = hypervisors + host_oses + host_side
    columns = [[hardware], middle, guests]
    return Layout(arch, columns, band, loose, edges, boxes)
