"""HV1301 release-feature-support."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.release_facts import (
    ERROR_STATUSES,
    OK_STATUSES,
    STATUS_WORDS,
    ReleaseFeature,
    status_for,
)
from hvcheck.catalog.releases import release_label
from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules._release import (
    canonical_release,
    point,
    release_match,
    span,
    support_hint,
    uses,
)
from hvcheck.rules.base import ALL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class ReleaseFeatureSupport(Rule):
    """Use only the features, guest types and configurations the host's release supports.

    Why: what a hypervisor offers changes by release, and the vendors say so release by release:
    Hyper-V has generation 2 VMs from Windows Server 2012 R2 (Windows 8.1) and Discrete Device
    Assignment from 2016, Secure Boot for Linux guests from 2016, and never live migration, SR-IOV or
    Virtual Fibre Channel on Windows client; a Windows Server 2025 guest needs a 2022 or later host.
    Xen's SUPPORT.md rates each feature per release (a PVH dom0 is Experimental up to 4.18 and
    "Supported, with caveats" from 4.19; qemu-xen-traditional was removed in 4.21), and xl/libxl
    refuse some configurations outright (PCI passthrough to a PVH guest, BIOS or UEFI firmware in a PV
    guest). These facts are data (`release_facts.features` in catalogs/hyperv-releases.yaml,
    catalogs/xen-releases.yaml, catalogs/vmware-hardware.yaml): each names when a host uses the
    feature and its status per release range. A release that does not have it, or a configuration
    the platform refuses, is an error; what the vendor rates Experimental, Tech Preview, not
    security-supported, deprecated or not recommended is a warning. A feature whose use the host does
    not state is not checked; when the release is not stated or not in the catalog, a feature whose
    status differs between releases is reported as unknown.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2012-gen2}
    spec:
      hypervisor: {product: hyperv, version: "2012"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2012, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2012, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2012r2-gen2}
    spec:
      hypervisor: {product: hyperv, version: "2012 R2"}
      cpu:
        vendor: intel
        arch: x86_64
        features: {hw_virt: true, hw_virt_enabled: true, slat: true, nx: true, nx_enabled: true}
      memory_gb: 256
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2012 R2, arch: x64}
        - id: web
          role: child
          generation: 2
          firmware: {type: uefi, secure_boot: true, template: MicrosoftWindows}
          os: {family: windows, name: Windows Server 2012 R2, arch: x64}
          vcpus: 4
          memory_mb: 8192
          devices:
            - {id: web-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root, boot: true}
            - {id: web-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    ```

    Unstated (the VM's generation is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2012-generation-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2012"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2012, arch: x64}
        - id: web
          role: child
          os: {family: windows, name: Windows Server 2012, arch: x64}
    ```
    """

    code = "HV1301"
    name = "release-feature-support"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "ms-hyperv-create-vm-quickstart",
        "ms-hyperv-overview-client",
        "ms-hyperv-windows-guests",
        "xen-support-4.19",
        "xen-libxl-x86-pvh-passthrough",
    )

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        match = release_match(ctx)
        if ctx.product is None or match is None:
            return
        release = canonical_release(ctx)
        label = release_label(ctx.product.name, match.release, ctx.release)
        reported: set[Path] = set()
        for feature in ctx.catalog.release_facts.features_for(ctx.product.id):
            # Decide what the release makes of the feature first: most features are fine on the
            # host's release, and then where the host uses them does not matter.
            row = status_for(feature.support, release) if release is not None else None
            if row is None:  # the release, or its status, is not known
                if all(r.status in OK_STATUSES for r in feature.support):
                    continue  # fine on every release the catalog knows
                first = next(uses(ctx, feature.when), None)
                if first is None:
                    continue
                if release is None:
                    why = (
                        f"{label} is not a release the catalog knows"
                        if ctx.release
                        else f"the {ctx.product.name} release is not stated"
                    )
                    message = (
                        f"{first.who} uses {feature.name}, whose support differs between "
                        f"releases ({_summary(feature)}); {why}, so whether it supports it is "
                        "unknown"
                    )
                else:
                    message = (
                        f"{first.who} uses {feature.name}; its status on {label} is not in the "
                        f"catalog ({_summary(feature)})"
                    )
                yield Unknown(point(first.at, feature.at, first), message)
                continue
            if row.status in OK_STATUSES:
                continue
            severity = Severity.ERROR if row.status in ERROR_STATUSES else Severity.WARNING
            hint = support_hint(feature.support)
            detail = row.note or (hint and f"{hint}") or ""
            for use in uses(ctx, feature.when):
                path = point(use.at, feature.at, use)
                if path in reported:
                    continue
                reported.add(path)
                yield Violation(
                    path,
                    f"{use.who} uses {feature.name}; {label} {STATUS_WORDS[row.status]}"
                    + (f": {detail}" if detail else ""),
                    severity=severity,
                )


def _summary(feature: ReleaseFeature) -> str:
    """'2008 to 2012: unavailable; from 2012 R2: supported'."""
    return "; ".join(f"{span(row)}: {row.status.replace('-', ' ')}" for row in feature.support)
