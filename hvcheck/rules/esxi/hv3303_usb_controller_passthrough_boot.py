"""HV3303 usb-controller-passthrough-boot."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class UsbControllerPassthroughBoot(Rule):
    """Do not pass the USB controller through to a VM when ESXi boots from USB or SD.

    Why: "Do not pass through the USB controller if the host boots from USB/SD" (vSphere 6.7 and
    8.0 DirectPath I/O documentation): once a VM owns the controller, the VMkernel loses the
    device it booted from and keeps its boot banks on. The boot device kinds that conflict are read
    from the ``guests.passthrough_limits`` catalog; on a release the catalog does not cover, the
    combination is reported as unknown (info) (sources: vmware-directpath-67, vmware-directpath-80).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: edge-esx}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      boot_device: {kind: sd, size_gb: 32}
      devices:
        - {id: usb0, class: usb, name: Intel C620 xHCI}
      partitions:
        - id: kiosk
          role: child
          devices:
            - {id: k-usb, kind: pci, model: directpath, mode: passthrough, backed_by: usb0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: edge-esx}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      boot_device: {kind: ssd, size_gb: 240}
      devices:
        - {id: usb0, class: usb, name: Intel C620 xHCI}
      partitions:
        - id: kiosk
          role: child
          devices:
            - {id: k-usb, kind: pci, model: directpath, mode: passthrough, backed_by: usb0}
    ```

    Unstated (the boot device is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: boot-unstated}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      devices:
        - {id: usb0, class: usb, name: Intel C620 xHCI}
      partitions:
        - id: kiosk
          role: child
          devices:
            - {id: k-usb, kind: pci, model: directpath, mode: passthrough, backed_by: usb0}
    ```
    """

    code = "HV3303"
    name = "usb-controller-passthrough-boot"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-directpath-67", "vmware-directpath-80")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        boot = ctx.spec.boot_device
        if ctx.product is None or boot is None:
            return
        release = ctx.host_label()
        limit = ctx.catalog.guests.passthrough_limit(ctx.product.id, ctx.release)
        for at, part, dev in ctx.virtual_devices(mode="passthrough"):
            backing = ctx.device_by_id(dev.backed_by) if dev.backed_by else None
            if backing is None or backing.device_class != "usb":
                continue
            if limit is None or not limit.usb_controller_conflicts_with_boot:
                yield Unknown(
                    at / "backed_by",
                    f"USB controller '{dev.backed_by}' is passed through to '{part.id}' and "
                    f"the host boots from {boot.kind}; whether {release} allows that is not "
                    "in the catalog (unknown)",
                )
            elif boot.kind in limit.usb_controller_conflicts_with_boot:
                yield Violation(
                    at / "backed_by",
                    f"USB controller '{dev.backed_by}' is passed through to '{part.id}', but "
                    f"the host boots from {boot.kind} (spec.boot_device.kind); the VMkernel "
                    "would lose its boot device. Boot from a disk, or keep the controller "
                    "on the host",
                )
