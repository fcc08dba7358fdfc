"""Where a run spends its time: seconds per phase and per rule (``hvcheck check --timings``).

The engine always talks to a :class:`Statistics`; a run that does not want timings gets
:data:`NO_STATISTICS`, whose methods do nothing, so timing code never interleaves with the logic as
``if stats is not None`` branches.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

PHASES = ("setup", "read", "parse", "validate", "graph", "rules", "findings", "store", "report")
"""Where a run spends its time: configuration and catalogs, reading files, parsing YAML, validating
models, building graphs, running rules, assembling findings (suppressions, selection, order),
keeping each file's report (spilled to a temporary file beyond the memory budget), and rendering
reports."""


_UNTIMED: AbstractContextManager[None] = nullcontext()


@dataclass
class Statistics:
    """Seconds per phase and per rule, summed over files (and over workers in a parallel run)."""

    phases: dict[str, float] = field(default_factory=dict)
    rules: dict[str, float] = field(default_factory=dict)
    rule_hosts: dict[str, int] = field(default_factory=dict)
    """How many hosts each rule ran on (was applicable to)."""
    files: int = 0
    hosts: int = 0
    workers: int = 1
    wall: float = 0.0
    enabled: bool = True

    def add(self, phase: str, seconds: float) -> None:
        if self.enabled:
            self.phases[phase] = self.phases.get(phase, 0.0) + seconds

    def phase(self, name: str) -> AbstractContextManager[None]:
        """Time the block as phase ``name`` (a shared no-op when timing is off: it runs per file)."""
        return self._timed(name) if self.enabled else _UNTIMED

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def add_rule(self, code: str, seconds: float) -> None:
        if self.enabled:
            self.rules[code] = self.rules.get(code, 0.0) + seconds
            self.rule_hosts[code] = self.rule_hosts.get(code, 0) + 1

    def count(self, *, files: int = 0, hosts: int = 0) -> None:
        if self.enabled:
            self.files += files
            self.hosts += hosts

    def merge(self, other: Statistics) -> None:
        for phase, seconds in other.phases.items():
            self.add(phase, seconds)
        for code, seconds in other.rules.items():
            self.rules[code] = self.rules.get(code, 0.0) + seconds
        for code, n in other.rule_hosts.items():
            self.rule_hosts[code] = self.rule_hosts.get(code, 0) + n
        self.files += other.files
        self.hosts += other.hosts

    def table(self, names: dict[str, str] | None = None, top: int = 15) -> str:
        """A compact plain-text table: seconds per phase, then the slowest ``top`` rules
        (``names`` maps a rule code to its name)."""
        names = names or {}
        workers = "1 process" if self.workers <= 1 else f"{self.workers} worker processes"
        lines = [
            f"hvcheck timings: {self.files} files, {self.hosts} hosts, {workers}, "
            f"{self.wall:.3f} s wall",
            f"{'phase':<10} {'seconds':>9} {'share':>7}",
        ]
        phases = [p for p in PHASES if p in self.phases] + sorted(
            p for p in self.phases if p not in PHASES
        )
        total = sum(self.phases.values())
        for phase in phases:
            seconds = self.phases[phase]
            lines.append(f"{phase:<10} {seconds:>9.3f} {_share(seconds, total):>7}")
        summed = " (summed over workers)" if self.workers > 1 else ""
        lines.append(f"{'total':<10} {total:>9.3f} {'100.0%':>7}{summed}")
        ranked = sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))
        rule_total = sum(self.rules.values())
        lines.append(f"{'rule':<48} {'hosts':>7} {'seconds':>9} {'share':>7}")
        for code, seconds in ranked[:top]:
            label = f"{code} {names.get(code, '')}".strip()[:48]
            hosts = self.rule_hosts.get(code, 0)
            lines.append(f"{label:<48} {hosts:>7} {seconds:>9.3f} {_share(seconds, rule_total):>7}")
        rest = ranked[top:]
        if rest:
            seconds = sum(t for _, t in rest)
            label = f"({len(rest)} more rules)"
            lines.append(f"{label:<48} {'':>7} {seconds:>9.3f} {_share(seconds, rule_total):>7}")
        return "\n".join(lines) + "\n"


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole > 0 else "-"


def no_statistics() -> Statistics:
    """A :class:`Statistics` that records nothing."""
    return Statistics(enabled=False)
