"""HV1007 unknown-device-model."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, MICROKERNEL, MONOLITHIC, HostContext, Rule, Violation


class UnknownDeviceModel(Rule):
    """Use virtual device models the catalog knows for this product; report the rest as unknown.

    Why: whether a virtual device needs integration components, and what a guest without them can use
    instead, comes from the device-models catalog. A model the catalog does not list for the product
    cannot be checked: hvcheck says so (info) rather than guessing. Passthrough devices are exempt.

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
    """

    code = "HV1007"
    name = "unknown-device-model"
    default_severity = Severity.INFO
    # Hybrid VMMs offer a fixed set of hardware: HV2004 reports any other model as an error there.
    families = (MONOLITHIC, MICROKERNEL, HOSTED)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for i, part in ctx.partitions():
            for j, dev in enumerate(part.devices):
                if dev.mode == "passthrough":
                    continue
                if ctx.catalog.device_model(dev.model, ctx.product.id) is None:
                    yield Violation(
                        f"spec.partitions[{i}].devices[{j}].model",
                        f"device model '{dev.model}' is not in the catalog for "
                        f"'{ctx.product.id}'; its requirements are unknown",
                    )
