"""HV6304 kvm-secure-boot-machine."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import machine_label


class KvmSecureBootMachine(Rule):
    """Turn Secure Boot on only for x86_64 guests of a q35 machine type.

    Why: libvirt refuses to define a domain whose loader has Secure Boot on unless it runs a q35
    machine type ("Secure boot is supported with q35 machine types only") on x86_64 ("Secure boot is
    supported for x86_64 architecture only") (src/qemu/qemu_validate.c, qemuValidateDomainDefBoot).
    Which machine types are q35 is `machine_families` in catalogs/kvm-machines.yaml. A VM that does not
    state its machine type, or states one no family matches, is not checked for the machine.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-sb-i440fx}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          machine: pc-i440fx-8.2
          firmware: {type: uefi, secure_boot: true}
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-sb-q35}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          machine: pc-q35-8.2
          firmware: {type: uefi, secure_boot: true}
          os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
        - id: old
          role: child
          machine: pc-i440fx-8.2
          firmware: {type: bios}
          os: {family: linux, name: CentOS, version: "7", arch: x64}
    ```

    Unstated (the machine type is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-sb-machine-unstated}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: web
          role: child
          firmware: {type: uefi, secure_boot: true}
          os: {family: linux, name: Rocky Linux, version: "9.4"}
    ```
    """

    code = "HV6304"
    name = "kvm-secure-boot-machine"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-qemu-validate",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        cpu = ctx.spec.cpu
        for at, part in ctx.partitions("child"):
            fw = part.firmware
            if fw is None or fw.secure_boot is not True:
                continue
            family = ctx.machine_family(part)
            if family is not None and family.secure_boot is False:
                yield Violation(
                    at / "firmware" / "secure_boot",
                    f"VM '{part.id}' has Secure Boot on with {machine_label(part, family)}; libvirt "
                    "supports Secure Boot with q35 machine types only",
                )
                continue
            arch = part.os.arch if part.os is not None and part.os.arch else None
            if arch is not None and arch != "x64":
                yield Violation(
                    at / "os" / "arch",
                    f"VM '{part.id}' has Secure Boot on for an {arch} guest; libvirt supports "
                    "Secure Boot for x86_64 only",
                )
            elif arch is None and cpu is not None and cpu.arch != "x86_64":
                yield Violation(
                    at / "firmware" / "secure_boot",
                    f"VM '{part.id}' has Secure Boot on, on a {cpu.arch} host; libvirt supports "
                    "Secure Boot for x86_64 only",
                )
