"""HV1105 nx-xd-bit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import (
    RequirementRule,
    UnstatedFact,
    feature_state,
    verb,
)


class NxXdBit(RequirementRule):
    """Give the host hardware DEP (the NX/XD bit) and keep it enabled in firmware.

    Why: for Hyper-V, "Hardware-enforced Data Execution Prevention (DEP) must be available and
    enabled. For Intel systems, this is the XD bit (execute disable bit). For AMD systems, this is the
    NX bit" (System requirements for Hyper-V; the same holds for Windows Server 2008 and 2008 R2).
    ESXi "requires the NX/XD bit to be enabled for the CPU in the BIOS" from 5.1 on: 5.0 ran without
    it, and a 5.1 host without it stops with a purple screen (ESXi 5.5-8.0 hardware requirements;
    gowatana 2012). Which releases need it comes from the release catalog (`nx`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-dep-off}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu:
        vendor: amd
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: true, nx: true, nx_enabled: false}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-dep-on}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu:
        vendor: amd
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: true, nx: true, nx_enabled: true}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated (NX/XD is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nx-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu: {vendor: intel, arch: x86_64, cores: 16, features: {hw_virt: true, hw_virt_enabled: true}}
    ```
    """

    code = "HV1105"
    name = "nx-xd-bit"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-system-requirements",
        "ms-biztalk-hyperv",
        "vmware-esxi-80-hw",
        "gowatana-2012-nx",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need = reqs.get("nx")
        cpu = ctx.spec.cpu
        if need is None or cpu is None:
            return
        severity = Severity.WARNING if need == "recommended" else Severity.ERROR
        state = feature_state(cpu.features.nx, cpu.features.nx_enabled)
        if state == "unknown":
            yield UnstatedFact(
                ctx.at / "cpu" / "features" / "nx_enabled", "NX/XD hardware DEP enabled in firmware"
            )
        elif state == "absent":
            yield Violation(
                ctx.at / "cpu" / "features" / "nx",
                f"{reqs.label} {verb(need)} hardware DEP (the NX/XD bit); this CPU "
                f"({cpu.model or cpu.vendor}) does not have it",
                severity=severity,
            )
        elif state == "disabled":
            yield Violation(
                ctx.at / "cpu" / "features" / "nx_enabled",
                f"{reqs.label} {verb(need)} hardware DEP (the NX/XD bit) enabled in firmware; it is "
                "switched off: enable 'Execute Disable' / 'No Execute' in the BIOS/UEFI setup",
                severity=severity,
            )
