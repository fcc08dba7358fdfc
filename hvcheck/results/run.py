"""What a run produced: one report per file, and the whole run's findings in a stable order.

A run over a fleet can produce hundreds of thousands of findings and rule outcomes. Keeping them all
as objects would make memory grow with the number of files, and every cyclic garbage collection
would walk them again. So :class:`ReportList` keeps the reports of recent files in memory only up to
a budget (:data:`SPILL_ITEMS` findings, rule outcomes and source lines); beyond it, reports are
pickled into an anonymous temporary file (unlinked at once, removed by the OS when the process ends
however it ends) and read back one at a time when a reporter asks for them. Per file, only a small
:class:`ReportSummary` (path, hosts, counts) stays in memory, which is what summaries and exit codes
need.

:meth:`RunResult.located` streams the run's findings in the documented order (file, line, column,
code, message) from the reports, without sorting them all in memory: each report's own findings
are already in order, reports are visited in path order, and the few findings a cluster document
reports in its member files are merged in.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Literal, NamedTuple, overload

from hvcheck.findings import INTERNAL_ERROR, Finding, Severity

Status = Literal["passed", "failed", "unknown", "not-applicable"]
"""A rule's outcome on one host: no finding, a problem, only unknowns (what it could not check), or
the rule does not apply to the host's architecture or product."""
Which = Literal["active", "problems", "unknown", "suppressed", "all"]
"""Which findings to stream: every active (not suppressed) finding; the active problems; the active
unknowns (what could not be checked); the suppressed ones; or all of them."""

SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))
"""Severities from the worst down: the order of counts in reports and summaries."""

SPILL_ITEMS = 250_000
"""How many findings, outcomes and source lines a run keeps in memory before it spills reports to
its temporary file (about 40 MB of objects)."""


class Outcome(NamedTuple):
    """The result of one rule on one host (a named tuple: a fleet run makes millions of them,
    and tuples are the cheapest objects to build, send between processes and spill)."""

    file: str
    host: str
    code: str
    status: Status


@dataclass
class FileReport:
    """What checking one file produced."""

    path: str
    hosts: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)
    extra_lines: dict[tuple[str, int], str] = field(default_factory=dict)
    fail_on: str = "error"
    show_unknown: bool = False
    """Whether unknown findings count for ``fail_on`` (they never do unless asked for)."""

    def failed(self) -> bool:
        """True if an active finding is at or above this file's ``fail_on`` severity."""
        if self.fail_on == "never":
            return False
        threshold = Severity.parse(self.fail_on)
        return any(
            f.severity >= threshold
            for f in self.findings
            if f.suppressed is None and (self.show_unknown or not f.unknown)
        )


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What stays in memory of a file's report: enough for summaries and the exit code."""

    path: str
    hosts: tuple[str, ...]
    active: tuple[int, ...]
    """Active problem findings per severity, in :data:`SEVERITIES` order."""
    unknown: tuple[tuple[str, int], ...]
    """Active unknown findings per rule code (what could not be checked)."""
    unknown_hosts: int
    """How many of the file's hosts have an unknown finding."""
    suppressed: int
    failed: bool
    internal: bool
    """An active internal-error finding (HV0099): the run exits 2."""
    foreign: bool
    """Some findings point into other files (a cluster document's members)."""

    @classmethod
    def of(cls, report: FileReport) -> ReportSummary:
        active = [0] * len(SEVERITIES)
        unknown: dict[str, int] = {}
        unknown_hosts: set[str] = set()
        suppressed = 0
        internal = foreign = False
        for f in report.findings:
            foreign = foreign or f.file != report.path
            if f.suppressed is not None:
                suppressed += 1
                continue
            if f.unknown:
                unknown[f.code] = unknown.get(f.code, 0) + 1
                unknown_hosts.add(f.host)
                continue
            active[SEVERITIES.index(f.severity)] += 1
            internal = internal or f.code == INTERNAL_ERROR.code
        return cls(
            report.path,
            tuple(report.hosts),
            tuple(active),
            tuple(sorted(unknown.items())),
            len(unknown_hosts),
            suppressed,
            report.failed(),
            internal,
            foreign,
        )


