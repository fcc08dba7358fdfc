"""HV1104 host-cpu-architecture."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class HostCpuArchitecture(RequirementRule):
    """Run the hypervisor on a processor architecture the release supports (64-bit x86 for most).

    Why: Hyper-V is available only "for certain x64 versions of Windows" and needs "a 64-bit
    processor" (Hyper-V architecture; System requirements for Hyper-V); Windows Server 2008 x86 has no
    Hyper-V. ESX/ESXi "only installs and runs on servers with 64bit x86 CPUs" since 4.0 (VMware KB
    1009080; ESXi hardware requirements). Xen supports x86-64 and Arm hosts (SUPPORT.md). The
    architectures each release accepts come from the release catalog (`cpu_arch`). The parent
    partition's own OS architecture is HV4003's business.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: old-32-bit}
    spec:
      hypervisor: {product: hyperv, version: "2008"}
      cpu: {vendor: intel, model: Intel Pentium 4, arch: x86, cores: 1}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2008, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: x64-host}
    spec:
      hypervisor: {product: hyperv, version: "2008"}
      cpu: {vendor: intel, model: Intel Xeon 5160, arch: x86_64, cores: 4}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2008, arch: x64}
    ```

    Unstated (no CPU is described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: cpu-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```
    """

    code = "HV1104"
    name = "host-cpu-architecture"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-architecture-slat",
        "schadinio-2010",
        "vmware-kb-1009080",
        "vmware-esxi-65-hw",
        "xen-support-pvh",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        allowed = reqs.get("cpu_arch")
        cpu = ctx.spec.cpu
        if not allowed or cpu is None or cpu.arch in allowed:
            return
        yield Violation(
            ctx.at / "cpu" / "arch",
            f"{reqs.label} runs only on {' or '.join(allowed)} processors; this host's CPU "
            f"({cpu.model or cpu.vendor}) is {cpu.arch}",
        )
