"""HV1003 device-driven-twice."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import ASSIGNED_TO, DEVICE, DRIVES, RUNS_IN
from hvcheck.rules.base import ALL, HostContext, Rule, Violation


def _document_order(item: tuple[str, str]) -> tuple[str | int, ...]:
    """Sort (node, path) pairs in document order: ``drivers[2]`` before ``drivers[10]``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", item[1]))


class DeviceDrivenTwice(Rule):
    """Drive each physical device from exactly one place.

    Why: a device has one owner. Two drivers binding the same device (say one in the hypervisor and
    one in a parent partition), a device passed through to a VM while a host-side driver still binds
    it, or one device assigned to two VMs, all mean two pieces of software programming the same
    hardware. Hyper-V requires a device to be dismounted from the host before it is assigned; Xen
    requires it to be made assignable first (reference §1.7, R38).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: two-drivers}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
        - {name: ixgbe, kind: vmklinux, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: one-driver}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
    ```
    """

    code = "HV1003"
    name = "device-driven-twice"
    default_severity = Severity.ERROR
    families = (ALL,)
    sources = ("ms-hyperv-dda", "xl-pci-configuration")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        runs_in_of: dict[str, list[str]] = {}
        for dev_key, data in g.nodes_of(DEVICE):
            dev_id = data["id"]
            drivers = sorted(
                (
                    (u, attrs.get("path", ""))
                    for u, _, k, attrs in g.in_edges(dev_key)
                    if k == DRIVES
                ),
                key=_document_order,
            )
            assignments = sorted(
                (
                    (v, attrs.get("path", ""))
                    for _, v, k, attrs in g.out_edges(dev_key)
                    if k == ASSIGNED_TO
                ),
                key=_document_order,
            )
            for extra, path in drivers[1:]:
                first = g.nodes[drivers[0][0]]["id"]
                yield Violation(
                    path,
                    f"device '{dev_id}' is already driven by '{first}'; "
                    f"'{g.nodes[extra]['id']}' is a second driver for it",
                )
            for _extra, path in assignments[1:]:
                first = g.nodes[assignments[0][0]]["id"]
                yield Violation(
                    path,
                    f"device '{dev_id}' is already assigned to partition '{first}'; a device can "
                    f"be passed through to one partition only",
                )
            if assignments:
                owner = assignments[0][0]
                for drv, path in drivers:
                    runs_in = runs_in_of.get(drv)
                    if runs_in is None:  # once per driver, however many devices it drives
                        runs_in = runs_in_of[drv] = g.successors(drv, RUNS_IN)
                    if runs_in and runs_in[0] == owner:
                        continue
                    where = g.nodes[runs_in[0]]["id"] if runs_in else "the host"
                    yield Violation(
                        path,
                        f"device '{dev_id}' is passed through to '{g.nodes[owner]['id']}' "
                        f"but driver '{g.nodes[drv]['id']}' in {where} still drives it; "
                        "dismount it from the host first",
                    )
