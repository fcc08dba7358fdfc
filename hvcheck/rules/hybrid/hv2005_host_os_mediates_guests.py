"""HV2005 host-os-mediates-guests."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Violation
from hvcheck.rules.context import HostContext


class HostOsMediatesGuests(Rule):
    """Expect guest CPU and memory requests on a hybrid VMM to pass through the host OS.

    Why: this is a property of the architecture, not a mistake, and hvcheck states it so that
    nobody plans a hybrid VMM host as if it were a type 1 hypervisor. Virtual Server runs as a
    system service of the host OS, with one thread per virtual processor; "the underlying host
    operating system kernel schedules CPU resources" (Virtual Server 2005 architecture). Guest
    processor and memory requests therefore go through the host OS, "often many kernel-to-user-mode
    switches", which costs performance (ITPro Today 2008). The finding is informational, once per
    host that runs at least one guest.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: one-guest}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: web1
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x86}
          integration: {present: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-guests-yet}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: host-os-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
    ```
    """

    code = "HV2005"
    name = "host-os-mediates-guests"
    default_severity = Severity.INFO
    architectures = (HYBRID,)
    sources = ("itpro-2008", "vs2005-architecture")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        guests = [part.id for _, part in ctx.partitions("child")]
        if not guests:
            return
        product = ctx.product.name if ctx.product else ctx.spec.hypervisor.product
        host_os = f"host OS '{ctx.spec.host_os.name}'" if ctx.spec.host_os else "host OS"
        noun = "guest" if len(guests) == 1 else f"{len(guests)} guests"
        yield Violation(
            ctx.at / "hypervisor" / "product",
            f"{product} is a hybrid VMM: the CPU and memory requests of the {noun} "
            f"({', '.join(guests)}) go through the {host_os}, which schedules the CPU; expect "
            "many kernel-to-user-mode switches and the performance cost they bring",
        )
