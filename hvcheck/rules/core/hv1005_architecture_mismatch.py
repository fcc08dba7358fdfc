"""HV1005 architecture-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class ArchitectureMismatch(Rule):
    """State an architecture class only if it is the one the product has.

    Why: the architecture class decides where drivers may run and which rules apply. It follows from
    the product (Hyper-V is type 1 microkernelized, ESXi type 1 monolithic, Virtual Server a hybrid
    VMM, KVM a hosted kernel). A stated class that contradicts the product is a misunderstanding
    worth correcting before anyone reasons from it; hvcheck keeps checking with the product's class.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: confused}
    spec:
      hypervisor: {product: esxi, version: "8.0", architecture: type1-microkernel}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: consistent}
    spec:
      hypervisor: {product: esxi, version: "8.0", architecture: type1-monolithic}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: derived}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```
    """

    code = "HV1005"
    name = "architecture-mismatch"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("itpro-2008",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        stated = ctx.spec.hypervisor.architecture
        if ctx.product is None or stated is None:
            return
        if stated != ctx.product.architecture:
            yield Violation(
                ctx.at / "hypervisor" / "architecture",
                f"architecture '{stated}' contradicts product '{ctx.product.id}', which is "
                f"'{ctx.product.architecture}'",
            )
