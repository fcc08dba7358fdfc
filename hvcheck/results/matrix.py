"""The migration-planning matrix as plain data: one cell per host and target (see engine.matrix)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["yes", "no", "unknown"]


@dataclass(frozen=True)
class Target:
    product: str
    version: str | None

    @property
    def label(self) -> str:
        return f"{self.product}:{self.version}" if self.version else self.product


@dataclass
class DeviceCell:
    device: str
    status: Status
    detail: str


@dataclass
class GuestCell:
    partition: str
    os: str
    now: str
    there: str
    change: Literal["keeps", "gains", "loses", "unknown", "unchanged"]
    models: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


@dataclass
class MatrixCell:
    """One host on one target."""

    host: str
    file: str
    target: Target
    target_name: str
    installs: Status
    install_problems: list[str]
    devices: list[DeviceCell]
    guests: list[GuestCell]
    current: bool

    @property
    def verdict(self) -> str:
        if self.installs == "no" or any(d.status == "no" for d in self.devices):
            return "blocked"
        changes = any(g.change == "loses" or g.models for g in self.guests)
        unknown = (
            self.installs == "unknown"
            or any(d.status == "unknown" for d in self.devices)
            or any(g.change == "unknown" or g.unmapped for g in self.guests)
        )
        if changes:
            return "changes needed"
        return "unknown" if unknown else "ok"


@dataclass
class MatrixData:
    """Everything the matrix shows: the cells and the targets, in column order."""

    cells: list[MatrixCell] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
