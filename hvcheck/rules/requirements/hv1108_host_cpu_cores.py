"""HV1108 host-cpu-cores."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class HostCpuCores(RequirementRule):
    """Give the host at least as many CPU cores as the hypervisor release requires.

    Why: "ESXi requires a host machine with at least two CPU cores" (ESXi 5.5, 6.0, 6.5, 7.0 and 8.0
    hardware requirements); the installer stops on a single-core machine. `cpu.cores` counts physical
    cores over all sockets. The minimum comes from the release catalog (`min_cores`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-one-core}
    spec:
      hypervisor: {product: esxi, version: "6.5"}
      cpu: {vendor: intel, model: Intel Celeron G470, arch: x86_64, cores: 1}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-quad}
    spec:
      hypervisor: {product: esxi, version: "6.5"}
      cpu: {vendor: intel, model: Intel Xeon E3-1230, arch: x86_64, cores: 4}
    ```

    Unstated (core count is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: cores-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu: {vendor: intel, arch: x86_64}
    ```
    """

    code = "HV1108"
    name = "host-cpu-cores"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("vmware-esxi-55-hw", "vmware-esxi-65-hw", "vmware-esxi-80-hw")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        minimum = reqs.get("min_cores")
        cpu = ctx.spec.cpu
        if minimum is None or cpu is None:
            return
        if cpu.cores is None:
            yield UnstatedFact(ctx.at / "cpu" / "cores", f"physical CPU cores, at least {minimum}")
        elif cpu.cores < minimum:
            yield Violation(
                ctx.at / "cpu" / "cores",
                f"{reqs.label} requires at least {minimum} CPU cores; this host has {cpu.cores}",
            )