def _weight(report: FileReport) -> int:
    return 1 + len(report.findings) + len(report.outcomes) + len(report.lines)


class ReportList(Sequence[FileReport]):
    """The reports of a run, in the order files were checked; memory stays within a budget.

    Reports beyond ``budget`` items are pickled to an anonymous temporary file and unpickled on
    access, so a report read back is a copy: change one with :meth:`replace`, not in place. If no
    temporary file can be created, everything stays in memory.
    """

    def __init__(self, reports: Iterable[FileReport] = (), *, budget: int = SPILL_ITEMS) -> None:
        self._held: list[FileReport | None] = []
        self._where: list[tuple[int, int]] = []
        self._summaries: list[ReportSummary] = []
        self._held_items = 0
        self._first_held = 0
        self._budget = budget
        self._spool: IO[bytes] | None = None
        for report in reports:
            self.append(report)

    def append(self, report: FileReport) -> None:
        self._held.append(report)
        self._where.append((0, 0))
        self._summaries.append(ReportSummary.of(report))
        self._held_items += _weight(report)
        if self._held_items > self._budget:
            self._spill()

    def replace(self, index: int, report: FileReport) -> None:
        """Put ``report`` in place of the report at ``index``."""
        self._summaries[index] = ReportSummary.of(report)
        if self._held[index] is not None or not self._store(index, report):
            self._held[index] = report

    @property
    def summaries(self) -> Sequence[ReportSummary]:
        return self._summaries

    @property
    def spilled(self) -> bool:
        """True once some reports live in the temporary file."""
        return self._spool is not None

    def __len__(self) -> int:
        return len(self._held)

    @overload
    def __getitem__(self, index: int) -> FileReport: ...

    @overload
    def __getitem__(self, index: slice) -> list[FileReport]: ...

    def __getitem__(self, index: int | slice) -> FileReport | list[FileReport]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        held = self._held[index]
        if held is not None:
            return held
        assert self._spool is not None, "a report is neither held nor spilled"
        offset, size = self._where[index]
        self._spool.seek(offset)
        report: FileReport = pickle.loads(self._spool.read(size))
        return report

    def __iter__(self) -> Iterator[FileReport]:
        for i in range(len(self)):
            yield self[i]

    def _spill(self) -> None:
        if self._spool is None:
            try:
                self._spool = tempfile.TemporaryFile(prefix=".hvcheck-reports-")  # noqa: SIM115 - lives as long as the run result
            except OSError:  # nowhere to spill: keep everything in memory
                self._budget = 2**62
                return
        for i in range(self._first_held, len(self._held)):
            report = self._held[i]
            if report is not None:
                if not self._store(i, report):
                    return  # the disk is full: keep the rest in memory
                self._held[i] = None
        self._first_held = len(self._held)
        self._held_items = 0

    def _store(self, index: int, report: FileReport) -> bool:
        """Write ``report`` to the temporary file; False (and no more spilling) if that fails."""
        assert self._spool is not None
        data = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            offset = self._spool.seek(0, 2)
            self._spool.write(data)
            self._spool.flush()
        except OSError:  # e.g. no space left in $TMPDIR: memory is the fallback
            self._budget = 2**62
            return False
        self._where[index] = (offset, len(data))
        return True

    def close(self) -> None:
        """Release the temporary file (the reports it held are gone)."""
        if self._spool is not None:
            self._spool.close()


Located = tuple[Finding, "str | None"]
"""A finding and the text of the source line it points at (when known)."""

_KEEP: dict[str, Callable[[Finding], bool]] = {
    "active": lambda f: f.suppressed is None,
    "problems": lambda f: f.suppressed is None and not f.unknown,
    "unknown": lambda f: f.suppressed is None and f.unknown,
    "suppressed": lambda f: f.suppressed is not None,
    "all": lambda f: True,
}


def _key(item: Located) -> tuple[str, int, int, str, str]:
    return item[0].sort_key()


