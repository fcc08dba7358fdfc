"""HV2302 virtual-disk-size-limit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HYBRID, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class VirtualDiskSizeLimit(Rule):
    """Keep hybrid VMM virtual disks within their bus's size: IDE 127 GB, SCSI 2040 GB.

    Why: Virtual Server's emulated IDE controller takes virtual hard disks of up to 127 GB (it has
    no 48-bit LBA), and its emulated Adaptec 7870 SCSI adapter takes disks of up to 2040 GB (John
    Howard, Boot from SCSI in Virtual Server); Virtual PC's drive images go up to about 127 GB
    (KB 833144). A bigger disk cannot be attached. A disk's bus comes from its ``bus`` or from the
    model of its ``controller``; the limits are read from the ``guests.disk_limits`` catalog, and a
    bus without a limit there is reported as unknown (info) (sources: jhoward-scsi, kb833144).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: files01
          role: child
          integration: {present: true}
          devices:
            - {id: files01-ide, kind: storage, model: ide-controller, mode: emulated}
            - {id: files01-os, kind: disk, model: vhd-disk, mode: emulated, controller: files01-ide, size_gb: 200, boot: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: vs01}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: files01
          role: child
          integration: {present: true}
          devices:
            - {id: files01-ide, kind: storage, model: ide-controller, mode: emulated}
            - {id: files01-scsi, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: files01-os, kind: disk, model: vhd-disk, mode: emulated, controller: files01-ide, size_gb: 60, boot: true}
            - {id: files01-data, kind: disk, model: vhd-disk, mode: emulated, controller: files01-scsi, unit: 0, size_gb: 1500}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: size-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: files01
          role: child
          devices:
            - {id: files01-scsi, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: files01-data, kind: disk, model: vhd-disk, mode: emulated, controller: files01-scsi, unit: 0}
    ```
    """

    code = "HV2302"
    name = "virtual-disk-size-limit"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = ("jhoward-scsi", "kb833144")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product
        guests = ctx.catalog.guests
        for at, _part, dev in ctx.virtual_devices(kind="disk"):
            if dev.size_gb is None:
                continue
            bus: str | None = dev.bus
            ctrl = ctx.virtual_device_by_id(dev.controller) if dev.controller else None
            if bus is None and ctrl is not None:
                bus = guests.disk_bus_of_controller(product.id, ctx.canonical_model(ctrl))
            if bus is None:
                continue
            limit = guests.disk_limit(product.id, bus)
            if limit is None:
                yield Unknown(
                    at / "size_gb",
                    f"the largest {bus.upper()} disk {product.name} supports is not in the "
                    f"catalog, so whether '{dev.id}' ({dev.size_gb:g} GB) fits is unknown",
                )
            elif dev.size_gb > limit.max_size_gb:
                yield Violation(
                    at / "size_gb",
                    f"'{dev.id}' is {dev.size_gb:g} GB, but {product.name} supports "
                    f"{bus.upper()} disks of up to {limit.max_size_gb:g} GB",
                )
