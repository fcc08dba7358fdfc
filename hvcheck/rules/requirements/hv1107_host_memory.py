"""HV1107 host-memory."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


def _gb(value: float) -> str:
    return f"{value:g} GB"


class HostMemory(RequirementRule):
    """Install at least the memory the hypervisor release requires, and preferably what it recommends.

    Why: ESXi "requires a minimum of 4 GB of physical RAM" up to 6.7 (8 GB recommended "to run
    virtual machines in typical production environments"), and a minimum of 8 GB from 7.0; 8.0
    recommends 12 GB (ESXi 5.5-8.0 hardware requirements). Below the minimum the installer refuses,
    so that is an error. Hyper-V says "Plan for at least 4 GB of RAM" (System requirements for
    Hyper-V; the Windows 10 page: "Minimum of 4 GB memory"), a warning. Thresholds come from the release
    catalog (`min_memory_gb`, `recommended_memory_gb`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-small}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      memory_gb: 4
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-ok}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      memory_gb: 64
    ```

    Unstated (memory is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: memory-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```
    """

    code = "HV1107"
    name = "host-memory"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = (
        "vmware-esxi-65-hw",
        "vmware-esxi-70-hw",
        "vmware-esxi-80-hw",
        "ms-hyperv-system-requirements",
    )

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        memory = ctx.spec.memory_gb
        if memory is None:
            return
        minimum = reqs.get("min_memory_gb")
        recommended = reqs.get("recommended_memory_gb")
        if minimum is not None and memory < minimum:
            yield Violation(
                ctx.at / "memory_gb",
                f"{reqs.label} requires at least {_gb(minimum)} of memory; this host has "
                f"{_gb(memory)}",
            )
        elif recommended is not None and memory < recommended:
            yield Violation(
                ctx.at / "memory_gb",
                f"{reqs.label}: plan for at least {_gb(recommended)} of memory (recommended); this "
                f"host has {_gb(memory)}, which leaves little for the guests",
                severity=Severity.WARNING,
            )
