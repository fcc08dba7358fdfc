"""HV1109 boot-device."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import BootDeviceRequirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class BootDevice(RequirementRule):
    """Boot the hypervisor from a large enough persistent device that no other host shares.

    Why: "ESXi 7.0 requires a boot disk of at least 32 GB of persistent storage such as HDD, SSD, or
    NVMe. Use USB, SD and non-USB flash media devices only for ESXi boot bank partitions. A boot device
    must not be shared between ESXi hosts" (ESXi 7.0 and 8.0 hardware requirements). A smaller or
    shared boot device is an error. A USB or SD boot device is a warning: it may hold only the boot
    banks, and without a separate persistent device of 32 GB for the ESX-OSData volume ESXi runs in a
    degraded mode that loses logs on reboot. PXE (Auto Deploy) boots are not size-checked. The
    thresholds come from the release catalog (`boot_device`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-small-boot}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      boot_device: {kind: ssd, size_gb: 16, shared: false}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-m2-boot}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      boot_device: {kind: nvme, size_gb: 128, shared: false}
    ```

    Unstated (the boot device size is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: boot-size-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      boot_device: {kind: nvme}
    ```
    """

    code = "HV1109"
    name = "boot-device"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("vmware-esxi-70-hw", "vmware-esxi-80-hw")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: BootDeviceRequirement | None = reqs.get("boot_device")
        boot = ctx.spec.boot_device
        if need is None or boot is None:
            return
        label = reqs.label
        if need.not_shared:
            if boot.shared is None:
                yield UnstatedFact(
                    ctx.at / "boot_device" / "shared", "whether other hosts share the boot device"
                )
            elif boot.shared:
                yield Violation(
                    ctx.at / "boot_device" / "shared",
                    f"{label}: a boot device must not be shared between hosts; give each host "
                    "its own boot disk or LUN",
                )
        if boot.kind == "pxe" or need.min_size_gb is None:
            return
        minimum = need.min_size_gb
        if boot.kind in need.boot_bank_only:
            yield Violation(
                ctx.at / "boot_device" / "kind",
                f"{label} uses {boot.kind.upper()} boot media only for the boot-bank partitions; "
                f"give the host a persistent local device (HDD, SSD or NVMe) of at least "
                f"{minimum:g} GB for the ESX-OSData volume, or it runs in a degraded mode that "
                "loses logs and data on reboot",
                severity=Severity.WARNING,
            )
            return
        if boot.size_gb is None:
            yield UnstatedFact(
                ctx.at / "boot_device" / "size_gb", f"boot device size, at least {minimum:g} GB"
            )
        elif boot.size_gb < minimum:
            yield Violation(
                ctx.at / "boot_device" / "size_gb",
                f"{label} requires a boot device of at least {minimum:g} GB of persistent "
                f"storage; this {boot.kind.upper()} has {boot.size_gb:g} GB",
            )
