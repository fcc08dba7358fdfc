"""HV1303 virtual-hardware-limits."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.release_facts import HardwareLimit
from hvcheck.findings import Severity
from hvcheck.model.host import Partition
from hvcheck.model.paths import Path
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class VirtualHardwareLimits(Rule):
    """Keep each VM within the maximums of its virtual hardware version.

    Why: the virtual hardware version caps what a VM may have: 8 virtual processors and 255 GB of
    memory at hardware version 7, 128 and 4,080 GB at version 11, 768 and 24,560 GB from version 18;
    4 network adapters at version 4 and 10 from version 7; 4 SATA controllers from version 10 and 4
    NVMe controllers from version 13 (vSphere "Hardware Features Available with Virtual Machine
    Compatibility Settings", 6.5 to 8.0). A VM over a cap does not power on; upgrade its virtual
    hardware or remove the excess. The caps are `hardware_limits` in catalogs/vmware-hardware.yaml;
    whether a device kind exists at all in a version is HV3305's, the SCSI controller count HV3307's.
    A VM that does not state its hardware version is not checked; one whose version is newer than
    the catalog's table for a cap, and which exceeds the cap of the latest version the table has,
    is reported as unknown.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-hw7-big}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: db
          role: child
          hw_version: 7
          vcpus: 16
          memory_mb: 65536
          os: {family: linux, name: CentOS, version: "7", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-hw14}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: db
          role: child
          hw_version: 14
          vcpus: 16
          memory_mb: 65536
          os: {family: linux, name: CentOS, version: "7", arch: x64}
          devices:
            - {id: db-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```

    Unstated (the hardware version is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-hw-unstated}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: db
          role: child
          vcpus: 16
          os: {family: linux, name: CentOS, version: "7", arch: x64}
    ```
    """

    code = "HV1303"
    name = "virtual-hardware-limits"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-vm-compat-80", "vmware-vm-compat-67", "vmware-vm-compat-70")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        facts = ctx.catalog.release_facts
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            hw = part.hw_version
            if hw is None:
                continue
            covered = facts.hardware_limits_for(pid, hw)
            for limit in covered:
                found = _over(ctx, at, part, limit, limit.max)
                if found is not None:
                    path, what = found
                    note = f" ({limit.note})" if limit.note else ""
                    yield Violation(
                        path,
                        f"VM '{part.id}' has {what}; virtual hardware version {hw} allows at most "
                        f"{limit.max} {limit.label}{note}",
                    )
            for known in _last_known(facts.hardware_limits, pid, hw, {x.id for x in covered}):
                found = _over(ctx, at, part, known, known.max)
                if found is not None:
                    path, what = found
                    yield Unknown(
                        path,
                        f"VM '{part.id}' has {what}; the catalog has no limit of {known.label} for "
                        f"virtual hardware version {hw} (version {known.max_hw_version} allows at "
                        f"most {known.max}), so whether version {hw} allows it is unknown",
                    )


def _over(
    ctx: HostContext, at: Path, part: Partition, limit: HardwareLimit, most: int
) -> tuple[Path, str] | None:
    """Where ``part`` exceeds ``most`` of what ``limit`` counts, and what it has, in words."""
    if limit.counts == "vcpus":
        if part.vcpus is not None and part.vcpus > most:
            return at / "vcpus", f"{part.vcpus} virtual processors"
        return None
    if limit.counts == "memory-mb":
        if part.memory_mb is not None and part.memory_mb > most:
            return at / "memory_mb", f"{part.memory_mb} MiB of memory"
        return None
    counted = [
        dev_at
        for dev_at, dev in ctx.devices_of(part)
        if dev.kind in limit.kinds or ctx.canonical_model(dev) in limit.models
    ]
    if len(counted) > most:
        return counted[most] / "model", f"{len(counted)} {limit.label}"
    return None


def _last_known(
    limits: list[HardwareLimit], product: str | None, hw: int, covered: set[str]
) -> list[HardwareLimit]:
    """For each limit the catalog states for earlier versions but not for ``hw`` (its tables end
    below it), the entry of the latest version it does state."""
    latest: dict[str, HardwareLimit] = {}
    for entry in limits:
        if product not in entry.products or entry.id in covered:
            continue
        top = entry.max_hw_version
        if top is None or top >= hw:
            continue
        best = latest.get(entry.id)
        if best is None or (best.max_hw_version or 0) < top:
            latest[entry.id] = entry
    return list(latest.values())
