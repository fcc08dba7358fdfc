"""HV4308 linux-dynamic-memory."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label, join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class LinuxDynamicMemory(Rule):
    """Use Dynamic Memory in Linux guests only when they are 64-bit, with sizes in multiples of 128 MB.

    Why: "Dynamic memory support is only available on 64-bit virtual machines", and startup, minimum and
    maximum memory should be specified "in multiples of 128 megabytes (MB). Failure to do so can lead to
    Hot-Add failures, and you might not see any memory increase on a guest operating system" (Supported
    Ubuntu / CentOS and Red Hat Enterprise Linux virtual machines on Hyper-V, notes 6-10). A 32-bit guest
    with Dynamic Memory is an error; a size that is not a multiple a warning; a guest whose instruction
    set is not stated is reported as unknown (info). The requirements are in
    catalogs/hyperv-guests.yaml (`dynamic_memory`). Whether the distribution has Dynamic Memory at all
    (FreeBSD has not) is HV4306's.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-dm-odd-sizes}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "20.04", arch: x64}
          dynamic_memory: {enabled: true, startup_mb: 2000, min_mb: 1024, max_mb: 8000}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-dm-128}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "20.04", arch: x64}
          dynamic_memory: {enabled: true, startup_mb: 2048, min_mb: 1024, max_mb: 8192}
    ```

    Unstated (the guest's instruction set is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: arch-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}

      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Ubuntu, version: "22.04"}
          dynamic_memory: {enabled: true, startup_mb: 2048}
    ```
    """

    code = "HV4308"
    name = "linux-dynamic-memory"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-ubuntu", "ms-hyperv-rhel")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            dm = part.dynamic_memory
            if part.os is None or dm is None or not dm.enabled:
                continue
            rule = hv.dynamic_memory_rule(pid, part.os)
            if rule is None:
                continue
            guest = guest_label(part)
            if rule.arch:
                wanted = join(list(rule.arch), "or")
                if part.os.arch is None:
                    yield Unknown(
                        at / "dynamic_memory" / "enabled",
                        f"VM '{part.id}' uses Dynamic Memory, which {guest} supports only as "
                        f"{wanted}; its os.arch is not stated, so whether it works is unknown",
                    )
                elif part.os.arch not in rule.arch:
                    yield Violation(
                        at / "os" / "arch",
                        f"VM '{part.id}' uses Dynamic Memory, which is available to {part.os.name} "
                        f"only as a 64-bit ({wanted}) guest, not {part.os.arch}",
                    )
            step = rule.multiple_of_mb
            if step is None:
                continue
            for field in ("startup_mb", "min_mb", "max_mb"):
                value = getattr(dm, field)
                if value is not None and value % step:
                    yield Violation(
                        at / "dynamic_memory" / field,
                        f"Dynamic Memory {field.removesuffix('_mb')} {value} MB of VM '{part.id}' "
                        f"is not a multiple of {step} MB; hot-add can fail ({guest})",
                        severity=Severity.WARNING,
                    )
