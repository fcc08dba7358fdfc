"""HV4305 vcpu-memory-limits."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules._messages import guest_label, join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext

_WORDS = {"vcpus": "virtual processors", "memory-mb": "memory"}


class VcpuMemoryLimits(Rule):
    """Give a Hyper-V VM no more virtual processors and memory than its host release, generation and guest allow.

    Why: per VM, Windows Server 2016 and 2019 allow 64 virtual processors and 1 TB of memory in
    generation 1 and 240 and 12 TB in generation 2 (Plan for Hyper-V scalability); Windows Server 2025
    can provide up to 2,048 virtual processors. The guest OS caps them again: Windows 7 SP1 4,
    Windows Server 2008 SP2 8, Windows 8.1/10/11 32, Windows Server 2012-2019 64 (240 in generation 2
    from 2016), Windows Server 2022 1,024 and 2025 2,048 in generation 2 (Supported Windows guest
    operating systems for Hyper-V). The numbers are in catalogs/hyperv-limits.yaml and
    hyperv-guests.yaml; a host release or guest they do not cover is reported as unknown (info), never
    guessed.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: win7-too-many-cpus}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: legacy-desk
          role: child
          generation: 1
          os: {family: windows, name: Windows 7, version: SP1, arch: x64}
          vcpus: 8
          memory_mb: 8192
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: win7-four-cpus}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: legacy-desk
          role: child
          generation: 1
          os: {family: windows, name: Windows 7, version: SP1, arch: x64}
          vcpus: 4
          memory_mb: 8192
    ```

    Unstated (the VM's generation is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: generation-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          vcpus: 16
          memory_mb: 65536
    ```
    """

    code = "HV4305"
    name = "vcpu-memory-limits"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-scalability", "ms-hyperv-windows-guests")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        host = ctx.host_label()
        unknown: dict[int, list[str]] = {}
        capped = hv.guest_limit_families(pid)
        for at, part in ctx.partitions("child"):
            gen = part.generation
            if gen is None:
                continue
            values: list[tuple[str, int | None, Path]] = [
                ("vcpus", part.vcpus, at / "vcpus"),
                ("memory-mb", part.memory_mb, at / "memory_mb"),
            ]
            dm = part.dynamic_memory
            if dm is not None and dm.enabled:
                values.append(("memory-mb", dm.max_mb, at / "dynamic_memory" / "max_mb"))
            for limit_id, value, path in values:
                if value is None:
                    continue
                limit = hv.limit(pid, limit_id, ctx.release, gen)
                if limit is None:
                    if value <= hv.smallest_limit(pid, limit_id, gen):
                        continue  # within every release's limit
                    words = unknown.setdefault(gen, [])
                    if _WORDS.get(limit_id, limit_id) not in words:
                        words.append(_WORDS.get(limit_id, limit_id))
                    continue
                if value > limit.max:
                    note = f" ({limit.note})" if limit.note else ""
                    yield Violation(
                        path,
                        f"VM '{part.id}' (generation {gen}) has {value} {limit.label}; {host} "
                        f"allows at most {limit.max}{note}",
                    )
            if part.vcpus is None or part.os is None:
                continue
            cap = hv.guest_limit(pid, part.os, gen)
            guest = guest_label(part)
            if cap is None:
                if part.os.family in capped and part.vcpus > 1:
                    yield Unknown(
                        at / "os" / "name",
                        f"the most virtual processors {guest} supports in a generation {gen} VM "
                        "is unknown: the catalog does not list it",
                    )
            elif part.vcpus > cap.max_vcpus:
                yield Violation(
                    at / "vcpus",
                    f"VM '{part.id}' has {part.vcpus} virtual processors; {guest} supports at most "
                    f"{cap.max_vcpus} in a generation {gen} VM",
                )
        if unknown:
            what = [
                f"{join(words)} of generation {gen} VMs" for gen, words in sorted(unknown.items())
            ]
            yield Unknown(
                ctx.at / "hypervisor" / ("version" if ctx.release else "product"),
                f"the per-VM maximums of {host} are unknown (the catalog has no entry for this "
                f"release), so these were not checked: {'; '.join(what)}",
            )
