"""HV3305 virtual-hardware-version-too-old."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class VirtualHardwareVersionTooOld(Rule):
    """Use VMXNET3 and PVSCSI only on VMs of virtual hardware version 7 or later.

    Why: VMXNET3 "is available only on virtual machines with hardware version 7 and greater"
    (vSphere NIC types) and PVSCSI needs hardware version 7 as well (About VMware Paravirtual
    SCSI controllers). An older VM (``hw_version``, the .vmx ``virtualHW.version``) has no such
    device to offer; upgrade its virtual hardware first. The minimum per device model is read from
    the ``guests.device_requirements`` catalog. A VM that does not state ``hw_version`` is not
    checked (reference §2.4, R40).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-legacy}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: old-vm
          role: child
          hw_version: 4
          os: {family: linux, name: CentOS, version: "7", arch: x64, kernel: "3.10.0-1160"}
          devices:
            - {id: old-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-legacy}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: old-vm
          role: child
          hw_version: 4
          os: {family: linux, name: CentOS, version: "7", arch: x64, kernel: "3.10.0-1160"}
          devices:
            - {id: old-net0, kind: nic, model: e1000, mode: emulated, served_by: hypervisor}
        - id: new-vm
          role: child
          hw_version: 14
          os: {family: linux, name: CentOS, version: "7", arch: x64, kernel: "3.10.0-1160"}
          devices:
            - {id: new-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```

    Unstated (the hardware version is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hw-unstated}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: vm
          role: child
          devices:
            - {id: net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
    ```
    """

    code = "HV3305"
    name = "virtual-hardware-version-too-old"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-nic-types-40", "vmware-pvscsi-hw7")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for _at, part in ctx.partitions():
            if part.hw_version is None:
                continue
            reported: set[str] = set()
            for dev_at, dev in ctx.devices_of(part):
                model = ctx.canonical_model(dev)
                ctrl = ctx.virtual_device_by_id(dev.controller) if dev.controller else None
                if ctrl is not None and ctx.canonical_model(ctrl) == model:
                    continue  # a disk with its controller's model: reported on the controller
                req = ctx.catalog.guests.device_requirement(ctx.product.id, model)
                if req is None or req.min_hw_version is None or model in reported:
                    continue
                if part.hw_version < req.min_hw_version:
                    reported.add(model)
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' ({dev.model}) needs virtual hardware version "
                        f"{req.min_hw_version} or later, but '{part.id}' is version "
                        f"{part.hw_version} (hw_version); upgrade the VM's hardware or use an "
                        "emulated model",
                    )
