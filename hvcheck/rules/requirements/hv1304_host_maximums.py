"""HV1304 host-maximums."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.release_facts import ERROR_STATUSES, HostMaximum
from hvcheck.catalog.versions import release_within
from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules._release import canonical_release
from hvcheck.rules.base import ALL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext

_BEYOND = {
    "not-security-supported": "a larger host is supported, but not security-supported",
    "unavailable": "a larger host is not supported",
    "not-supported": "a larger host is not supported",
}
_WHAT = {
    "logical-processors": "logical processors",
    "memory-gb": "GB of memory",
    "child-partitions": "virtual machines",
}


class HostMaximums(Rule):
    """Keep the host within the logical processors, memory and VM count its release supports.

    Why: every release states how big a host it supports. Hyper-V supports 512 logical processors on
    Windows Server 2016 and 2019, 1,024 on 2022 and 2,048 on 2025, and 1,024 running virtual machines
    per server (Plan for Hyper-V scalability); the Best Practices Analyzer reports more as an error
    ("The number of logical processors in use must not exceed the supported maximum"; "The number of
    running or configured virtual machines must be within limits"). Xen supports x86 hosts with up to
    12 TiB of memory ("Hosts with more memory are supported, but not security supported", from 4.17)
    and up to 4,096 x86 or 128 Arm CPUs (from 4.19). The maximums are `host_maximums` in
    catalogs/hyperv-releases.yaml and catalogs/xen-releases.yaml, each with the status of a host above
    it. Logical processors are `cpu.threads`; with only `cpu.cores` stated, a host whose cores alone
    exceed the maximum is reported, and one that could exceed it with SMT is unknown.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2019-huge}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      cpu: {vendor: intel, arch: x86_64, sockets: 8, cores: 448, threads: 896}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2022-big}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      cpu: {vendor: intel, arch: x86_64, sockets: 8, cores: 448, threads: 896}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated (no CPU is described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv2019-cpu-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
    ```
    """

    code = "HV1304"
    name = "host-maximums"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("ms-hyperv-scalability-2025", "ms-hyperv-bpa-host-limits", "xen-support-4.19")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        release = canonical_release(ctx)
        if release is None:
            return
        cpu = ctx.spec.cpu
        for entry in ctx.catalog.release_facts.maximums_for(ctx.product.id):
            if not release_within(release, entry.min_version, entry.max_version):
                continue
            if entry.cpu_arch and (cpu is None or cpu.arch not in entry.cpu_arch):
                continue
            yield from self._one(ctx, entry)

    def _one(self, ctx: HostContext, entry: HostMaximum) -> Iterator[Violation]:
        spec = ctx.spec
        host = ctx.host_label()
        top = _number(entry.max)
        severity = Severity.ERROR if entry.beyond in ERROR_STATUSES else Severity.WARNING
        note = f" ({entry.note})" if entry.note else ""
        what = _WHAT[entry.counts]
        value: float | None = None
        path: Path = ctx.at
        if entry.counts == "memory-gb":
            value, path = spec.memory_gb, ctx.at / "memory_gb"
        elif entry.counts == "child-partitions":
            value = sum(1 for _ in ctx.partitions("child"))
            path = ctx.at / "partitions"
        elif spec.cpu is not None:
            cpu = spec.cpu
            if cpu.threads is not None:
                value, path = cpu.threads, ctx.at / "cpu" / "threads"
            elif cpu.cores is not None:
                if cpu.cores > entry.max:
                    value, path = cpu.cores, ctx.at / "cpu" / "cores"
                elif cpu.cores * 2 > entry.max:
                    yield Unknown(
                        ctx.at / "cpu" / "cores",
                        f"{host} supports at most {top} {what}; this host has {cpu.cores} cores, "
                        "and whether SMT makes its logical processors more is unknown: state "
                        "cpu.threads",
                    )
                    return
        if value is None or value <= entry.max:
            return
        yield Violation(
            path,
            f"this host has {_number(value)} {what}; {host} supports at most {top}{note}: "
            f"{_BEYOND.get(entry.beyond, 'a larger host is ' + entry.beyond.replace('-', ' '))}",
            severity=severity,
        )


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
