"""The Markdown report's Mermaid graphs, read as structure: which subgraph holds which node, and
which nodes are outlined. (No Debian or pip package ships mermaid.js for an offline browser test,
so the Mermaid text is checked structurally; the HTML report's SVG is checked in a real browser by
tests/acceptance/test_report_browser.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

_SUBGRAPH = re.compile(r'^\s*subgraph (\S+)\["([^"]*)"\]$')
_NODE = re.compile(r'^\s*(n_\S+)\["')


def parse(block: str) -> tuple[dict[str, str], dict[str, str], dict[str, str], list[str]]:
    """(node -> its innermost subgraph, subgraph -> its parent, subgraph -> title, other lines)."""
    stack: list[str] = []
    owner: dict[str, str] = {}
    parent: dict[str, str] = {}
    titles: dict[str, str] = {}
    rest: list[str] = []
    for line in block.splitlines():
        if m := _SUBGRAPH.match(line):
            parent[m.group(1)] = stack[-1] if stack else ""
            titles[m.group(1)] = m.group(2)
            stack.append(m.group(1))
        elif line.strip() == "end":
            stack.pop()
        elif m := _NODE.match(line):
            owner[m.group(1)] = stack[-1] if stack else ""
        else:
            rest.append(line.strip())
    return owner, parent, titles, rest


def blocks(paths: list[str]) -> dict[str, str]:
    run = hvcheck("report", "-f", "md", *paths)
    assert run.code in (0, 1), run.err
    names = re.findall(r"^## (\S+) ", run.out, re.M)
    found = re.findall(r"```mermaid\n(.*?)```", run.out, re.S)
    assert len(names) == len(found)
    return dict(zip(names, found, strict=True))


def test_drivers_sit_where_their_architecture_runs_them() -> None:
    graphs = blocks([str(p) for p in sorted((EXAMPLES / "valid").glob("*.yaml"))])
    hyperv = parse(graphs["hv-prod-01"])
    assert hyperv[0]["n_driver_icea"] == "b_partition_root"
    assert hyperv[2]["b_partition_root"] == "root (parent partition)"
    assert hyperv[0]["n_driver_nvidia"] == "b_partition_lin01"  # the guest's own GPU driver
    xen = parse(graphs["xen-edge-01"])
    assert xen[0]["n_driver_i40e"] == "b_partition_netdom"
    assert xen[2]["b_partition_netdom"] == "netdom (driver-domain partition)"
    esxi = parse(graphs["esx-prod-01"])
    assert esxi[0]["n_driver_i40en"] == "b_hypervisor_hypervisor"
    kvm = parse(graphs["kvm-lab-01"])
    host_os = next(k for k in kvm[1] if k.startswith("b_host_os"))
    assert kvm[0]["n_driver_i40e"] == host_os
    assert kvm[1]["b_hypervisor_hypervisor"] == host_os  # KVM is part of the host's kernel
    vs = parse(graphs["vs2005-branch01"])
    assert all(
        box.startswith("b_host_os") for node, box in vs[0].items() if node.startswith("n_driver_")
    )
    for graph in graphs.values():
        owner, _, _, _ = parse(graph)
        devices = [n for n in owner if n.startswith("n_device_")]
        assert devices and all(owner[n] == "b_hardware" for n in devices)
        assert "-->|runs-in|" not in graph and "-->|has|" not in graph  # drawn as containment


def test_nodes_with_findings_are_outlined(tmp_path: Path) -> None:
    broken = str(EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml")
    graph = next(iter(blocks([broken]).values()))
    _, _, _, rest = parse(graph)
    assert "classDef error stroke:#dc2626,stroke-width:3px" in rest
    assert "class n_virtual_device_erp_net0 error" in rest
    report = json.loads(hvcheck("report", "-f", "json", broken).out)
    flagged = {f["path"] for f in report["hosts"][0]["findings"] if f["severity"] == "error"}
    assert "spec.partitions[1].devices[0].model" in flagged
