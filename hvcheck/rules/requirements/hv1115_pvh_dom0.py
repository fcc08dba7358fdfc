"""HV1115 pvh-dom0."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import PvhDom0Requirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class PvhDom0(RequirementRule):
    """Run a PVH dom0 only on a host with an IOMMU, and not with SR-IOV devices it must manage.

    Why: Xen's SUPPORT.md (x86/PVH): "Dom0 support requires an IOMMU (Intel VT-d / AMD IOMMU)", an
    error when the host's CPU features say there is none; and "at least the following features are
    missing on a PVH dom0: PCI SR-IOV", a warning for every physical device with SR-IOV virtual
    functions enabled (`sriov: true`) while dom0 runs as PVH. dom0 is the partition with `role:
    parent`; it runs as PVH when its `virt_mode` is `pvh`. The facts come from the release catalog
    (`pvh_dom0`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-pvh-no-iommu}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      cpu:
        vendor: amd
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: false}
      partitions:
        - id: dom0
          role: parent
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-pvh}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      cpu:
        vendor: amd
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, iommu: true}
      partitions:
        - id: dom0
          role: parent
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
    ```

    Unstated (no CPU is described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: pvh-dom0-cpu-unstated}
    spec:
      hypervisor: {product: xen, version: "4.19"}
      partitions:
      - id: dom0
        role: parent
        virt_mode: pvh
        os: {family: linux, name: Debian, version: "12", arch: x64}
    ```
    """

    code = "HV1115"
    name = "pvh-dom0"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    products = ("xen",)
    sources = ("xen-support-pvh", "xen-support-4.19", "xen-support-4.21")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: PvhDom0Requirement | None = reqs.get("pvh_dom0")
        if need is None:
            return
        dom0s = [(at, p) for at, p in ctx.partitions("parent") if p.virt_mode == "pvh"]
        if not dom0s:
            return
        dom0 = dom0s[0][1]
        cpu = ctx.spec.cpu
        if need.iommu and cpu is not None:
            if cpu.features.iommu is None:
                yield UnstatedFact(
                    ctx.at / "cpu" / "features" / "iommu",
                    f"an IOMMU, needed by PVH dom0 '{dom0.id}'",
                )
            elif cpu.features.iommu is False:
                yield Violation(
                    ctx.at / "cpu" / "features" / "iommu",
                    f"PVH dom0 '{dom0.id}' requires an IOMMU (Intel VT-d / AMD IOMMU) on "
                    f"{reqs.label}; this host has none: enable the IOMMU in firmware or run dom0 "
                    "as PV",
                )
        if need.sriov_unsupported or "sr-iov" in need.missing:
            for at, dev in ctx.devices():
                if dev.sriov and dev.in_use:
                    yield Violation(
                        at / "sriov",
                        f"device '{dev.id}' has SR-IOV virtual functions enabled, but a PVH dom0 "
                        f"('{dom0.id}') cannot use PCI SR-IOV on {reqs.label}; run dom0 as PV, or "
                        "disable SR-IOV",
                        severity=Severity.WARNING,
                    )
        if "pci-passthrough-to-domu" not in need.missing:
            return
        for _at, part in ctx.partitions("child", "driver-domain"):
            for vdev_at, vdev in ctx.devices_of(part):
                if (
                    vdev.mode == "passthrough"
                    and vdev.backed_by
                    and ctx.device_by_id(vdev.backed_by)
                ):
                    yield Violation(
                        vdev_at / "mode",
                        f"device '{vdev.id}' passes a PCI device through to '{part.id}', but "
                        f"SUPPORT.md lists PCI passthrough to any domU as missing on a PVH dom0 "
                        f"('{dom0.id}') on {reqs.label}; run dom0 as PV",
                        severity=Severity.WARNING,
                    )
