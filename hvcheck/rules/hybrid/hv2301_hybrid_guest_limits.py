"""HV2301 hybrid-guest-limits."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules.base import HYBRID, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class HybridGuestLimits(Rule):
    """Keep hybrid VMM guests 32-bit, with one virtual CPU and at most 3,712 MB of memory.

    Why: Virtual Server 2005 gives each VM "its own dedicated 32-bit address space"; its guests
    cannot be 64-bit, see only one processor, and get memory that "can be at most 3,712 MB"
    (KB 867587; IVMVirtualMachine::Memory; Wikipedia, Microsoft Virtual Server). Windows Virtual PC
    has the same 3,712 MB cap (its IVMVirtualMachine::Memory page); Virtual PC runs no 64-bit guests
    (Virtual PC 2007) and KB 833144 gives its cap as "3.6 GB", the same figure rounded. A guest
    described beyond those limits cannot be configured. The limits are read from the ``guests.guest_limits`` catalog; a limit it does not
    hold for the product is reported as unknown (info) (sources: kb867587, ms-vs-api-memory, ms-vpc-api-memory, kb833144, wikipedia-virtual-server, itnews-vpc2007).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x64}
          integration: {present: true}
          vcpus: 2
          memory_mb: 8192
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2003, arch: x86}
          integration: {present: true}
          vcpus: 1
          memory_mb: 3584
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: sizes-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2003}
    ```
    """

    code = "HV2301"
    name = "hybrid-guest-limits"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = (
        "kb867587",
        "ms-vs-api-memory",
        "ms-vpc-api-memory",
        "kb833144",
        "wikipedia-virtual-server",
        "itnews-vpc2007",
    )

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product
        limit = ctx.catalog.guests.guest_limit(product.id, ctx.release)
        for at, part in ctx.partitions("child"):
            unknown: list[tuple[Path, str]] = []
            arch = part.os.arch if part.os is not None else None
            if arch is not None:
                if limit is None or not limit.guest_arch:
                    unknown.append((at / "os" / "arch", "instruction set"))
                elif arch not in limit.guest_arch:
                    yield Violation(
                        at / "os" / "arch",
                        f"'{part.id}' runs an {arch} guest, but {product.name} runs "
                        f"{'/'.join(limit.guest_arch)} guests only",
                    )
            if part.vcpus is not None and part.vcpus > 1:
                if limit is None or limit.max_vcpus is None:
                    unknown.append((at / "vcpus", "virtual processors"))
                elif part.vcpus > limit.max_vcpus:
                    yield Violation(
                        at / "vcpus",
                        f"'{part.id}' has {part.vcpus} virtual processors, but a {product.name} "
                        f"guest sees at most {limit.max_vcpus}",
                    )
            if part.memory_mb is not None:
                if limit is None or limit.max_memory_mb is None:
                    unknown.append((at / "memory_mb", "memory"))
                elif part.memory_mb > limit.max_memory_mb:
                    yield Violation(
                        at / "memory_mb",
                        f"'{part.id}' has {part.memory_mb} MiB of memory, but a {product.name} "
                        f"guest gets at most {limit.max_memory_mb} MiB",
                    )
            if unknown:
                yield Unknown(
                    unknown[0][0],
                    f"the catalog does not hold {product.name}'s guest limits on "
                    f"{' and '.join(what for _, what in unknown)}, so whether '{part.id}' fits "
                    "them is unknown",
                )
