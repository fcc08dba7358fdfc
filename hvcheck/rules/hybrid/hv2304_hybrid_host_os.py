"""HV2304 hybrid-host-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.guest_index import host_os_status
from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class HybridHostOs(Rule):
    """Run a hybrid VMM on a host OS it supports: Virtual Server 2005 R2 on Windows Server 2003 or 2008.

    Why: a hybrid VMM is a service of its host OS, so it runs only on the releases it was built
    for. Virtual Server 2005 R2 runs on Windows Server 2003 (SP1, R2; x86 or x64), and 2005 R2 SP1
    (with the SP1 Update) on Windows Server 2008 as well ("Microsoft Virtual Server 2005 R2 SP1 Update
    on Windows Server 2008 or Windows Server 2003", msvs Requirements); Windows XP
    Professional hosts are "for evaluation only and not supported in production" (Nikkei BP
    ITpro 2006): a warning. Windows Virtual PC runs only on Windows 7 (Home Basic, Home Premium,
    Professional, Enterprise, Ultimate), and Windows XP Mode needs Professional, Enterprise or
    Ultimate (Lockergnome 2009). Any other host OS is an error. The lists are read from the
    ``guests.host_os_support`` catalog; a product or release it does not cover, or a host OS whose
    unstated edition would decide, is reported as unknown (info) (sources: nikkeibp-2006, ms-vs-api-requirements, wikipedia-virtual-server, lockergnome-wvpc-2009).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: lab-pc}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows XP, edition: Professional, version: SP3, arch: x86}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, version: SP2, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
    ```
    """

    code = "HV2304"
    name = "hybrid-host-os"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = (
        "nikkeibp-2006",
        "ms-vs-api-requirements",
        "wikipedia-virtual-server",
        "lockergnome-wvpc-2009",
    )

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        host_os = ctx.spec.host_os
        if ctx.product is None or host_os is None:
            return  # HV2001 reports a missing host OS
        at = ctx.at / "host_os" / "name"
        version = ctx.release
        release = f"{ctx.product.name} {version}" if version else ctx.product.name
        entry = ctx.catalog.guests.host_os_support_for(ctx.product.id, version)
        label = " ".join(x for x in (host_os.name, host_os.edition, host_os.version) if x)
        label = f"{label} ({host_os.arch})"
        if entry is None:
            yield Unknown(
                at,
                f"the host operating systems {release} runs on are not in the catalog, so "
                f"whether {label} is one is unknown",
            )
            return
        status = host_os_status(entry, host_os)
        supported = "; ".join(
            f"{' / '.join(m.names)}"
            + (f" {'/'.join(m.editions)}" if m.editions else "")
            + (f" ({'/'.join(m.arch)})" if m.arch else "")
            for m in entry.supported
        )
        note = f"; {entry.note}" if entry.note else ""
        if status == "evaluation":
            yield Violation(
                at,
                f"{release} runs on {label} for evaluation only, not in production; "
                f"supported hosts: {supported}",
                severity=Severity.WARNING,
            )
        elif status == "unsupported":
            yield Violation(
                at, f"{release} does not run on {label}; supported hosts: {supported}{note}"
            )
        elif status == "edition-unstated":
            yield Unknown(
                at,
                f"whether {release} runs on {label} depends on its edition, which the host does "
                f"not state (host_os.edition); supported hosts: {supported}",
            )
