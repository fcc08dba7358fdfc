"""HV1001 unique-ids."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class UniqueIds(Rule):
    """Give every device, driver, partition and virtual device an id no other object in the host has.

    Why: drivers, virtual devices and passthrough assignments refer to other objects by id. With two
    objects of the same id a reference is ambiguous, and hvcheck (like the people reading the file)
    cannot tell which one is meant. The ids `hypervisor` and `host-os` are reserved.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: dup}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
        - {id: nic0, class: storage}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: unique}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
        - {id: hba0, class: storage}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
        - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nothing-declared}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```
    """

    code = "HV1001"
    name = "unique-ids"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for dup in ctx.graph.duplicates:
            if dup.first == "(reserved id)":
                yield Violation(dup.at, f"id '{dup.ident}' is reserved; choose another id")
            else:
                yield Violation(dup.at, f"id '{dup.ident}' is already used by {dup.first}")
