"""HV3304 vmware-pv-device-without-guest-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import check_pv_drivers
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class VmwarePvDeviceWithoutGuestDriver(Rule):
    """Give VMware paravirtual devices (VMXNET, VMXNET3, PVSCSI) only to guests with their driver.

    Why: paravirtual devices have no real-hardware counterpart, so no OS vendor ships a driver
    for them by default. VMXNET: "operating system vendors do not provide built-in drivers… you
    must install VMware Tools"; VMXNET3 "requires that VMware Tools be installed" (vSphere NIC
    types). Linux is the exception: "Linux vmxnet3 and pvscsi drivers are incorporated into the
    upstream Linux kernel", with open-vm-tools for the rest; Windows gets them from VMware Tools or
    Windows Update (VMware Cloud Well-Architected Framework). Which guest gets the driver how is
    read from the ``guests.guest_drivers`` catalog; a guest it does not cover is reported as
    unknown (info). A boot controller whose driver setup lacks is left to HV3306 (sources: vmware-nic-types-40, vmware-pvscsi-hw7, vmware-cloud-waf-tools).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-app}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: app01
          role: child
          os: {family: windows, name: Windows Server 2019, arch: x64}
          integration: {present: false}
          devices:
            - {id: app01-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-app}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: app01
          role: child
          os: {family: windows, name: Windows Server 2019, arch: x64}
          integration: {present: true, kind: vmware-tools, version: "12.3.0"}
          devices:
            - {id: app01-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
        - id: web01
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
          devices:
            - {id: web01-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```

    Unstated (whether VMware Tools is installed is not stated, as in every .vmx file):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: tools-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: app01
          role: child
          os: {family: windows, name: Windows Server 2012, arch: x64}
          devices:
            - {id: app01-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```
    """

    code = "HV3304"
    name = "vmware-pv-device-without-guest-driver"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-nic-types-40", "vmware-pvscsi-hw7", "vmware-cloud-waf-tools")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from check_pv_drivers(ctx)
