"""HV1116 kvm-iommu-kernel."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import DeviceAssignmentRequirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact, quoted


class KvmIommuKernel(RequirementRule):
    """Turn on in the Linux kernel the IOMMU the firmware provides, before assigning devices on KVM.

    Why: VFIO device assignment needs the IOMMU enabled twice: in the firmware (the ACPI DMAR or
    IVRS table, `cpu.features.iommu`) and by the kernel, which then puts every device in an IOMMU
    group (`/sys/kernel/iommu_groups`, `kvm.iommu_enabled`). `virt-host-validate qemu` checks the
    second separately and warns "IOMMU appears to be disabled in kernel. Add intel_iommu=on to
    kernel cmdline arguments" (AMD: "Add iommu=pt iommu=1") when the groups are empty
    (tools/virt-host-validate-common.c). That is a warning here, as in the tool, and an error when
    a guest has a device passed through, which then cannot start. The parameters per processor
    vendor are `kernel_parameters` in catalogs/releases.yaml (other vendors get no specific advice).
    Applies to KVM hosts that describe `spec.kvm`; a firmware without an IOMMU is HV1113's.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-iommu-off}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: true}
      kvm: {dev_kvm: true, iommu_enabled: false}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-iommu-on}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: true}
      kvm: {dev_kvm: true, iommu_enabled: true}
    ```

    Unstated (whether the kernel turned the IOMMU on is not said, and a device is assigned):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-iommu-kernel-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      cpu:
        vendor: amd
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: true}
      kvm: {dev_kvm: true}
      devices:
        - {id: gpu0, class: display, pci: {vendor: "10de", device: "1eb8"}}
      partitions:
        - id: ml01
          role: child
          devices:
            - {id: ml01-gpu, kind: pci, model: vfio-pci, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV1116"
    name = "kvm-iommu-kernel"
    default_severity = Severity.WARNING
    architectures = (HOSTED,)
    products = ("kvm",)
    sources = ("libvirt-virt-host-validate",)

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: DeviceAssignmentRequirement | None = reqs.get("device_assignment")
        kvm, cpu = ctx.spec.kvm, ctx.spec.cpu
        if need is None or not need.iommu or kvm is None or cpu is None:
            return
        if cpu.features.iommu is not True:
            return  # no IOMMU in the firmware (HV1113), or not stated
        assigned = [
            dev.id for _, _, dev in ctx.virtual_devices(mode="passthrough") if dev.backed_by
        ]
        if kvm.iommu_enabled is None:
            if assigned:
                yield UnstatedFact(
                    ctx.at / "kvm" / "iommu_enabled",
                    f"whether the kernel turned the IOMMU on, needed by {need.name}",
                )
            return
        if kvm.iommu_enabled:
            return
        params = need.kernel_parameters.get(cpu.vendor) if cpu.vendor else None
        advice = (
            f"add {params} to the kernel command line" if params else "turn it on in the kernel"
        )
        if assigned:
            consequence = f"so {quoted(assigned)} cannot be passed through"
        else:
            consequence = f"so {need.name} will not work until it does"
        yield Violation(
            ctx.at / "kvm" / "iommu_enabled",
            f"the firmware has an IOMMU but the Linux kernel has not turned it on (no IOMMU "
            f"groups), {consequence}; {advice}",
            severity=Severity.ERROR if assigned else None,
        )
