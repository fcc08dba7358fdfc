"""HV1007 unknown-device-model."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.generated import QEMU_PRODUCTS
from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, MICROKERNEL, MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class UnknownDeviceModel(Rule):
    """Use virtual device models the catalog knows for this product; report the rest as unknown.

    Why: whether a virtual device needs integration components, and what a guest without them can use
    instead, comes from the device-models catalog. A model the catalog does not list for the product
    cannot be checked: hvcheck says so (info) rather than guessing. Passthrough devices are exempt.
    On KVM, and for Xen HVM guests (whose emulated devices are QEMU's), every device model of QEMU
    5.2, 7.2, 10.0 and 11.1 is known too, by its `-device` name or alias (the generated table
    catalogs/generated/qemu.yaml, from `qemu-system-* -device help`); a model that no QEMU version
    in it has is named as such, since QEMU would most likely refuse it.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: odd-model}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      partitions:
        - id: vm1
          role: child
          devices:
            - {id: net0, kind: nic, model: virtio-net, mode: paravirtual}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: known-model}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      partitions:
        - id: vm1
          role: child
          devices:
            - {id: net0, kind: nic, model: vmxnet3, mode: paravirtual}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-devices}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      partitions:
        - id: vm1
          role: child
    ```
    """

    code = "HV1007"
    name = "unknown-device-model"
    default_severity = Severity.INFO
    only_unknown = True
    # Hybrid VMMs offer a fixed set of hardware: HV2004 reports any other model as an error there.
    architectures = (MONOLITHIC, MICROKERNEL, HOSTED)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product.id
        qemu = product in QEMU_PRODUCTS
        reported: set[str] = set()
        for at, _part, dev in ctx.virtual_devices():
            if dev.mode == "passthrough" or ctx.model_of(dev) is not None:
                continue
            if qemu and ctx.catalog.qemu_device(dev.model, product) is not None:
                continue
            controller = ctx.virtual_device_by_id(dev.controller) if dev.controller else None
            if controller is not None and controller.model == dev.model:
                continue  # a disk written with its controller's model: reported on the controller
            first = dev.model not in reported
            reported.add(dev.model)
            if not first:
                tail = "see its first use above"
            elif qemu and ctx.catalog.generated.qemu is not None:
                table = ctx.catalog.generated.qemu
                tail = (
                    f"nor is it a device model of any of {table.title} (any architecture), so "
                    "QEMU most likely refuses it; its requirements are unknown"
                )
            else:
                tail = "its requirements are unknown"
            yield Unknown(
                at / "model",
                f"device model '{dev.model}' is not in the catalog for '{product}'; {tail}",
            )
