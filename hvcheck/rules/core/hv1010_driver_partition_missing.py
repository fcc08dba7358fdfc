"""HV1010 driver-partition-missing."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import PARTITION
from hvcheck.model.host import Partition
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext

# The partition role each driver location needs; locations not listed are not partitions at all.
ROLE_FOR_LOCATION = {"guest": "child", "driver-domain": "driver-domain", "parent": "parent"}
LOCATION_FOR_ROLE = {role: loc for loc, role in ROLE_FOR_LOCATION.items()}
NEEDS_PARTITION = ("driver-domain", "guest")


class DriverPartitionMissing(Rule):
    """Name the partition a driver-domain or guest driver runs in, with the role its location needs.

    Why: a driver in a guest or in a driver domain runs in one particular partition, and rules that
    follow the chain from a virtual device to the hardware need to know which. A driver with
    `location: guest` runs in a child partition, one with `location: driver-domain` in a partition
    with role `driver-domain`, one with `location: parent` in the parent; a driver in the
    hypervisor or the host OS runs in no partition. A `partition` that contradicts the location
    leaves it unclear where the driver really runs.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgbe, kind: linux-module, location: driver-domain, drives: [nic0]}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: netdom
          role: driver-domain
          os: {family: linux, name: Debian, version: "12", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - name: ixgbe
          kind: linux-module
          location: driver-domain
          partition: netdom
          drives: [nic0]
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: netdom
          role: driver-domain
          os: {family: linux, name: Debian, version: "12", arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic0, class: network}
    ```
    """

    code = "HV1010"
    name = "driver-partition-missing"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("xen-support-md",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, drv in ctx.drivers():
            if drv.partition is None:
                if drv.location in NEEDS_PARTITION:
                    yield Violation(at / "location", self._missing(ctx, drv.name, drv.location))
                continue
            key = ctx.graph.key_of(drv.partition, PARTITION)
            if key is None:
                continue  # a dangling or wrong-kind reference: HV1002 reports it
            part: Partition = ctx.graph.obj(key)
            wanted = ROLE_FOR_LOCATION.get(drv.location)
            if wanted == part.role:
                continue
            instead = LOCATION_FOR_ROLE[part.role]
            if wanted is None:
                message = (
                    f"driver '{drv.name}' has location '{drv.location}', which is not a "
                    f"partition, but names partition '{drv.partition}' (role {part.role}); remove "
                    f"partition, or use location: {instead}"
                )
            else:
                message = (
                    f"driver '{drv.name}' runs in partition '{drv.partition}' (role {part.role}), "
                    f"but location '{drv.location}' needs a partition with role {wanted}; use "
                    f"location: {instead} or name another partition"
                )
            yield Violation(at / "partition", message)

    @staticmethod
    def _missing(ctx: HostContext, driver: str, location: str) -> str:
        role = ROLE_FOR_LOCATION[location]
        candidates = ctx.cached(
            ("partitions", role), lambda: [p.id for _, p in ctx.partitions(role)]
        )
        where = "a guest" if location == "guest" else "a driver domain"
        message = (
            f"driver '{driver}' runs in {where} but names no partition; add partition: <id> of "
            f"the {role} partition it runs in"
        )
        if len(candidates) == 1:
            message += f" (the only one is '{candidates[0]}')"
        elif not candidates:
            message += " (none is described yet)"
        return message
