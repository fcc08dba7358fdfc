"""HV1302 virtual-hardware-version-support."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.versions import release_within
from hvcheck.findings import Severity
from hvcheck.rules._release import canonical_release
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class VirtualHardwareVersionSupport(Rule):
    """Run each VM at a virtual hardware version the host's release can run.

    Why: a VMware virtual hardware version (`hw_version`, the .vmx `virtualHW.version`) arrives with
    one ESXi release and runs on it and later releases: hardware version 20 "ESXi 8.0 and later", 21
    "ESXi 8.0 Update 2 and later", 22 ESX 9.0 (vSphere virtual machine compatibility tables; govmomi's
    hardware versions). An older host cannot power on a newer VM: upgrade the host or create the VM
    at a lower compatibility level. In the other direction, ESXi 5.0 and later no longer run hardware
    version 3 ("Version 3 virtual machines are not supported on ESXi 5.0 hosts"), and hardware
    versions 6, 12 and 16 are VMware Workstation's, which ESX/ESXi never runs. The versions and their
    releases are in catalogs/vmware-hardware.yaml (`hardware_versions`); a version the catalog does not
    list is reported as unknown, and a VM or host that does not state its version is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx7-hw21}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      partitions:
        - id: app
          role: child
          hw_version: 21
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx8-hw}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: old
          role: child
          hw_version: 13
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
        - id: new
          role: child
          hw_version: 21
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```

    Unstated (the VM's hardware version is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx7-hw-unstated}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      partitions:
        - id: app
          role: child
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```
    """

    code = "HV1302"
    name = "virtual-hardware-version-support"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-vm-compat-80", "vmware-vm-compat-options-65", "govmomi-hardware-version")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        facts = ctx.catalog.release_facts
        pid = ctx.product_id
        if not any(pid in e.products for e in facts.hardware_versions):
            return
        release = canonical_release(ctx)
        host = ctx.host_label()
        for at, part in ctx.partitions("child"):
            hw = part.hw_version
            if hw is None:
                continue
            entry = facts.hardware_version(pid, hw)
            if entry is None:
                yield Unknown(
                    at / "hw_version",
                    f"virtual hardware version {hw} of VM '{part.id}' is not in the catalog, so "
                    f"whether {host} runs it is unknown",
                )
                continue
            if entry.never:
                yield Violation(
                    at / "hw_version",
                    f"VM '{part.id}' has virtual hardware version {hw}, "
                    f"{entry.note or 'which this product does not run'}; change its compatibility "
                    "to a version ESXi runs",
                )
                continue
            if release is None:
                continue
            if entry.introduced and not release_within(release, entry.introduced, None):
                yield Violation(
                    at / "hw_version",
                    f"VM '{part.id}' has virtual hardware version {hw}, which needs ESXi "
                    f"{entry.introduced} or later; {host} cannot power it on (upgrade the host, or "
                    "create the VM with an older compatibility level)",
                )
            elif entry.runs_until and not release_within(release, None, entry.runs_until):
                yield Violation(
                    at / "hw_version",
                    f"VM '{part.id}' has virtual hardware version {hw}, which {host} no longer "
                    f"runs (the last release that runs it is {entry.runs_until}); upgrade the "
                    "VM's virtual hardware",
                )
