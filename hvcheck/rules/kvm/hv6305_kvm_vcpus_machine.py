"""HV6305 kvm-vcpus-machine."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import machine_label


class KvmVcpusMachine(Rule):
    """Give a VM no more virtual processors than its machine type takes.

    Why: libvirt refuses more than 255 vCPUs on an x86 machine type that is not q35 ("more than 255
    vCPUs are only supported on q35-based machine types", src/qemu/qemu_validate.c,
    qemuValidateDomainVCpuTopology). The cap per machine-type family is `max_vcpus` in
    catalogs/kvm-machines.yaml; the caps of each QEMU machine type and release are not in this rule.
    A VM that does not state its machine type or vCPUs is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-big-pc}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: hpc
          role: child
          machine: pc-i440fx-8.2
          vcpus: 384
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-big-q35}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: hpc
          role: child
          machine: pc-q35-8.2
          vcpus: 384
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
    ```

    Unstated (the machine type is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-big-machine-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: hpc
          role: child
          vcpus: 384
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
    ```
    """

    code = "HV6305"
    name = "kvm-vcpus-machine"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-qemu-validate",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, part in ctx.partitions("child"):
            family = ctx.machine_family(part)
            if family is None or family.max_vcpus is None or part.vcpus is None:
                continue
            if part.vcpus > family.max_vcpus:
                yield Violation(
                    at / "vcpus",
                    f"VM '{part.id}' has {part.vcpus} vCPUs; {machine_label(part, family)} takes at "
                    f"most {family.max_vcpus} (more need a q35 machine type)",
                )