@dataclass
class RunResult:
    """Everything one run produced, in a deterministic order.

    ``files`` may be given as a list; it becomes a :class:`ReportList`.
    """

    files: ReportList = field(default_factory=ReportList)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Things the user should know that are not findings (what an importer could not map)."""
    show_unknown: bool = False
    """Whether reporters list unknown findings (what could not be checked) with the others."""
    narrowed: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)
    """Nested configuration files that changed the policy of the configuration governing the
    working directory: (file, the settings it changes, how many checked files it governed)."""

    def __post_init__(self) -> None:
        if not isinstance(self.files, ReportList):
            self.files = ReportList(self.files)

    # --- streaming access (what reporters use) ---------------------------------------------------

    def located(self, which: Which = "active") -> Iterator[Located]:
        """The run's findings with their source lines, in (file, line, column, code, message) order.

        ``which``: the active findings, the suppressed ones, or all of them.
        """
        keep = _KEEP[which]
        foreign: list[Located] = []
        for i, summary in enumerate(self.files.summaries):
            if summary.foreign:
                report = self.files[i]
                for f in report.findings:
                    if f.file != report.path and keep(f):
                        foreign.append((f, report.extra_lines.get((f.file, f.span.line))))
        own = self._own(keep)
        if not foreign:
            yield from own
            return
        foreign.sort(key=_key)
        yield from heapq.merge(own, foreign, key=_key)

    def _own(self, keep: Callable[[Finding], bool]) -> Iterator[Located]:
        summaries = self.files.summaries
        order = sorted(range(len(summaries)), key=lambda i: summaries[i].path)
        for _, group in itertools.groupby(order, key=lambda i: summaries[i].path):
            streams = [_own_findings(self.files[i], keep) for i in group]
            if len(streams) == 1:
                yield from streams[0]
            else:  # the same file checked twice
                yield from heapq.merge(*streams, key=_key)

    def iter_findings(self, which: Which = "active") -> Iterator[Finding]:
        for finding, _ in self.located(which):
            yield finding

    # --- totals, from the summaries ------------------------------------------------------------

    def shown(self) -> Which:
        """The findings reporters list: every active one with ``show_unknown``, else the problems."""
        return "active" if self.show_unknown else "problems"

    def unknown_counts(self) -> dict[str, int]:
        """Active unknown findings per rule code, by code."""
        totals: dict[str, int] = {}
        for summary in self.files.summaries:
            for code, n in summary.unknown:
                totals[code] = totals.get(code, 0) + n
        return dict(sorted(totals.items()))

    @property
    def unknown_hosts(self) -> int:
        """How many hosts have at least one unknown finding."""
        return sum(s.unknown_hosts for s in self.files.summaries)

    def counts(self) -> dict[str, int]:
        """Active problem findings per severity label, worst first."""
        totals = [0] * len(SEVERITIES)
        for summary in self.files.summaries:
            for i, n in enumerate(summary.active):
                totals[i] += n
        return {s.label: n for s, n in zip(SEVERITIES, totals, strict=True)}

    @property
    def suppressed_count(self) -> int:
        return sum(s.suppressed for s in self.files.summaries)

    @property
    def host_count(self) -> int:
        return sum(len(s.hosts) for s in self.files.summaries)

    def failed(self) -> bool:
        return any(s.failed for s in self.files.summaries)

    def internal_error(self) -> bool:
        """True if a rule or graph crashed somewhere (an active HV0099 finding)."""
        return any(s.internal for s in self.files.summaries)

    # --- lists, for tests and small runs ---------------------------------------------------------

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding, suppressed ones included, in a deterministic order."""
        return list(self.iter_findings("all"))

    @property
    def findings(self) -> list[Finding]:
        """The active (not suppressed) findings."""
        return list(self.iter_findings("active"))

    @property
    def suppressed(self) -> list[Finding]:
        return list(self.iter_findings("suppressed"))

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for report in self.files for o in report.outcomes]


def _own_findings(report: FileReport, keep: Callable[[Finding], bool]) -> Iterator[Located]:
    mine = [f for f in report.findings if f.file == report.path and keep(f)]
    mine.sort(key=Finding.sort_key)  # already in order after check_loaded: a linear pass
    for f in mine:
        yield f, report.lines.get(f.span.line)
