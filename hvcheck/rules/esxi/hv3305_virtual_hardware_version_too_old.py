"""HV3305 virtual-hardware-version-too-old."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext


class VirtualHardwareVersionTooOld(Rule):
    """Give a VM only the virtual devices its virtual hardware version has.

    Why: each VMware virtual hardware version (``hw_version``, the .vmx ``virtualHW.version``) offers
    a fixed set of devices. VMXNET3, the paravirtual SCSI controller, LSI Logic SAS and USB 1.x/2.0
    need version 7 ("N" in the hardware version 4 column); E1000E and USB 3 need version 8; SATA
    controllers version 10; NVMe controllers version 13; a virtual IDE disk version 7 (vSphere "Hardware
    Features Available with Virtual Machine Compatibility Settings", 6.5 to 8.0). An older VM has no
    such device to offer; upgrade its virtual hardware or use a model it has. The versions each model
    exists in (a minimum, and a maximum where a model was dropped) are ``device_hardware`` in
    catalogs/vmware-hardware.yaml; ``guests.device_requirements`` entries of a user catalog are read
    too. A VM that does not state ``hw_version`` is not checked (sources: vmware-vm-compat-67, vmware-vm-compat-65, vmware-nic-types-40).

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
    sources = ("vmware-vm-compat-67", "vmware-vm-compat-65", "vmware-nic-types-40")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        pid = ctx.product.id
        for _at, part in ctx.partitions():
            hw = part.hw_version
            if hw is None:
                continue
            reported: set[str] = set()
            for dev_at, dev in ctx.devices_of(part):
                model = ctx.canonical_model(dev)
                ctrl = ctx.virtual_device_by_id(dev.controller) if dev.controller else None
                if ctrl is not None and ctx.canonical_model(ctrl) == model:
                    continue  # a disk with its controller's model: reported on the controller
                if model in reported:
                    continue
                low, high, label = _range(ctx, pid, model, dev.kind)
                if low is not None and hw < low:
                    reported.add(model)
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' ({dev.model}) is {label}, which needs virtual hardware "
                        f"version {low} or later, but '{part.id}' is version {hw} (hw_version); "
                        "upgrade the VM's hardware or use a model its version has",
                    )
                elif high is not None and hw > high:
                    reported.add(model)
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' ({dev.model}) is {label}, which exists only up to virtual "
                        f"hardware version {high}, but '{part.id}' is version {hw} (hw_version)",
                    )


def _range(ctx: HostContext, pid: str, model: str, kind: str) -> tuple[int | None, int | None, str]:
    """(lowest version, highest version, what the model is) from the catalogs."""
    entry = ctx.catalog.release_facts.device_hardware_for(pid, model, kind)
    if entry is not None:
        return entry.min_hw_version, entry.max_hw_version, entry.label
    req = ctx.catalog.guests.device_requirement(pid, model)
    if req is not None:
        return req.min_hw_version, None, "a device model"
    return None, None, ""
