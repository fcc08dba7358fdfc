"""HV5305 xen-platform-pci-disabled."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext

PLATFORM_MODEL = "xen-platform-pci"


class XenPlatformPciDisabled(Rule):
    """Keep the Xen platform PCI device on in an HVM guest that uses PV drivers.

    Why: an HVM guest boots on emulated hardware and switches to PV disks and NICs through the Xen
    platform PCI device (``xen_platform_pci=1``, PCI 5853:0001), which lets it "make use of
    paravirtualisation features such as disk and network devices" and unplug the emulated copies
    (xl.cfg(5); QEMU docs/system/i386/xen.rst). With ``xen_platform_pci: false`` its PV drivers
    find nothing: the netfront and blkfront devices, and the PV drivers it has installed, are
    useless. A guest that does not state ``xen_platform_pci`` is not checked (sources: xen-platform-pci, xl-cfg, pci-ids).

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
          xen_platform_pci: false
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: xen-pv-drivers}
          devices:
            - {id: win01-disk0, kind: disk, model: xen-blkfront, mode: paravirtual, served_by: dom0}
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
          integration: {present: true, kind: xen-pv-drivers}
          devices:
            - {id: win01-disk0, kind: disk, model: xen-blkfront, mode: paravirtual, served_by: dom0}
    ```

    Unstated (the platform device is not stated: xl turns it on by default):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: platform-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}

      partitions:
        - id: web
          role: child
          virt_mode: hvm
          devices:
            - {id: web-net, kind: nic, model: xen-netfront, mode: paravirtual}
    ```
    """

    code = "HV5305"
    name = "xen-platform-pci-disabled"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-platform-pci", "xl-cfg", "pci-ids")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        platform = ctx.catalog.device_model(PLATFORM_MODEL, ctx.product.id)
        pci = f" (PCI {platform.pci_id})" if platform is not None and platform.pci_id else ""
        for at, part in ctx.partitions():
            if part.virt_mode != "hvm" or part.xen_platform_pci is not False:
                continue
            uses = [d.id for _, d in ctx.devices_of(part) if d.mode == "paravirtual"]
            integ = part.integration
            if integ is not None and integ.present and integ.kind == "xen-pv-drivers":
                uses.append("its Xen PV drivers")
            if not uses:
                continue
            yield Violation(
                at / "xen_platform_pci",
                f"'{part.id}' is an hvm guest using PV devices ({', '.join(uses)}) with the Xen "
                f"platform PCI device{pci} turned off; its PV drivers reach their devices through "
                "it. Set xen_platform_pci: true",
            )
