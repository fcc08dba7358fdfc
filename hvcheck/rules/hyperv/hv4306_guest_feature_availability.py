"""HV4306 guest-feature-availability."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.hyperv import GuestFeature
from hvcheck.findings import Severity
from hvcheck.model.host import Partition
from hvcheck.model.paths import Path
from hvcheck.rules._messages import guest_label, join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import assigned_devices, vm_setting_in_use


def _uses(ctx: HostContext, at: Path, part: Partition, feature: GuestFeature) -> Path | None:
    """The path of the first thing in the partition that uses ``feature``, or None."""
    for dev_at, dev in ctx.devices_of(part):
        if feature.device_models and ctx.canonical_model(dev) in feature.device_models:
            return dev_at / "model"
    if feature.services and part.integration is not None:
        for k, service in enumerate(part.integration.services):
            if service in feature.services:
                return at / "integration" / "services" / k
    if feature.min_vcpus is not None and part.vcpus is not None and part.vcpus >= feature.min_vcpus:
        return at / "vcpus"
    setting = feature.setting
    if setting in ("dynamic-memory", "live-migration"):
        return vm_setting_in_use(at, part, setting)
    if setting == "secure-boot" and part.firmware and part.firmware.secure_boot:
        return at / "firmware" / "secure_boot"
    if setting == "uefi":
        if part.firmware is not None and part.firmware.type == "uefi":
            return at / "firmware" / "type"
        if part.generation == 2:
            return at / "generation"
    if setting == "device-assignment":
        for assigned in assigned_devices(ctx, part):
            return assigned.at / "backed_by"
    return None


class GuestFeatureAvailability(Rule):
    """Use only the Hyper-V features the guest's integration services provide.

    Why: Linux and FreeBSD guests get Hyper-V features from their integration services (LIS, built into
    the distribution or the Microsoft download; BIS for FreeBSD), and the vendor's feature matrices list,
    per distribution release, which features are available and which are not: e.g. no SR-IOV on Ubuntu
    14.04 or RHEL 7.0-7.3 with built-in LIS, no Dynamic Memory, Hyper-V video, SR-IOV, file copy or Secure
    Boot on any FreeBSD, DDA only from RHEL 7.3 and FreeBSD 11.1 (Supported Ubuntu / CentOS and RHEL /
    FreeBSD virtual machines on Hyper-V). For Windows guests, SR-IOV needs 64-bit Windows Server 2012 or
    Windows 8 or later, and DDA Windows 10, Windows Server 2016/2019, or 2012 R2 with KB 3133690 (Hyper-V
    feature compatibility by generation and guest; Plan for deploying devices using DDA). A feature
    used that the guest lacks is an error; one that needs an update a warning; one the matrix
    (catalogs/hyperv-guests.yaml) does not answer for the guest is unknown (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: freebsd-dynamic-memory}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: fw
          role: child
          generation: 2
          os: {family: freebsd, name: FreeBSD, version: "12.1", arch: x64}
          dynamic_memory: {enabled: true, startup_mb: 2048, min_mb: 1024, max_mb: 4096}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: freebsd-static-memory}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: fw
          role: child
          generation: 2
          os: {family: freebsd, name: FreeBSD, version: "12.1", arch: x64}
          memory_mb: 4096
          dynamic_memory: {enabled: false}
    ```

    Unstated (the guest's integration software is not stated; the matrix has no answer for it):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: features-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```
    """

    code = "HV4306"
    name = "guest-feature-availability"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = (
        "ms-hyperv-ubuntu",
        "ms-hyperv-rhel",
        "ms-hyperv-freebsd",
        "ms-hyperv-linux-features",
        "ms-hyperv-feature-compat",
        "ms-hyperv-dda-plan",
    )

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        features = hv.features_for(pid)
        for at, part in ctx.partitions("child"):
            os = part.os
            if os is None or (part.integration is not None and not part.integration.present):
                continue  # without integration services other rules apply (HV4005)
            kind = part.integration.kind if part.integration is not None else None
            guest = guest_label(part) + (f" with {kind}" if kind else "")
            unknown: list[str] = []
            for feature in features:
                if os.family not in feature.families:
                    continue
                path = _uses(ctx, at, part, feature)
                if path is None:
                    continue
                found = hv.feature_availability(pid, os, kind, feature.id, ctx.release)
                if found is None:
                    unknown.append(feature.name)
                    continue
                availability, row = found
                note = f" ({row.note})" if row.note else ""
                if availability == "not-available":
                    yield Violation(
                        path,
                        f"VM '{part.id}' uses {feature.name}, which is not available to {guest}"
                        f"{note}",
                    )
                elif availability == "needs-update":
                    yield Violation(
                        path,
                        f"VM '{part.id}' uses {feature.name}, which {guest} supports only with an "
                        f"update{note}",
                        severity=Severity.WARNING,
                    )
            if unknown:
                yield Unknown(
                    at / "os" / "name",
                    f"whether {join(unknown)} (used by VM '{part.id}') "
                    f"{'is' if len(unknown) == 1 else 'are'} available to {guest} is unknown: the "
                    "feature matrix in the catalog does not say",
                )
