"""HV2006 missing-vm-additions."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class MissingVmAdditions(Rule):
    """Install Virtual Machine Additions in every hybrid VMM guest.

    Why: Virtual Machine Additions (on Windows Virtual PC, its integration components) are the
    guest-side software of Virtual PC and Virtual Server. Without them a guest gets "poor
    performance and a lack of time synchronization between host and guest" (TechNet cc708296), and
    on Virtual Server the optimized SCSI driver is missing too. hvcheck derives whether they are
    present from ``integration.present`` or, when that is omitted, from the guest-support catalog.
    A guest OS the catalog does not know is left to other rules, never guessed (sources: cc708296).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-additions}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: legacy-app
          role: child
          os: {family: windows, name: Windows 2000 Server, version: SP4, arch: x86}
          integration: {present: false}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: with-additions}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: legacy-app
          role: child
          os: {family: windows, name: Windows 2000 Server, version: SP4, arch: x86}
          integration: {present: true, version: "13.813"}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: additions-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: legacy-app
          role: child
          os: {family: windows, name: Windows 2000 Server, version: SP4, arch: x86}
    ```
    """

    code = "HV2006"
    name = "missing-vm-additions"
    default_severity = Severity.WARNING
    architectures = (HYBRID,)
    sources = ("cc708296",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        additions = ctx.product.integration_name if ctx.product else "integration components"
        for at, part in ctx.partitions("child"):
            state = ctx.enlightenment(part)
            support = state.support
            guest = f"guest '{part.id}'" + (f" ({part.os.name})" if part.os else "")
            advice = f"; {support.note}" if support is not None and support.note else ""
            if state.state == "unknown" and support is not None:
                yield Unknown(
                    at / "os",
                    f"{guest} needs {additions} installed, and whether they are is not stated "
                    f"(integration.present){advice}",
                    on="key",
                )
                continue
            if state.state != "not-enlightened":
                continue
            if part.integration is not None:
                where, on = at / "integration" / "present", "value"
                what = f"{guest} runs without {additions} (integration.present is false)"
            else:
                where, on = (at / "os" if part.os is not None else at), "key"
                what = f"no {additions} exist for {guest}"
            yield Violation(
                where,
                f"{what}: without them expect poor performance and no time synchronization "
                f"between host and guest{advice}",
                on=on,  # type: ignore[arg-type]
            )
