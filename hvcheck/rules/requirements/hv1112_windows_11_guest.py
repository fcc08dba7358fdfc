"""HV1112 windows-11-guest."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.catalog.versions import normalize_name
from hvcheck.findings import Severity
from hvcheck.model.host import Partition
from hvcheck.rules.base import ALL, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


def _is_windows_11(part: Partition) -> bool:
    os = part.os
    if os is None or os.family != "windows":
        return False
    name = normalize_name(os.name)
    return name == "windows 11" or name.startswith("windows 11 ")


class Windows11Guest(RequirementRule):
    """Host Windows 11 guests on a release that supports them, with POPCNT and SSE4.2 visible.

    Why: Windows 11 is supported as a "Generation 2 virtual machine hosted on Windows Server 2019 and
    later" (and on Windows 11 hosts), and "requires an increased CPU instructions for installation and
    boot (POPCNT and SSE4.2)": processor compatibility hides them, so disable it; on Windows Server
    2025 clusters, dynamic processor compatibility keeps them visible (Supported Windows guest
    operating systems for Hyper-V). Which host releases take Windows 11 guests comes from the release
    catalog (`windows_11_guests`, `dynamic_processor_compatibility`); a release the catalog has no
    answer for is reported as unknown (info). The host CPU's POPCNT and SSE4.2 are checked when the
    host describes its CPU. That Windows 11 runs only in generation 2 is HV4303's.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2016}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
        - id: desk01
          role: child
          generation: 2
          os: {family: windows, name: Windows 11, arch: x64}
          features: {processor_compatibility: false}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2022}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: true, nx: true, nx_enabled: true, sse4_2: true, popcnt: true}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: desk01
          role: child
          generation: 2
          os: {family: windows, name: Windows 11, arch: x64}
          features: {processor_compatibility: false}
    ```

    Unstated (processor compatibility is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: compat-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
      - id: root
        role: parent
        os: {family: windows, name: Windows Server 2022, arch: x64}
      - id: desk
        role: child
        generation: 2
        os: {family: windows, name: Windows 11, arch: x64}
    ```
    """

    code = "HV1112"
    name = "windows-11-guest"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    traits = ("hyperv-vm",)
    sources = ("ms-windows-11-guests",)

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        guests = [(at, p) for at, p in ctx.partitions("child") if _is_windows_11(p)]
        if not guests:
            return
        label = reqs.label
        supported = reqs.get("windows_11_guests")
        cpu = ctx.spec.cpu
        dynamic = bool(reqs.get("dynamic_processor_compatibility"))
        for at, part in guests:
            if match.status == "found" and supported is False:
                yield Violation(
                    at / "os" / "name",
                    f"Windows 11 guest '{part.id}' needs a Windows Server 2019 or later (or Windows "
                    f"11) Hyper-V host; {label} does not support it",
                )
            elif match.status == "found" and supported is None:
                yield Unknown(
                    at / "os" / "name",
                    f"the release catalog does not say whether {label} hosts Windows 11 guests, so "
                    f"support for '{part.id}' is unknown",
                )
            compat = part.features.processor_compatibility
            if compat is None:
                yield UnstatedFact(
                    at / "features" / "processor_compatibility",
                    f"processor compatibility of '{part.id}', which must be off",
                )
            elif compat:
                yield Violation(
                    at / "features" / "processor_compatibility",
                    f"processor compatibility hides POPCNT and SSE4.2, which Windows 11 guest "
                    f"'{part.id}' needs to install and boot; disable it"
                    + (
                        " (or, in a Windows Server 2025 cluster, use dynamic processor "
                        "compatibility, which keeps them)"
                        if dynamic
                        else ""
                    ),
                    severity=Severity.WARNING if dynamic else Severity.ERROR,
                )
        if cpu is None:
            return
        names = ", ".join(f"'{p.id}'" for _, p in guests)
        for flag, title in (("popcnt", "POPCNT"), ("sse4_2", "SSE4.2")):
            value = getattr(cpu.features, flag)
            if value is None:
                yield UnstatedFact(
                    ctx.at / "cpu" / "features" / flag, f"{title}, needed by Windows 11 guests"
                )
            elif value is False:
                yield Violation(
                    ctx.at / "cpu" / "features" / flag,
                    f"Windows 11 guests ({names}) need the {title} instruction, which this CPU "
                    f"({cpu.model or cpu.vendor}) lacks",
                )
