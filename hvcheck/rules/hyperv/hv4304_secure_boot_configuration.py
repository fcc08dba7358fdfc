"""HV4304 secure-boot-configuration."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.versions import normalize_name
from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


def _norm(text: str) -> str:
    return normalize_name(text).replace(" ", "")


class SecureBootConfiguration(Rule):
    """Enable Secure Boot only in generation 2 VMs, with the template the guest needs.

    Why: Secure Boot is a feature of the UEFI firmware of generation 2 VMs (on by default); generation 1
    VMs have legacy BIOS. "To Secure Boot generation 2 Linux virtual machines, you need to choose the
    UEFI CA Secure Boot template" (Should I create a generation 1 or 2 virtual machine in Hyper-V?), i.e.
    `Set-VMFirmware -SecureBootTemplate MicrosoftUEFICertificateAuthority`; with the default (Windows)
    template a Linux guest does not boot, and some distributions must have Secure Boot disabled (notes on
    the RHEL and Ubuntu pages). Whether a distribution release supports Secure Boot at all is HV4306's
    (guest feature matrix). A wrong template is a warning; a template not stated is reported as unknown
    (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-windows-template}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "20.04", arch: x64}
          firmware: {type: uefi, secure_boot: true, template: MicrosoftWindows}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-uefi-ca}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "20.04", arch: x64}
          firmware: {type: uefi, secure_boot: true, template: MicrosoftUEFICertificateAuthority}
    ```

    Unstated (the Secure Boot template is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: template-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
          firmware: {type: uefi, secure_boot: true}
    ```
    """

    code = "HV4304"
    name = "secure-boot-configuration"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-generations", "ms-hyperv-rhel", "ms-hyperv-ubuntu")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            fw = part.firmware
            if part.generation is None or fw is None or fw.secure_boot is not True:
                continue
            base = at / "firmware"
            profile = hv.generation(pid, part.generation)
            if profile is None:
                continue  # HV4301 reports the unknown generation
            if not profile.secure_boot:
                yield Violation(
                    base / "secure_boot",
                    f"VM '{part.id}' is generation {part.generation}, whose firmware has no Secure "
                    "Boot; only generation 2 VMs (UEFI) can use it",
                )
                continue
            if part.os is None:
                continue
            wanted = hv.secure_boot_template(pid, part.os, ctx.release)
            if wanted is None:
                continue
            guest = guest_label(part)
            note = f" ({wanted.note})" if wanted.note else ""
            if fw.template is None:
                yield Unknown(
                    base / "secure_boot",
                    f"VM '{part.id}' ({guest}) has Secure Boot on but its template is not stated, "
                    f"so whether it boots is unknown; it needs '{wanted.template}'{note}",
                )
                continue
            accepted = {_norm(t) for t in (wanted.template, *wanted.aliases)}
            if _norm(fw.template) not in accepted:
                yield Violation(
                    base / "template",
                    f"VM '{part.id}' runs {guest} with Secure Boot template '{fw.template}'; it "
                    f"needs '{wanted.template}'{note}",
                    severity=Severity.WARNING,
                )
