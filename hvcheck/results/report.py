"""What a compatibility report shows about each host, as plain data (see hvcheck.engine.inventory)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hvcheck.findings import Finding, Severity

DEVICE = "device"
DRIVER = "driver"
HYPERVISOR = "hypervisor"
HOST_OS = "host-os"
PARTITION = "partition"
VIRTUAL_DEVICE = "virtual-device"

# Columns of the layered picture, left to right.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hardware", (DEVICE,)),
    ("drivers", (DRIVER,)),
    ("hypervisor / parent / host OS", (HYPERVISOR, HOST_OS)),
    ("partitions", (PARTITION,)),
    ("virtual devices", (VIRTUAL_DEVICE,)),
)


@dataclass
class HostSummary:
    """One host, ready for a report."""

    file: str
    name: str
    product: str
    product_name: str
    version: str
    architecture: str
    verdict: str
    counts: dict[str, int]
    devices: list[dict[str, Any]]
    partitions: list[dict[str, Any]]
    graph_nodes: list[dict[str, Any]]
    graph_edges: list[dict[str, Any]]
    findings: list[Finding] = field(default_factory=list)


def verdict(findings: Iterable[Finding]) -> str:
    worst = max((f.severity for f in findings if f.suppressed is None), default=None)
    if worst is None or worst == Severity.INFO:
        return "pass"
    if worst == Severity.WARNING:
        return "pass with warnings"
    return "fail"


def _counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.suppressed is None:
            out[f.severity.label] += 1
    return out


@dataclass
class ReportData:
    """Everything a compatibility report shows."""

    hosts: list[HostSummary] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
