"""HV1103 hardware-virtualization."""

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
    is_64_bit,
    quoted,
)


class HardwareVirtualization(RequirementRule):
    """Give the host a CPU with hardware virtualization (Intel VT-x / AMD-V) enabled in firmware.

    Why: Hyper-V needs "VM Monitor Mode extensions" and hardware-assisted virtualization "turned on in
    the BIOS or UEFI" (System requirements for Hyper-V); KVM fails without the vmx/svm flag ("Only
    emulated CPUs are available", virt-host-validate); Xen HVM and PVH domains "require hardware
    virtualisation support (Intel VMX / AMD SVM)" (SUPPORT.md) while PV domains do not. ESXi installs
    without it, but "to support 64-bit virtual machines, support for hardware virtualization (Intel
    VT-x or AMD RVI) must be enabled" (ESXi 6.0-8.0 hardware requirements; VMware KB 1003945): an error
    when a 64-bit guest is described, else a warning. Windows Virtual PC required it at release; an
    update removed that, so there it is a warning. What each release needs comes from the release
    catalog (`hw_virt`); a CPU that lacks the feature and one that has it switched off in firmware are
    reported differently.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-vt-off}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu:
        vendor: intel
        arch: x86_64
        cores: 16
        features: {hw_virt: true, hw_virt_enabled: false, nx: true, nx_enabled: true}
      partitions:
        - id: web01
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-vt-on}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu:
        vendor: intel
        arch: x86_64
        cores: 16
        features: {hw_virt: true, hw_virt_enabled: true, nx: true, nx_enabled: true}
      partitions:
        - id: web01
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```

    Unstated (the CPU states no features):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: features-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu: {vendor: intel, arch: x86_64, cores: 32}
    ```
    """

    code = "HV1103"
    name = "hardware-virtualization"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-system-requirements",
        "vmware-esxi-80-hw",
        "vmware-kb-1003945",
        "xen-support-pvh",
        "libvirt-virt-host-validate",
        "geekswithblogs-2010-wvpc",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need = reqs.get("hw_virt")
        cpu = ctx.spec.cpu
        if need is None or cpu is None:
            return
        severity = Severity.ERROR
        purpose = ""
        verb = "needs"
        if need == "recommended":
            severity = Severity.WARNING
            verb = "recommends"
        elif need == "for-64-bit-guests":
            guests = [p.id for _, p in ctx.partitions("child") if is_64_bit(p)]
            if guests:
                purpose = f" to run 64-bit guests ({quoted(guests)})"
            else:
                severity = Severity.WARNING
                purpose = " to run any 64-bit guest (none is described; 32-bit guests only)"
        elif need == "for-hvm-guests":
            domains = [p.id for _, p in ctx.partitions() if p.virt_mode in ("hvm", "pvh")]
            if not domains:
                return  # PV domains have no hardware requirements
            purpose = f" for HVM and PVH domains ({quoted(domains)})"
        features = cpu.features
        state = feature_state(features.hw_virt, features.hw_virt_enabled)
        label = reqs.label
        if state == "unknown":
            yield UnstatedFact(
                ctx.at / "cpu" / "features" / "hw_virt_enabled",
                "VT-x/AMD-V hardware virtualization enabled in firmware",
            )
        elif state == "absent":
            yield Violation(
                ctx.at / "cpu" / "features" / "hw_virt",
                f"{label} {verb} hardware virtualization (Intel VT-x / AMD-V){purpose}; this CPU "
                f"({cpu.model or cpu.vendor}) does not have it",
                severity=severity,
            )
        elif state == "disabled":
            yield Violation(
                ctx.at / "cpu" / "features" / "hw_virt_enabled",
                f"{label} {verb} hardware virtualization (Intel VT-x / AMD-V) enabled in "
                f"firmware{purpose}; it is switched off: enable it in the BIOS/UEFI setup",
                severity=severity,
            )
