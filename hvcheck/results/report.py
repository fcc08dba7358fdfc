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
    loaded: bool = True
    """False when the host description has input errors (its findings say which)."""

    @property
    def problems(self) -> list[Finding]:
        """Active findings about the host (not suppressed, not an unknown)."""
        return [f for f in self.findings if f.suppressed is None and not f.unknown]

    @property
    def unknown(self) -> list[Finding]:
        """What could not be checked (unstated facts, catalog gaps)."""
        return [f for f in self.findings if f.suppressed is None and f.unknown]

    @property
    def suppressed(self) -> list[Finding]:
        """Findings a suppression or the baseline hides, each with its reason."""
        return [f for f in self.findings if f.suppressed is not None]


def verdict(findings: Iterable[Finding]) -> str:
    worst = max(
        (f.severity for f in findings if f.suppressed is None and not f.unknown), default=None
    )
    if worst is None or worst == Severity.INFO:
        return "pass"
    if worst == Severity.WARNING:
        return "pass with warnings"
    return "fail"


def _counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "unknown": 0, "suppressed": 0}
    for f in findings:
        if f.suppressed is not None:
            out["suppressed"] += 1
        elif f.unknown:
            out["unknown"] += 1
        else:
            out[f.severity.label] += 1
    return out


@dataclass
class ReportData:
    """Everything a compatibility report shows."""

    hosts: list[HostSummary] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
