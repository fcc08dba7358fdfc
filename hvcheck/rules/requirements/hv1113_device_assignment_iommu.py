"""HV1113 device-assignment-iommu."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import DeviceAssignmentRequirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact

_FACTS = (
    # (requirement field, cpu.features field, what it is, covered by any IOMMU of listed vendors)
    ("iommu", "iommu", "an IOMMU (Intel VT-d / AMD-Vi) present and enabled in firmware", False),
    (
        "interrupt_remapping",
        "interrupt_remapping",
        "IOMMU interrupt remapping (Intel VT-d2, or any AMD IOMMU)",
        True,
    ),
    (
        "dma_remapping_qi",
        "dma_remapping_qi",
        "DMA remapping with queued invalidations (Intel VT-d QI, or any AMD IOMMU)",
        True,
    ),
    ("acs_root_ports", "acs_root_ports", "Access Control Services on the PCIe root ports", False),
)


class DeviceAssignmentIommu(RequirementRule):
    """Give a host that passes devices through to VMs an IOMMU, and what else the product requires.

    Why: every hypervisor assigns a physical device to a guest only through an IOMMU that confines
    the device's DMA: ESXi DirectPath I/O "requires Intel VT-d or AMD IOMMU enabled in the BIOS"
    (vSphere DirectPath I/O); for Xen PCI passthrough "only systems using IOMMUs are supported"
    (SUPPORT.md); KVM/VFIO needs the ACPI DMAR/IVRS tables and populated IOMMU groups
    (virt-host-validate). Hyper-V Discrete Device Assignment also needs interrupt remapping (VT-d2 or
    any AMD IOMMU), DMA remapping (VT-d with queued invalidations or any AMD IOMMU) and ACS on the PCIe
    root ports, and the firmware must expose the IOMMU (System requirements for Hyper-V). A device is
    passed through when a virtual device has `mode: passthrough`. What each product needs comes from
    the release catalog (`device_assignment`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-gpu}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: false}
      devices:
        - {id: gpu0, class: display, pci: {vendor: "10de", device: "2236"}}
      partitions:
        - id: ml01
          role: child
          devices:
            - {id: ml01-gpu, kind: pci, model: vfio-pci, mode: passthrough, backed_by: gpu0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-gpu}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: true}
      devices:
        - {id: gpu0, class: display, pci: {vendor: "10de", device: "2236"}}
      partitions:
        - id: ml01
          role: child
          devices:
            - {id: ml01-gpu, kind: pci, model: vfio-pci, mode: passthrough, backed_by: gpu0}
    ```

    Unstated (the IOMMU details are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: iommu-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu: {vendor: intel, arch: x86_64, cores: 32}
      devices:
      - {id: gpu0, class: display}
      partitions:
      - id: root
        role: parent
        os: {family: windows, name: Windows Server 2022, arch: x64}
      - id: render
        role: child
        generation: 2
        devices:
          - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV1113"
    name = "device-assignment-iommu"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-system-requirements",
        "vmware-directpath-67",
        "xen-support-pvh",
        "libvirt-virt-host-validate",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: DeviceAssignmentRequirement | None = reqs.get("device_assignment")
        cpu = ctx.spec.cpu
        if need is None or cpu is None:
            return
        assigned = [
            f"'{dev.id}' ({part.id})"
            for _, part in ctx.partitions()
            for dev in part.devices
            if dev.mode == "passthrough"
        ]
        if not assigned:
            return
        devices = ", ".join(assigned)
        features = cpu.features
        vendor_covers = cpu.vendor in need.any_iommu_vendors and features.iommu is True
        for req_field, fact, what, any_iommu in _FACTS:
            if not getattr(need, req_field):
                continue
            if any_iommu and vendor_covers:
                continue
            value = getattr(features, fact)
            if value is None:
                yield UnstatedFact(
                    ctx.at / "cpu" / "features" / fact, f"{what}, needed by {need.name}"
                )
            elif value is False:
                yield Violation(
                    ctx.at / "cpu" / "features" / fact,
                    f"{need.name} on {reqs.label} needs {what}; this host has none, so "
                    f"{devices} cannot be passed through",
                )
