"""HV5306 xen-shared-interrupt-passthrough."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class XenSharedInterruptPassthrough(Rule):
    """Do not pass through to a Xen guest a device that shares a line interrupt.

    Why: Xen supports PCI pass-through only with an IOMMU (left to the IOMMU rule), and even then
    "passthrough of devices that share resources (e.g. a line interrupt)" with another device is
    not security-supported: the guest that owns the device can disturb the other device's owner
    (SUPPORT.md, "x86/PCI Device Passthrough"; xl-pci-configuration(5)). Use a device with MSI or
    MSI-X, or one alone on its interrupt line. The physical device says so with
    ``shares_interrupt`` (sources: xen-support-md, xl-pci-configuration).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic2, class: network, shares_interrupt: true, interrupts: [intx]}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: fw01
          role: child
          virt_mode: hvm
          devices:
            - {id: fw01-nic2, kind: pci, model: xen-pci-passthrough, mode: passthrough, backed_by: nic2}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic2, class: network, shares_interrupt: false, interrupts: [msi, msix]}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: fw01
          role: child
          virt_mode: hvm
          devices:
            - {id: fw01-nic2, kind: pci, model: xen-pci-passthrough, mode: passthrough, backed_by: nic2}
    ```

    Unstated (whether the device shares an interrupt is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: sharing-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: hba0, class: storage}
      partitions:
        - id: nas
          role: child
          virt_mode: hvm
          devices:
            - {id: nas-hba, kind: pci, model: xen-pci-passthrough, mode: passthrough, backed_by: hba0}
    ```
    """

    code = "HV5306"
    name = "xen-shared-interrupt-passthrough"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-support-md", "xl-pci-configuration")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        shared = {dev.id for _, dev in ctx.devices() if dev.shares_interrupt}
        for at, part, dev in ctx.virtual_devices(mode="passthrough"):
            if dev.backed_by in shared:
                yield Violation(
                    at / "backed_by",
                    f"'{dev.backed_by}' shares a line interrupt with another device and is "
                    f"passed through to '{part.id}'; Xen does not security-support "
                    "pass-through of devices that share resources",
                )
