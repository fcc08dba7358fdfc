"""HV3306 vmware-boot-controller-without-install-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import check_boot_drivers
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class VmwareBootControllerWithoutInstallDriver(Rule):
    """Load the PVSCSI driver during setup when a guest installs onto a PVSCSI boot disk.

    Why: an OS installer sees only disks its own media has drivers for. Windows ships no PVSCSI
    driver; it comes with VMware Tools (or Windows Update), which are installed after setup. So a
    Windows VM that boots from a disk on a PVSCSI controller must have had the driver loaded
    during installation (the F6 / "Load driver" step), or installed before the boot disk was moved
    to PVSCSI; PVSCSI was at first not supported for boot disks at all (About VMware Paravirtual
    SCSI controllers). State it in ``integration.drivers_at_install`` (or
    ``integration.drivers``). Linux guests have the driver in the kernel and its installer. Which
    guest has it in-box is read from the ``guests.guest_drivers`` catalog (sources: vmware-pvscsi-hw7, vmware-tools-drivers, vmware-cloud-waf-tools).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-sql}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: vmware-tools, drivers_at_install: []}
          devices:
            - {id: sql01-scsi0, kind: storage, model: pvscsi, mode: paravirtual, served_by: hypervisor}
            - {id: sql01-os, kind: disk, model: pvscsi, mode: paravirtual, controller: sql01-scsi0, unit: 0, boot: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-sql}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: vmware-tools, drivers_at_install: [pvscsi]}
          devices:
            - {id: sql01-scsi0, kind: storage, model: pvscsi, mode: paravirtual, served_by: hypervisor}
            - {id: sql01-os, kind: disk, model: pvscsi, mode: paravirtual, controller: sql01-scsi0, unit: 0, boot: true}
    ```

    Unstated (the drivers loaded during setup are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: setup-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: sql01
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: sql01-scsi0, kind: storage, model: pvscsi, mode: paravirtual, served_by: hypervisor}
            - {id: sql01-os, kind: disk, model: pvscsi, mode: paravirtual, controller: sql01-scsi0, unit: 0, boot: true}
    ```
    """

    code = "HV3306"
    name = "vmware-boot-controller-without-install-driver"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-pvscsi-hw7", "vmware-tools-drivers", "vmware-cloud-waf-tools")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from check_boot_drivers(ctx)
