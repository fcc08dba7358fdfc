"""HV6310 kvm-refused-model."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext


class KvmRefusedModel(Rule):
    """Use no device model that QEMU does not emulate.

    Why: some device models other hypervisors offer have no QEMU emulation, and libvirt refuses a
    domain that names one: a BusLogic SCSI controller ("Unsupported controller model: buslogic") or an
    ICH7 sound card ("sound card model 'ich7' is not supported by qemu") (src/qemu/qemu_validate.c).
    The models are `refused_models` in catalogs/kvm-machines.yaml; a model that is merely unknown is
    HV1007's (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-buslogic}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: p2v
          role: child
          machine: pc-i440fx-8.2
          os: {family: windows, name: Windows Server 2003, arch: x86}
          devices:
            - {id: p2v-scsi, kind: storage, model: buslogic, mode: emulated, served_by: host-os}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-lsi}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
          devices:
            - {id: web-scsi, kind: storage, model: virtio-scsi, mode: paravirtual, served_by: host-os}
    ```

    Unstated (no devices are described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-devices-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
    ```
    """

    code = "HV6310"
    name = "kvm-refused-model"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-qemu-validate",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        facts = ctx.catalog.release_facts
        for _at, part in ctx.partitions("child"):
            for dev_at, dev in ctx.devices_of(part):
                refused = facts.refused(ctx.product_id, dev.model) or facts.refused(
                    ctx.product_id, ctx.canonical_model(dev)
                )
                if refused is not None:
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' of VM '{part.id}' is model '{dev.model}'; {refused.message}",
                    )
