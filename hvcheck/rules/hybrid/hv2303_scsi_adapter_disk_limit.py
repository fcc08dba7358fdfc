"""HV2303 scsi-adapter-disk-limit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import controller_limit_violations
from hvcheck.rules.base import HYBRID, Rule, Violation
from hvcheck.rules.context import HostContext


class ScsiAdapterDiskLimit(Rule):
    """Attach at most 7 disks to each emulated Adaptec 7870 SCSI adapter of Virtual Server.

    Why: Virtual Server emulates an Adaptec 7870 parallel SCSI adapter that takes up to 7 disks
    (John Howard, Boot from SCSI in Virtual Server); an eighth disk needs another adapter. The
    adapter models and the count are read from the ``guests.controller_limits`` catalog; disks say
    which adapter they sit on with ``controller`` (sources: jhoward-scsi).

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
            - {id: scsi0, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: d0, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 0}
            - {id: d1, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 1}
            - {id: d2, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 2}
            - {id: d3, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 3}
            - {id: d4, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 4}
            - {id: d5, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 5}
            - {id: d6, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 6}
            - {id: d7, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 8}
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
            - {id: scsi0, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: scsi1, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: d0, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 0}
            - {id: d1, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 1}
            - {id: d2, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 2}
            - {id: d3, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 3}
            - {id: d4, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 4}
            - {id: d5, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 5}
            - {id: d6, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0, unit: 6}
            - {id: d7, kind: disk, model: vhd-disk, mode: emulated, controller: scsi1, unit: 0}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: units-unstated}
    spec:
      hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
      host_os: {family: windows, name: Windows Server 2003 R2, arch: x64}
      partitions:
        - id: files01
          role: child
          devices:
            - {id: scsi0, kind: storage, model: adaptec-7870, mode: emulated}
            - {id: d0, kind: disk, model: vhd-disk, mode: emulated, controller: scsi0}
    ```
    """

    code = "HV2303"
    name = "scsi-adapter-disk-limit"
    default_severity = Severity.ERROR
    architectures = (HYBRID,)
    sources = ("jhoward-scsi",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, part in ctx.partitions():
            yield from controller_limit_violations(ctx, at, part)
