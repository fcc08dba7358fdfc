"""HV5302 xen-guest-type-device-model."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.xen._common import models_named


class XenGuestTypeDeviceModel(Rule):
    """Give emulated devices and a device model only to Xen HVM guests.

    Why: the device model (QEMU, ``qemu-xen`` by default) "provides emulation of the virtual devices
    to an HVM guest" (xl.cfg(5)). A ``pvh`` guest is "HVM-like… without a device model and without
    many of the emulated devices available to HVM guests", and a ``pv`` guest emulates no hardware
    either (a device model may only serve PV backends such as a framebuffer). So in pv and pvh
    guests emulated NICs (rtl8139, e1000), emulated video (``vga=``) and IDE-emulated disks are
    invalid: they need xen-netfront and xen-blkfront. Conversely an ``hvm`` guest cannot run with
    ``device_model: none``. What each type has is read from the ``guests.guest_types`` catalog (sources: xen-guest-types, xl-cfg, xl-network-configuration).

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
        - id: web01
          role: child
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: web01-net0, kind: nic, model: qemu-e1000, mode: emulated, served_by: dom0}
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
        - id: web01
          role: child
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: web01-net0, kind: nic, model: xen-netfront, mode: paravirtual, served_by: dom0}
    ```

    Unstated (the guest type is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: type-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: web
          role: child
          devices:
            - {id: web-disk, kind: disk, model: qemu-ide, mode: emulated}
    ```
    """

    code = "HV5302"
    name = "xen-guest-type-device-model"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-guest-types", "xl-cfg", "xl-network-configuration")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for at, part in ctx.partitions():
            if part.virt_mode is None:
                continue
            gtype = ctx.catalog.guests.guest_type(ctx.product.id, part.virt_mode)
            if gtype is None:
                continue  # HV5301 reports a guest type the catalog does not know
            mode = part.virt_mode
            if gtype.device_model == "none" and part.device_model not in (None, "none"):
                yield Violation(
                    at / "device_model",
                    f"'{part.id}' is a {mode} guest, which has no device model; "
                    f"device_model {part.device_model} applies to hvm guests only",
                )
            if gtype.device_model == "required" and part.device_model == "none":
                yield Violation(
                    at / "device_model",
                    f"'{part.id}' is an {mode} guest with device_model none; an {mode} guest needs "
                    "the device model (qemu-xen) to emulate its BIOS, disks and network",
                )
            if gtype.emulated_devices:
                continue
            pv = models_named(ctx, "paravirtual")
            for dev_at, dev in ctx.devices_of(part):
                if dev.mode != "emulated":
                    continue
                yield Violation(
                    dev_at / "mode",
                    f"'{dev.id}' ({dev.model}) is an emulated device, but '{part.id}' is a {mode} "
                    f"guest, which has no device model to emulate it; give it PV devices ({pv}) "
                    "or make it an hvm guest",
                )
