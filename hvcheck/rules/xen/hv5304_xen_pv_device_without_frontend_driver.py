"""HV5304 xen-pv-device-without-frontend-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import check_pv_drivers
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class XenPvDeviceWithoutFrontendDriver(Rule):
    """Give Xen PV devices (vif, vbd) only to guests with the netfront/blkfront frontend.

    Why: Xen's split drivers pair a backend (netback, blkback) in dom0 or a driver domain with a
    frontend in the guest, talking over XenBus, grant tables and event channels (Xen wiki, Frontend
    Driver). Without the frontend the guest has no network or disk. Netfront and blkfront are
    supported in Linux, FreeBSD, NetBSD and OpenBSD, which ship them, and in Windows "with caveats"
    through separately installed PV drivers (SUPPORT.md). Which guest gets the frontend how is
    read from the ``guests.guest_drivers`` catalog; a guest it does not cover is reported as
    unknown (info) (sources: xen-support-md, xen-frontend-driver, linux-kernel-drivers).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win01
          role: child
          virt_mode: hvm
          xen_platform_pci: true
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: false}
          devices:
            - {id: win01-net0, kind: nic, model: xen-netfront, mode: paravirtual, served_by: dom0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win01
          role: child
          virt_mode: hvm
          xen_platform_pci: true
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: xen-pv-drivers, version: "9.0.0"}
          devices:
            - {id: win01-net0, kind: nic, model: xen-netfront, mode: paravirtual, served_by: dom0}
    ```

    Unstated (the guest's PV drivers are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: drivers-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}

      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win
          role: child
          virt_mode: hvm
          os: {family: windows, name: Windows Server 2019, arch: x64}
          devices:
            - {id: win-net, kind: nic, model: xen-netfront, mode: paravirtual, served_by: dom0}
    ```
    """

    code = "HV5304"
    name = "xen-pv-device-without-frontend-driver"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-support-md", "xen-frontend-driver", "linux-kernel-drivers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from check_pv_drivers(ctx)
