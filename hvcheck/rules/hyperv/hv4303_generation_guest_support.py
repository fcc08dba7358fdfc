"""HV4303 generation-guest-support."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label, join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class GenerationGuestSupport(Rule):
    """Run each guest OS in a Hyper-V VM generation it supports.

    Why: generation 2 VMs have 64-bit UEFI firmware and run "most 64-bit versions of Windows and more
    current versions of Linux and FreeBSD"; 32-bit guests (32-bit Windows 10, for one) run in generation
    1 only, Windows 11 in generation 2 only, and SLES 11, openSUSE 12.3 and Oracle Linux UEK R3 in
    generation 1 only. "You can't change a virtual machine's generation once it's created" (Should I
    create a generation 1 or 2 virtual machine in Hyper-V?, current and earlier revisions). The table is
    catalogs/hyperv-guests.yaml (`generation_support`); a guest it does not list is reported as unknown
    (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: win11-gen1}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: desk
          role: child
          generation: 1
          os: {family: windows, name: Windows 11, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: win11-gen2}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: desk
          role: child
          generation: 2
          os: {family: windows, name: Windows 11, arch: x64}
    ```

    Unstated (the guest OS is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: os-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
    ```
    """

    code = "HV4303"
    name = "generation-guest-support"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-generations", "ms-hyperv-generations-2019")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            if part.generation is None or part.os is None:
                continue
            guest = guest_label(part)
            entry = hv.generation_support_for(pid, part.os)
            if entry is None:
                yield Unknown(
                    at / "os" / "name",
                    f"whether {guest} runs in a generation {part.generation} VM is unknown: the "
                    "catalog does not list it",
                )
                continue
            if part.generation in entry.generations:
                continue
            only = join([str(g) for g in entry.generations], "and")
            note = f" ({entry.note})" if entry.note else ""
            yield Violation(
                at / "generation",
                f"{guest} runs in generation {only} VMs only{note}; VM '{part.id}' is generation "
                f"{part.generation}, and a VM's generation cannot be changed: create it anew as "
                f"generation {only}",
            )
