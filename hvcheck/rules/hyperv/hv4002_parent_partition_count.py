"""HV4002 parent-partition-count."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class ParentPartitionCount(Rule):
    """Describe exactly one parent (root) partition on a Hyper-V host.

    Why: "The Microsoft hypervisor must have at least one parent, or root, partition, running
    Windows" (Hyper-V architecture). The root runs the virtualization stack and the device drivers,
    creates the children and is "the only partition that has direct access to physical memory and
    devices". There is one root per host: without it nothing drives the hardware or serves the
    children's devices, and a second partition marked parent is a child described wrongly.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: two-roots}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: mgmt
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: one-root}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: mgmt
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: partitions-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}

    ```
    """

    code = "HV4002"
    name = "parent-partition-count"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("ms-hyperv-architecture", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None or product.parent_partition != "required":
            return
        parents = list(ctx.partitions("parent"))
        if not parents:
            if not ctx.spec.partitions:
                return  # no partitions described at all: nothing to say about them
            running = " or ".join(f.capitalize() for f in product.parent_os)
            yield Unknown(
                ctx.at / "partitions",
                f"{product.name} has one parent (root) partition"
                f"{' running ' + running if running else ''}, but the host does not describe it "
                "(no partition has role 'parent'), so what depends on it could not be checked",
                on="key",
            )
            return
        first = parents[0][1].id
        for at, part in parents[1:]:
            yield Violation(
                at / "role",
                f"partition '{part.id}' is a second parent partition ('{first}' is the first); "
                f"{product.name} has exactly one parent (root) partition, every other partition is "
                "a child",
            )
