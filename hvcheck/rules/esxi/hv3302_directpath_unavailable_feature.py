"""HV3302 directpath-unavailable-feature."""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

from hvcheck.catalog.guests import Feature
from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.esxi.hv3301_directpath_device_limit import is_directpath

_LABELS = {
    "snapshots": "snapshots",
    "live_migration": "vMotion (live migration)",
    "save_restore": "suspend and resume",
    "fault_tolerance": "Fault Tolerance",
    "ha": "vSphere HA",
}


class DirectpathUnavailableFeature(Rule):
    """Turn off snapshots, vMotion, suspend, FT and HA for a VM with a DirectPath device.

    Why: a virtual machine that owns a physical PCI device through DirectPath I/O cannot be
    suspended, snapshotted, migrated with vMotion, protected by Fault Tolerance or HA, and DRS
    treats it as pinned: the device's state lives in the hardware, not in the VM's memory
    (vSphere 6.7 and 8.0 DirectPath I/O documentation). A host description that has such a VM use
    those features promises something ESXi will refuse. Which features are lost is read from the
    ``guests.passthrough_limits`` catalog; on a release the catalog does not cover, features in use
    are reported as unknown (info) (sources: vmware-directpath-67, vmware-directpath-80).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ml-host}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: gpu0, class: display}
      partitions:
        - id: trainer
          role: child
          features: {live_migration: true, ha: true}
          devices:
            - {id: t-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ml-host}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: gpu0, class: display}
      partitions:
        - id: trainer
          role: child
          features: {live_migration: false, ha: false, snapshots: false}
          devices:
            - {id: t-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
        - id: web
          role: child
          features: {live_migration: true, ha: true}
    ```

    Unstated (the VM's features are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: features-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: gpu0, class: display}
      partitions:
        - id: trainer
          role: child
          devices:
            - {id: t-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV3302"
    name = "directpath-unavailable-feature"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-directpath-67", "vmware-directpath-80")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        limit = ctx.catalog.guests.passthrough_limit(ctx.product.id, ctx.release)
        release = ctx.host_label()
        for at, part in ctx.partitions():
            passed = [dev.id for _, dev in ctx.devices_of(part) if is_directpath(ctx, dev)]
            if not passed:
                continue
            used = [f for f in get_args(Feature) if getattr(part.features, f) is True]
            if limit is None or not limit.unavailable_features:
                if used:
                    yield Unknown(
                        at / "features" / used[0],
                        f"'{part.id}' has a passed-through device ({', '.join(passed)}) and uses "
                        f"{', '.join(_LABELS[f] for f in used)}; which features DirectPath I/O "
                        f"takes away on {release} is not in the catalog, so whether they work is "
                        "unknown",
                    )
                continue
            for feature in used:
                if feature not in limit.unavailable_features:
                    continue
                yield Violation(
                    at / "features" / feature,
                    f"'{part.id}' has a passed-through device ({', '.join(passed)}), so it cannot "
                    f"use {_LABELS[feature]} on {release}; set {feature}: false or remove the "
                    "DirectPath device",
                )
