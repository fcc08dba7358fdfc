"""HV1004 served-by-cycle."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


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

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: server-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: vm1
          role: child
          devices:
            - {id: net0, kind: nic, model: virtio-net, mode: paravirtual}
    ```
    """

    code = "HV1004"
    name = "served-by-cycle"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for cycle in g.served_by_cycles():
            # Each virtual device is served by one thing, so the loop is a simple cycle: name its
            # nodes in chain order, from the first one in the document.
            members = set(cycle)
            order = [cycle[0]]
            while True:
                nxt = g.served_by(order[-1])
                if nxt is None or nxt not in members or nxt in order:
                    break
                order.append(nxt)
            names = [g.ident(k) for k in order]
            yield Violation(
                g.at(cycle[0]) / "served_by",
                f"served-by chain loops: {' -> '.join([*names, names[0]])}",
            )
