"""HV1106 second-level-address-translation."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact, verb


class SecondLevelAddressTranslation(RequirementRule):
    """Give a Hyper-V host a CPU with second-level address translation (Intel EPT / AMD NPT).

    Why: to install the Windows hypervisor on Windows Server 2016 and later "the processor must have
    SLAT"; compared with Windows Server 2012 R2, "SLAT is now required instead of recommended" (System
    requirements for Hyper-V; Hyper-V architecture). On 2008 R2 it was "not required, but HIGHLY
    RECOMMENDED" (schadinio 2010), so there, and on 2012 and 2012 R2, a CPU without SLAT is a
    warning. Client Hyper-V on Windows 8 to 11 requires it (Windows 10 Hyper-V system requirements).
    The management tools alone do not need it. Which releases require or recommend SLAT comes from
    the release catalog (`slat`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: opteron-2016}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      cpu:
        vendor: amd
        model: AMD Opteron 2218
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: false, nx: true, nx_enabled: true}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: epyc-2016}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      cpu:
        vendor: amd
        model: AMD EPYC 7302
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: true, nx: true, nx_enabled: true}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
    ```

    Unstated (SLAT is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: slat-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu: {vendor: amd, arch: x86_64, cores: 32, features: {hw_virt: true, hw_virt_enabled: true, nx: true, nx_enabled: true}}
    ```
    """

    code = "HV1106"
    name = "second-level-address-translation"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-system-requirements",
        "ms-hyperv-architecture-slat",
        "schadinio-2010",
        "ms-client-hyperv-requirements",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need = reqs.get("slat")
        cpu = ctx.spec.cpu
        if need is None or cpu is None:
            return
        slat = cpu.features.slat
        if slat is None:
            yield UnstatedFact(
                ctx.at / "cpu" / "features" / "slat", "second-level address translation, EPT/NPT"
            )
        elif slat is False:
            tail = (
                "; the hypervisor will not install (the management tools alone do not need it)"
                if need == "required"
                else "; without it every guest's memory is translated in software (shadow pages)"
            )
            yield Violation(
                ctx.at / "cpu" / "features" / "slat",
                f"{reqs.label} {verb(need)} second-level address translation (Intel EPT / AMD "
                f"NPT); this CPU ({cpu.model or cpu.vendor}) has none{tail}",
                severity=Severity.WARNING if need == "recommended" else Severity.ERROR,
            )
