"""HV1002 dangling-reference."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class DanglingReference(Rule):
    """Refer only to ids that exist in the host, and to objects of the right kind.

    Why: a driver's `drives`, a driver's `partition`, and a virtual device's `served_by` and
    `backed_by` build the dependency graph. A reference to an id that does not exist (usually a typo)
    silently cuts the graph, and every rule downstream would then reason about the wrong host.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: typo}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic1]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: fixed}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-references}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
    ```
    """

    code = "HV1002"
    name = "dangling-reference"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        candidates: list[str] | None = None
        suggestions: dict[str, list[str]] = {}
        for ref in ctx.graph.unresolved:
            if ref.reason is not None:
                message = ref.reason
            elif ref.wrong_kind is not None:
                message = (
                    f"'{ref.ref}' is a {ref.wrong_kind.replace('-', ' ')}, but {ref.expected} is "
                    "expected here"
                )
            else:
                message = f"unknown id '{ref.ref}'; expected {ref.expected}"
                if candidates is None:  # sorted once per host, not once per reference
                    candidates = sorted(ctx.graph.declared)
                close = suggestions.get(ref.ref)
                if close is None:
                    close = difflib.get_close_matches(ref.ref, candidates, n=1, cutoff=0.6)
                    suggestions[ref.ref] = close
                if close:
                    message += f"; did you mean '{close[0]}'?"
                elif ref.ref in ("parent", "root", "dom0") and "partition" in ref.expected:
                    parents = [p.id for _, p in ctx.partitions("parent")]
                    if parents:
                        message += f"; the parent partition is '{parents[0]}'"
            yield Violation(ref.at, message)
