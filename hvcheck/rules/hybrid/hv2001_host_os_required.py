"""HV2001 host-os-required."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class HostOsRequired(Rule):
    """Describe the Windows host OS that a hybrid VMM runs beside.

    Why: in a hybrid VMM (Virtual PC, Virtual Server, Windows Virtual PC) both the host OS and the
    VMM run directly on the hardware. The host OS kernel schedules the CPU and the host OS's device
    drivers give access to every system device; Virtual Server itself is a system service of that
    OS. Without ``spec.host_os`` hvcheck cannot say where the drivers run, and reports that it could not check what depends on it. These products are
    Windows software: Virtual Server 2005 R2 runs on Windows Server 2003, Virtual PC on Windows XP
    and Vista, Windows Virtual PC on Windows 7 only. A host OS of another family cannot run them (sources: itpro-2008, vs2005-architecture, wikipedia-virtual-server, lockergnome-wvpc-2009).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vpc-on-linux}
    spec:
      hypervisor: {product: virtual-pc, version: "2007"}
      host_os: {family: linux, name: Ubuntu, version: "8.04", arch: x86}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs-on-windows}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, version: SP2, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-host-os}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
    ```
    """

    code = "HV2001"
    name = "host-os-required"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = (
        "itpro-2008",
        "vs2005-architecture",
        "wikipedia-virtual-server",
        "lockergnome-wvpc-2009",
    )

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product.name if ctx.product else ctx.spec.hypervisor.product
        host_os = ctx.spec.host_os
        if host_os is None:
            yield Unknown(
                ctx.at / "hypervisor",
                f"no host OS is described; {product} is a hybrid VMM that runs beside a Windows "
                "host OS, whose kernel schedules the CPU and whose drivers serve all devices, so "
                "what depends on it could not be checked: describe it under spec.host_os",
                on="key",
            )
            return
        if host_os.family != "windows":
            yield Violation(
                ctx.at / "host_os" / "family",
                f"host OS '{host_os.name}' is of family '{host_os.family}'; {product} runs only "
                "on a Windows host OS",
            )
