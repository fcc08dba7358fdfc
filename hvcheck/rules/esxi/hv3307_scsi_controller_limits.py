"""HV3307 scsi-controller-limits."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import controller_limit_violations
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class ScsiControllerLimits(Rule):
    """Give a VM at most 4 SCSI controllers with at most 15 disks each, never on unit 7.

    Why: an ESXi virtual machine has at most four virtual SCSI controllers (BusLogic, LSI Logic
    Parallel, LSI Logic SAS, PVSCSI: the .vmx ``scsiN.virtualDev`` values) and each offers 15
    disk nodes, units 0 to 15 with unit 7 reserved for the controller itself (vSphere 5.1 SCSI
    controller configuration; libvirt ``src/vmx/vmx.c``). A disk on unit 7, a sixteenth disk on one
    controller or a fifth controller cannot be configured. The models and numbers are read from the
    ``guests.controller_limits`` catalog; disks say which controller they sit on with
    ``controller`` and ``unit`` (sources: vmware-scsi-controllers-51, libvirt-vmx, azure-vmware-wsfc).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-db}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: db01
          role: child
          devices:
            - {id: db01-scsi0, kind: storage, model: lsisas1068, mode: emulated, served_by: hypervisor}
            - {id: db01-os, kind: disk, model: lsisas1068, mode: emulated, controller: db01-scsi0, unit: 0, boot: true}
            - {id: db01-data, kind: disk, model: lsisas1068, mode: emulated, controller: db01-scsi0, unit: 7}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-db}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: db01
          role: child
          devices:
            - {id: db01-scsi0, kind: storage, model: lsisas1068, mode: emulated, served_by: hypervisor}
            - {id: db01-os, kind: disk, model: lsisas1068, mode: emulated, controller: db01-scsi0, unit: 0, boot: true}
            - {id: db01-data, kind: disk, model: lsisas1068, mode: emulated, controller: db01-scsi0, unit: 8}
    ```

    Unstated (the hardware version is not stated, and unit 16 needs version 14):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hw-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: db01
          role: child
          devices:
            - {id: c0, kind: storage, model: pvscsi, mode: paravirtual}
            - {id: d16, kind: disk, model: pvscsi, mode: paravirtual, controller: c0, unit: 16}
    ```
    """

    code = "HV3307"
    name = "scsi-controller-limits"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-scsi-controllers-51", "libvirt-vmx", "azure-vmware-wsfc")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, part in ctx.partitions():
            yield from controller_limit_violations(ctx, at, part)
