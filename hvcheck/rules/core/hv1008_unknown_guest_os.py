"""HV1008 unknown-guest-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, HostContext, Rule, Violation


class UnknownGuestOs(Rule):
    """Run guest operating systems the guest-support catalog knows, or state their integration.

    Why: whether a guest has integration components (and so can use synthetic or paravirtual
    devices) comes from the guest-support catalog. For a guest OS the catalog does not list for the
    product, hvcheck cannot tell, and it says so (info) rather than guessing. State
    `integration.present` for the partition, or add the OS to a catalog with `--catalog`. Only
    products the catalog has guest-support entries for are checked; parent partitions are exempt.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv01}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: vm1
          role: child
          os: {family: linux, name: Debian, version: "12", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv01}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: vm1
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
        - id: vm2
          role: child
          os: {family: linux, name: Debian, version: "12", arch: x64}
          integration: {present: true}
    ```
    """

    code = "HV1008"
    name = "unknown-guest-os"
    default_severity = Severity.INFO
    families = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None:
            return
        if not any(product.id in entry.products for entry in ctx.catalog.guest_support):
            return  # the catalog knows no guests for this product; nothing is expected
        for i, part in ctx.partitions():
            if part.role == "parent" or part.os is None:
                continue
            if ctx.enlightenment(part).state != "unknown":
                continue
            os = part.os
            label = f"{os.name} {os.version}" if os.version else os.name
            yield Violation(
                f"spec.partitions[{i}].os.name",
                f"guest OS '{label}' ({os.family}) is not in the guest-support catalog for "
                f"{product.name}, so whether it has {product.integration_name} is unknown; "
                "state integration.present or add the OS with --catalog",
            )
