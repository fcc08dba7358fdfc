"""HV1008 unknown-guest-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import os_label
from hvcheck.rules.base import ALL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


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

    Unstated:

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
    ```
    """

    code = "HV1008"
    name = "unknown-guest-os"
    default_severity = Severity.INFO
    only_unknown = True
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None:
            return
        if not any(product.id in entry.products for entry in ctx.catalog.guest_support):
            return  # the catalog knows no guests for this product; nothing is expected
        for at, part in ctx.partitions("child", "driver-domain"):
            if part.os is None or part.integration is not None:
                continue
            if ctx.guest_support(part) is not None:
                continue
            os = part.os
            hint = ""
            name, _, rest = os.name.rpartition(" ")
            if not os.version and name and rest[:1].isdigit() and os.family != "windows":
                hint = f'; write name: {name}, version: "{rest}"'
            yield Unknown(
                at / "os" / "name",
                f"guest OS '{os_label(os)}' ({os.family}) is not in the guest-support catalog for "
                f"{product.name}, so whether it has {product.integration_name} is unknown; state "
                f"integration.present or add the OS with --catalog{hint}",
            )
