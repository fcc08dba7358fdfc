"""HV1303 virtual-hardware-limits."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
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
    A VM that does not state its hardware version is not checked.

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
            for limit in facts.hardware_limits_for(pid, hw):
                why = f"virtual hardware version {hw} allows at most {limit.max} {limit.label}"
                note = f" ({limit.note})" if limit.note else ""
                if limit.counts == "vcpus" and part.vcpus is not None and part.vcpus > limit.max:
                    yield Violation(
                        at / "vcpus",
                        f"VM '{part.id}' has {part.vcpus} virtual processors; {why}{note}",
                    )
                elif (
                    limit.counts == "memory-mb"
                    and part.memory_mb is not None
                    and part.memory_mb > limit.max
                ):
                    yield Violation(
                        at / "memory_mb",
                        f"VM '{part.id}' has {part.memory_mb} MiB of memory; {why}{note}",
                    )
                elif limit.counts == "devices":
                    counted = [
                        dev_at
                        for dev_at, dev in ctx.devices_of(part)
                        if dev.kind in limit.kinds or ctx.canonical_model(dev) in limit.models
                    ]
                    if len(counted) > limit.max:
                        yield Violation(
                            counted[limit.max] / "model",
                            f"VM '{part.id}' has {len(counted)} {limit.label}; {why}{note}",
                        )
