"""The migration-planning matrix as plain data: one cell per host and target (see engine.matrix)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["yes", "no", "unknown"]
Verdict = Literal["blocked", "ok with warnings", "changes needed", "ok"]


@dataclass(frozen=True)
class Target:
    product: str
    version: str | None

    @property
    def label(self) -> str:
        return f"{self.product}:{self.version}" if self.version else self.product


@dataclass
class DeviceCell:
    """Whether a physical device has a driver on the target, and which (or why unknown)."""

    device: str
    status: Status
    detail: str


@dataclass
class MatrixCell:
    """One host on one target: what ``check`` says of the host projected onto the target."""

    host: str
    file: str
    target: Target
    target_name: str
    current: bool
    """The target is the host's own product and release (the cell is then exactly ``check``)."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown: int = 0
    """Facts the rules could not check (unstated premises, catalog gaps)."""
    changes: list[str] = field(default_factory=list)
    """What the projection changed to run the host there (device models, parent partition)."""
    blockers: list[str] = field(default_factory=list)
    """What the target cannot do at all (pass a device through)."""
    devices: list[DeviceCell] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        if self.errors or self.blockers:
            return "blocked"
        if self.warnings:
            return "ok with warnings"
        if self.changes:
            return "changes needed"
        return "ok"


@dataclass
class MatrixData:
    """Everything the matrix shows: the cells and the targets, in column order."""

    cells: list[MatrixCell] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
