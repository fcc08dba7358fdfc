"""HV1004 served-by-cycle."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import SERVED_BY, served_by_cycles
from hvcheck.rules.base import ALL, HostContext, Rule, Violation


class ServedByCycle(Rule):
    """Make every served-by chain end at a partition, a driver or the hypervisor, never loop.

    Why: a virtual device is served by something that exists before it: a VSP in the parent, a
    backend in a driver domain, the host OS. If device A is served by B and B (directly or through
    others) by A, neither can ever come up.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: loop}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: vm1
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: net-a, kind: nic, model: synthetic-nic, mode: synthetic, served_by: net-b}
            - {id: net-b, kind: nic, model: synthetic-nic, mode: synthetic, served_by: net-a}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: chain}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: vm1
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: net-a, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    ```
    """

    code = "HV1004"
    name = "served-by-cycle"
    default_severity = Severity.ERROR
    families = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for cycle in served_by_cycles(g):
            # Each virtual device is served by one thing, so the loop is a simple cycle: follow it
            # from its first node in the document to name the nodes in chain order.
            members = set(cycle)
            order = [cycle[0]]
            visited = {cycle[0]}
            while True:
                nxt = [k for k in g.successors(order[-1], SERVED_BY) if k in members]
                if not nxt or nxt[0] == order[0] or nxt[0] in visited:
                    break
                order.append(nxt[0])
                visited.add(nxt[0])
            names = [g.nodes[k]["id"] for k in order]
            loop = " -> ".join([*names, names[0]])
            yield Violation(
                f"{g.path_of(cycle[0])}.served_by",
                f"served-by chain loops: {loop}",
            )
