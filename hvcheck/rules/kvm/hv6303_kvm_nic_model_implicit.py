"""HV6303 kvm-nic-model-implicit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext

DEFAULT_NIC = "qemu-default-nic"


class KvmNicModelImplicit(Rule):
    """State every KVM guest NIC's model instead of leaving it to the machine type's default.

    Why: when a NIC names no model, QEMU picks the machine type's default, and that default
    changes: e1000 on ``pc``, e1000e on ``q35`` machine types after 2.11 (qemu commit 416b71906e).
    The guest then sees different hardware after a machine-type upgrade and may lose its network,
    so always specify the model. A host file writes such a NIC as model ``qemu-default-nic`` (as
    ``hvcheck import libvirt`` does); give it the real one, e.g. ``virtio-net`` or ``qemu-e1000e`` (sources: qemu-default-nic).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm01}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: legacy01
          role: child
          machine: pc-q35-8.2
          devices:
            - {id: legacy01-net0, kind: nic, model: qemu-default-nic, mode: emulated}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm01}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: legacy01
          role: child
          machine: pc-q35-8.2
          devices:
            - {id: legacy01-net0, kind: nic, model: qemu-e1000e, mode: emulated}
    ```

    Unstated (no NIC is described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nics-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: vm1
          role: child
          machine: pc-q35-8.2
    ```
    """

    code = "HV6303"
    name = "kvm-nic-model-implicit"
    default_severity = Severity.INFO
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("qemu-default-nic",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        model = ctx.catalog.device_model(DEFAULT_NIC, ctx.product.id)
        what = model.name if model is not None else "QEMU's default NIC for the machine type"
        for at, part, dev in ctx.virtual_devices(kind="nic"):
            if ctx.canonical_model(dev) != DEFAULT_NIC:
                continue
            machine = f"machine {part.machine}" if part.machine else "a machine type not stated"
            yield Violation(
                at / "model",
                f"'{dev.id}' leaves its model to QEMU ({what}); on {machine} the guest gets "
                "that default, which changes with the machine type. State the model (e.g. "
                "virtio-net, qemu-e1000e)",
            )
