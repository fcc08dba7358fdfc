"""HV1305 host-cpu-instructions."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact

_NAMES = {
    "sse4_2": "SSE4.2",
    "popcnt": "POPCNT",
    "cmpxchg16b": "CMPXCHG16B",
    "lahf_sahf": "LAHF/SAHF",
    "prefetchw": "PREFETCHW",
    "xsave": "XSAVE",
}


class HostCpuInstructions(RequirementRule):
    """Run a hypervisor release only on a processor with the instructions that release requires.

    Why: releases drop processor generations by requiring instructions older processors lack.
    Windows Server 2016 and later need "CMPXCHG16b, LAHF/SAHF, and PrefetchW", and Windows Server 2025
    adds "the SSE4.2 (Streaming SIMD Extensions 4.2) instruction set" and "the POPCNT instruction"
    (Hardware requirements for Windows Server), which ends support for processors before Intel
    Nehalem and AMD Bulldozer. ESXi 5.5 supports only CPUs with LAHF and SAHF, and the ESXi 8.0
    Update 2 installer stops on a CPU without XSAVE (pre-Sandy Bridge, pre-Bulldozer) even with
    allowLegacyCPU=true. The instructions are `cpu_instructions` in catalogs/releases.yaml; each is a
    `cpu.features` field. A described CPU that does not state one is listed by HV1102 (unknown).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ws2025-old-cpu}
    spec:
      hypervisor: {product: hyperv, version: "2025"}
      cpu:
        vendor: intel
        model: Intel Xeon X5460
        arch: x86_64
        features: {cmpxchg16b: true, lahf_sahf: true, prefetchw: true, sse4_2: false, popcnt: false}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2025, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ws2025}
    spec:
      hypervisor: {product: hyperv, version: "2025"}
      cpu:
        vendor: intel
        model: Intel Xeon Gold 6338
        arch: x86_64
        features: {cmpxchg16b: true, lahf_sahf: true, prefetchw: true, sse4_2: true, popcnt: true}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2025, arch: x64}
    ```

    Unstated (the CPU's instructions are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ws2025-cpu-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2025"}
      cpu: {vendor: intel, arch: x86_64}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2025, arch: x64}
    ```
    """

    code = "HV1305"
    name = "host-cpu-instructions"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("ms-windows-server-hardware-requirements", "vmware-esxi-55-hw")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        wanted: list[str] | None = reqs.get("cpu_instructions")
        cpu = ctx.spec.cpu
        if not wanted or cpu is None:
            return
        missing: list[str] = []
        for flag in wanted:
            value = getattr(cpu.features, flag)
            if value is None:
                yield UnstatedFact(
                    ctx.at / "cpu" / "features" / flag,
                    f"{_NAMES.get(flag, flag)}, required by {reqs.label}",
                )
            elif value is False:
                missing.append(flag)
        if missing:
            listed = [_NAMES.get(f, f) for f in missing]
            names = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
            yield Violation(
                ctx.at / "cpu" / "features" / missing[0],
                f"{reqs.label} requires the {names} instruction{'s' if len(missing) > 1 else ''}, "
                f"which this CPU ({cpu.model or cpu.vendor}) lacks",
            )
