"""The dependency graph is a networkx ``MultiDiGraph``, and :class:`HostGraph` answers the questions
rules ask it: drivers of a device, where a driver runs, which partition serves a virtual device
(through served-by chains), served-by loops, and what a driver's failure takes down.

Built from the bundled Xen example (a network driver domain serving the guests' vifs) and small
hosts written out in full, through the real loader and model.
"""

from __future__ import annotations

import networkx as nx
import pytest

from hvcheck.graph import DEVICE, DRIVES, HAS, PARTITION, SERVED_BY, HostGraph, build_graph
from hvcheck.loader import load_text
from hvcheck.model import ParsedHost, parse_host
from tests.conftest import EXAMPLES


def parse(text: str) -> ParsedHost:
    loaded = load_text(text, "host.yaml")
    parsed, errors = parse_host(loaded.documents[0], "host.yaml")
    assert parsed is not None and errors == [], errors
    return parsed


@pytest.fixture(scope="module")
def xen() -> HostGraph:
    text = (EXAMPLES / "valid" / "xen-4.17-driver-domain.yaml").read_text(encoding="utf-8")
    return HostGraph(build_graph(parse(text)))


def test_the_graph_is_a_networkx_multidigraph_with_typed_nodes_and_edges(xen: HostGraph) -> None:
    g = xen.nx
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["device:nic-data"]["kind"] == DEVICE
    assert g.nodes["device:nic-data"]["obj"].pci.device == "1572"
    assert str(g.nodes["device:nic-data"]["at"]) == "spec.devices[1]"
    assert g.has_edge("driver:i40e", "device:nic-data", key=DRIVES)
    assert g.has_edge("partition:web-pv", "virtual-device:web-pv-vif0", key=HAS)
    assert g.has_edge("virtual-device:web-pv-vif0", "partition:netdom", key=SERVED_BY)
    assert [key for key in g if g.nodes[key]["kind"] == PARTITION] == [
        "partition:dom0",
        "partition:netdom",
        "partition:web-pv",
        "partition:app-pvh",
        "partition:win-hvm",
    ]


def test_drivers_and_where_they_run(xen: HostGraph) -> None:
    assert [ref.key for ref in xen.drivers_of("device:nic-data")] == ["driver:i40e"]
    assert str(xen.drivers_of("device:nic-data")[0].at) == "spec.drivers[2].drives[0]"
    assert xen.runs_in("driver:i40e") == "partition:netdom"
    assert xen.runs_in("driver:igb") == "partition:dom0"
    assert [ref.key for ref in xen.assignments("device:nic-data")] == ["partition:netdom"]


def test_serving_partition_follows_served_by(xen: HostGraph) -> None:
    assert xen.serving_partition("virtual-device:web-pv-vif0") == "partition:netdom"
    assert xen.serving_partition("virtual-device:win-hvm-cd") == "partition:dom0"
    assert xen.partition_of("virtual-device:win-hvm-cd") == "partition:win-hvm"


def test_a_drivers_failure_takes_down_what_depends_on_it(xen: HostGraph) -> None:
    down = xen.impact("driver:i40e")
    assert "device:nic-data" in down
    assert "virtual-device:netdom-nic" in down  # passed through, backed by the NIC
    # dom0's storage driver is not on the network path
    assert "device:nvme0" not in down
    assert "virtual-device:web-pv-xvda" not in xen.impact("driver:igb")


CHAIN = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: chain}
spec:
  hypervisor: {product: kvm, version: "6.8"}
  host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
  devices:
    - {id: nic0, class: network}
  drivers:
    - {name: ixgbe, kind: linux-module, location: host-os, drives: [nic0]}
  partitions:
    - id: vm1
      role: child
      devices:
        - {id: bridge, kind: nic, model: virtio-net, mode: paravirtual, served_by: ixgbe}
        - {id: tap, kind: nic, model: virtio-net, mode: paravirtual, served_by: bridge}
        - {id: a, kind: nic, model: virtio-net, mode: paravirtual, served_by: b}
        - {id: b, kind: nic, model: virtio-net, mode: paravirtual, served_by: a}
"""


def test_chains_through_drivers_and_devices_end_where_the_code_runs() -> None:
    graph = HostGraph(build_graph(parse(CHAIN)))
    assert graph.serving_partition("virtual-device:tap") == "host-os:host-os"
    assert graph.serving_partition("virtual-device:a") is None  # a loop serves nothing
    assert graph.served_by_cycles() == [["virtual-device:a", "virtual-device:b"]]
    assert {"virtual-device:bridge", "virtual-device:tap", "partition:vm1"} <= graph.impact(
        "driver:ixgbe"
    )


def test_unresolved_references_and_duplicates_are_recorded_not_raised() -> None:
    text = CHAIN.replace("served_by: ixgbe", "served_by: nosuch").replace(
        "- {id: a,", "- {id: nic0,"
    )
    graph = HostGraph(build_graph(parse(text)))
    assert [(u.ref, str(u.at)) for u in graph.unresolved] == [
        ("nosuch", "spec.partitions[0].devices[0].served_by"),
        ("a", "spec.partitions[0].devices[3].served_by"),
    ]
    assert [(d.ident, d.first) for d in graph.duplicates] == [("nic0", "spec.devices[0]")]
