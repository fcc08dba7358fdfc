"""Run the pipeline: discover files, load, validate, build graphs, apply rules, collect findings.

The engine selects rules, isolates a crashing rule as an internal-error finding (HV0099) and records
the outcome of every (host, rule) pair: passed, failed, or not applicable.

Files are checked one at a time and only their :class:`FileReport` is kept (and spilled to a
temporary file beyond a budget, see :mod:`hvcheck.engine.results`), so memory does not grow with
the text, models or graphs of earlier files, nor with their findings. With ``jobs`` > 1 they are checked by a pool of
worker processes (see :func:`check_configured`); results are collected in file order, so the output
is the same as with one job.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hvcheck.catalog import Catalog
from hvcheck.engine.cluster import check_cluster_document
from hvcheck.engine.discover import discover
from hvcheck.engine.results import FileReport, Outcome, RunResult, Status
from hvcheck.engine.suppress import (
    apply_suppressions,
    inline_suppressions,
    structural_suppressions,
)
from hvcheck.findings import INTERNAL_ERROR, Finding, Severity, make_finding
from hvcheck.graph import build_graph
from hvcheck.loader import Limits, load_bytes
from hvcheck.loader.load import LoadResult, ReadError, read_file_bytes
from hvcheck.model import ParsedHost, is_cluster, parse_host
from hvcheck.rules.base import HostContext, Rule
from hvcheck.rules.registry import all_rules, matches

if TYPE_CHECKING:
    from hvcheck.engine.config import Resolver


@dataclass(frozen=True)
class Options:
    """What to check and how."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"


class UsageError(Exception):
    """A problem with how hvcheck was called (exit code 2)."""


def select_rules(options: Options) -> list[type[Rule]]:
    return [
        r
        for r in all_rules()
        if matches(r, list(options.select)) and not matches(r, list(options.ignore))
    ]


SettingsFor = Callable[[str], tuple[Options, Catalog]]
PlanItem = tuple[str, Options, tuple[str, ...]]
"""A file to check, its options and its extra catalog paths: all a worker process needs."""

PHASES = ("setup", "read", "parse", "validate", "graph", "rules", "findings", "store", "report")
"""Where a run spends its time: configuration and catalogs, reading files, parsing YAML, validating
models, building graphs, running rules, assembling findings (suppressions, selection, order),
keeping each file's report (spilled to a temporary file beyond the memory budget), and rendering
reports."""


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

    def add(self, phase: str, seconds: float) -> None:
        self.phases[phase] = self.phases.get(phase, 0.0) + seconds

    def add_rule(self, code: str, seconds: float) -> None:
        self.rules[code] = self.rules.get(code, 0.0) + seconds
        self.rule_hosts[code] = self.rule_hosts.get(code, 0) + 1

    def merge(self, other: Statistics) -> None:
        for phase, seconds in other.phases.items():
            self.add(phase, seconds)
        for code, seconds in other.rules.items():
            self.rules[code] = self.rules.get(code, 0.0) + seconds
        for code, n in other.rule_hosts.items():
            self.rule_hosts[code] = self.rule_hosts.get(code, 0) + n
        self.files += other.files
        self.hosts += other.hosts

    def table(self, top: int = 15) -> str:
        """A compact plain-text table: seconds per phase, then the slowest ``top`` rules."""
        from hvcheck.rules.registry import find_rule

        workers = "1 process" if self.workers <= 1 else f"{self.workers} worker processes"
        lines = [
            f"hvcheck statistics: {self.files} files, {self.hosts} hosts, {workers}, "
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
            found = find_rule(code)
            label = f"{code} {found.name if found else ''}".strip()[:48]
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


class _Checker:
    """Checks files one at a time, reusing rule instances and loaded catalogs between files."""

    def __init__(
        self,
        stats: Statistics | None = None,
        catalogs: dict[tuple[str, ...], Catalog] | None = None,
    ) -> None:
        self.stats = stats
        self.catalogs: dict[tuple[str, ...], Catalog] = catalogs if catalogs is not None else {}
        self._rules: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Rule]] = {}

    def rules_for(self, options: Options) -> list[Rule]:
        key = (options.select, options.ignore)
        rules = self._rules.get(key)
        if rules is None:
            rules = self._rules[key] = [r() for r in select_rules(options)]
        return rules

    def catalog(self, extra: tuple[str, ...]) -> Catalog:
        """The bundled catalogs plus ``extra``, loaded once (raises ``CatalogError``)."""
        cat = self.catalogs.get(extra)
        if cat is None:
            from hvcheck.engine.catalog_cache import load_catalog_cached

            cat = self.catalogs[extra] = load_catalog_cached(extra)
        return cat

    def check_file(self, path: str, options: Options, catalog: Catalog) -> FileReport | str:
        """The report for ``path``, or the error message when it cannot be read at all.

        The cyclic garbage collector is paused while one file is checked: what a file builds is
        freed by reference counting, and without the pause a large host pays for repeated full
        collections that walk all its (millions of) live objects. Collection resumes between files,
        so anything cyclic left behind is still collected.
        """
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._check_file(path, options, catalog)
        finally:
            if paused:
                gc.enable()

    def _check_file(self, path: str, options: Options, catalog: Catalog) -> FileReport | str:
        rules = self.rules_for(options)
        t0 = time.perf_counter()
        try:  # load_file, in two steps to time them apart
            data = read_file_bytes(path, options.limits.max_file_bytes)
        except ReadError as exc:
            return f"{path}: cannot read: {exc}"
        t1 = time.perf_counter()
        loaded = load_bytes(data, path, options.limits)
        del data
        stats = self.stats
        if stats is not None:
            stats.add("read", t1 - t0)
            stats.add("parse", time.perf_counter() - t1)
            stats.files += 1
        return check_loaded(loaded, catalog, rules, options, stats=stats)


def _collect(result: RunResult, outcome: FileReport | str, stats: Statistics | None) -> None:
    if isinstance(outcome, str):
        result.errors.append(outcome)
        return
    started = time.perf_counter()
    result.files.append(outcome)
    if stats is not None:
        stats.add("store", time.perf_counter() - started)


def check_paths(
    paths: Iterable[str],
    catalog: Catalog,
    options: Options | None = None,
    *,
    settings_for: SettingsFor | None = None,
    jobs: int | None = 1,
    stats: Statistics | None = None,
) -> RunResult:
    """Check every YAML file under ``paths``.

    ``settings_for`` gives the options and catalog for each file (from its configuration); without
    it every file uses ``options`` and ``catalog``, and ``jobs`` worker processes may share the work
    (``None`` or 0: one per CPU). With ``settings_for``, files are checked in this process; use
    :func:`check_configured` to check configured files in parallel.
    """
    default = options or Options()
    files, errors = discover(paths)
    result = RunResult(errors=errors)
    if settings_for is None:
        workers = worker_count(jobs, len(files))
        if workers > 1:
            plan = ((path, default, ()) for path in files)
            shared = (default, catalog)
            for outcome in _run_parallel(plan, {(): catalog}, workers, stats, shared):
                _collect(result, outcome, stats)
            return result
    checker = _Checker(stats)
    for path in files:
        opts, cat = settings_for(path) if settings_for is not None else (default, catalog)
        _collect(result, checker.check_file(path, opts, cat), stats)
    return result


def check_configured(
    paths: Iterable[str],
    resolver: Resolver,
    *,
    jobs: int | None = None,
    stats: Statistics | None = None,
) -> RunResult:
    """Check every YAML file under ``paths`` with the settings of its nearest configuration.

    Each distinct catalog list is loaded once in this process, which also validates it: an invalid
    catalog raises ``CatalogError`` before any report exists. With more than one job (``None`` or 0:
    one per CPU) and enough files, worker processes check the files; each worker keeps its own
    rule instances and catalogs (inherited from this process where the platform forks, otherwise
    loaded once per worker), and receives only (path, options, catalog paths) per file.
    """
    paths = list(paths)
    checker = _Checker(stats)
    interned: dict[tuple[Any, ...], Options] = {}

    def plan_for(path: str) -> PlanItem:
        started = time.perf_counter()
        s = resolver.settings_for(path)
        opts = Options(
            select=s.select,
            ignore=s.ignore,
            limits=s.limits,
            severity=s.severity,
            fail_on=s.fail_on,
        )
        opts = interned.setdefault(_options_key(opts), opts)
        checker.catalog(s.catalogs)  # load and validate each distinct catalog list here, once
        if stats is not None:
            stats.add("setup", time.perf_counter() - started)
        return path, opts, s.catalogs

    # The settings of the first path named are resolved (and its catalogs loaded) before anything
    # else, so that a broken configuration or catalog stops the run even when no file is found.
    plan_for(paths[0] if paths else ".")
    files, errors = discover(paths)
    result = RunResult(errors=errors)
    workers = worker_count(jobs, len(files))
    if workers > 1:
        plan = (plan_for(path) for path in files)
        for outcome in _run_parallel(plan, checker.catalogs, workers, stats):
            _collect(result, outcome, stats)
        return result
    for path in files:
        _, opts, extra = plan_for(path)
        _collect(result, checker.check_file(path, opts, checker.catalog(extra)), stats)
    return result


def _options_key(options: Options) -> tuple[Any, ...]:
    return (
        options.select,
        options.ignore,
        options.limits,
        tuple(sorted(options.severity.items())),
        options.fail_on,
    )


PARALLEL_MIN_FILES = 8
"""Below this many files, starting worker processes costs more than it saves."""
FILES_PER_WORKER = 4
"""At least this many files per worker, so each one earns its start-up."""


def worker_count(jobs: int | None, files: int) -> int:
    """How many worker processes to use for ``files`` files (1: check them in this process)."""
    if jobs is None or jobs <= 0:
        jobs = available_cpus()
    if jobs <= 1 or files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(jobs, files // FILES_PER_WORKER))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --- worker processes ------------------------------------------------------------------------------

_WORKER: _Checker | None = None
_WORKER_DEFAULT: tuple[Options, Catalog] | None = None


def _init_worker(
    catalogs: dict[tuple[str, ...], Catalog] | None,
    want_stats: bool,
    default: tuple[Options, Catalog] | None,
) -> None:
    import signal

    global _WORKER, _WORKER_DEFAULT
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _WORKER = _Checker(Statistics() if want_stats else None, dict(catalogs or {}))
    _WORKER_DEFAULT = default


def _check_chunk(items: Sequence[PlanItem]) -> tuple[list[FileReport | str], Statistics | None]:
    """Check a run of files in a worker; return their reports in order and the time they took."""
    checker = _WORKER
    assert checker is not None, "worker not initialised"
    out: list[FileReport | str] = []
    for path, options, extra in items:
        if _WORKER_DEFAULT is not None and not extra:
            catalog = _WORKER_DEFAULT[1]
        else:
            catalog = checker.catalog(extra)
        out.append(checker.check_file(path, options, catalog))
    stats = checker.stats
    if stats is not None:
        checker.stats = Statistics()
    return out, stats


def _start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the parent's loaded modules, rules and catalogs with no start-up cost per worker
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "spawn"


def _run_parallel(
    plan: Iterable[PlanItem],
    catalogs: dict[tuple[str, ...], Catalog],
    workers: int,
    stats: Statistics | None,
    default: tuple[Options, Catalog] | None = None,
) -> Iterator[FileReport | str]:
    """Check the planned files in ``workers`` processes; yield their outcomes in plan order.

    A bounded number of chunks is in flight at once, so the plan is consumed (and memory used) as
    the workers progress, not all up front.
    """
    import multiprocessing
    from collections import deque

    method = _start_method()
    context = multiprocessing.get_context(method)
    shared = catalogs if method == "fork" else None  # spawned workers load their own
    inherited = default if method == "fork" else None
    if default is not None and method != "fork":
        shared = {(): default[1]}
    chunk_size = 4
    window = workers * 4
    if method == "fork":
        gc.freeze()  # what is loaded now stays shared with the workers (copy-on-write), unscanned
    try:
        pool = context.Pool(workers, _init_worker, (shared, stats is not None, inherited))
    except OSError:  # no process support here (e.g. no /dev/shm for semaphores): one process
        if method == "fork":
            gc.unfreeze()
        checker = _Checker(stats, dict(catalogs))
        for path, options, extra in plan:
            cat = default[1] if default is not None and not extra else checker.catalog(extra)
            yield checker.check_file(path, options, cat)
        return
    if stats is not None:
        stats.workers = workers
    try:
        pending: deque[Any] = deque()
        items = iter(plan)
        exhausted = False
        chunks_sent = 0
        while True:
            while not exhausted and len(pending) < window:
                chunk: list[PlanItem] = []
                for item in items:
                    chunk.append(item)
                    if len(chunk) >= chunk_size:
                        break
                if not chunk:
                    exhausted = True
                    break
                pending.append(pool.apply_async(_check_chunk, (chunk,)))
                chunks_sent += 1
                if chunks_sent == workers * 2:
                    chunk_size = 16  # small first chunks start every worker early; then fewer trips
            if not pending:
                break
            outcomes, chunk_stats = pending.popleft().get()
            if stats is not None and chunk_stats is not None:
                stats.merge(chunk_stats)
            yield from outcomes
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        if method == "fork":
            gc.unfreeze()


def check_text(
    text: str, file: str, catalog: Catalog, options: Options | None = None
) -> FileReport:
    """Check YAML ``text`` as if it were the file ``file`` (used by tests and rule examples)."""
    from hvcheck.loader import load_text

    options = options or Options()
    rules = [r() for r in select_rules(options)]
    return check_loaded(load_text(text, file, options.limits), catalog, rules, options)


def check_loaded(
    loaded: LoadResult,
    catalog: Catalog,
    rules: list[Rule],
    options: Options,
    *,
    stats: Statistics | None = None,
) -> FileReport:
    report = FileReport(loaded.file, fail_on=options.fail_on)
    findings: list[Finding] = list(loaded.findings)
    problems: list[Finding] = []
    clock = time.perf_counter
    started = clock()
    inner = 0.0  # time spent in validation and in the hosts' graphs and rules (their own phases)
    suppressions = inline_suppressions(loaded.text, loaded.file, problems)
    for doc in loaded.documents:
        if is_cluster(doc):
            cluster_findings, cluster_outcomes, name = check_cluster_document(
                doc, loaded.file, catalog, rules, options.limits
            )
            findings.extend(cluster_findings)
            report.outcomes.extend(Outcome(loaded.file, h, c, st) for h, c, st in cluster_outcomes)  # type: ignore[arg-type]
            if name is not None:
                report.hosts.append(name)
            continue
        mark = clock()
        parsed, errors = parse_host(doc, loaded.file)
        if stats is not None:
            spent = clock() - mark
            stats.add("validate", spent)
            inner += spent
        findings.extend(errors)
        if parsed is None:
            continue
        report.hosts.append(parsed.name)
        suppressions.extend(structural_suppressions(parsed, problems))
        mark = clock()
        host_findings, outcomes = check_host(parsed, catalog, rules, options, stats=stats)
        if stats is not None:
            stats.hosts += 1
            inner += clock() - mark
        findings.extend(host_findings)
        report.outcomes.extend(outcomes)
    findings = [_override(f, options) for f in findings if _selected(f, options)]
    findings = apply_suppressions(findings, suppressions, loaded.file) + problems
    findings = [f for f in findings if _selected(f, options)]
    findings.sort(key=Finding.sort_key)
    report.findings = findings
    if findings and loaded.text:
        lines = loaded.text.splitlines()
        for f in findings:
            if f.file == loaded.file and 0 < f.span.line <= len(lines):
                report.lines[f.span.line] = lines[f.span.line - 1]
    for f in findings:  # cluster findings that point into member files
        if f.file != loaded.file:
            text = _other_line(f.file, f.span.line, options.limits)
            if text is not None:
                report.extra_lines[(f.file, f.span.line)] = text
    if stats is not None:
        # the rest: suppressions, cluster documents, selection, severity overrides, order, lines
        stats.add("findings", max(0.0, clock() - started - inner))
    return report


def _other_line(path: str, line: int, limits: Limits) -> str | None:
    try:
        data = read_file_bytes(path, limits.max_file_bytes)
    except ReadError:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def _selected(finding: Finding, options: Options) -> bool:
    select, ignore = list(options.select), list(options.ignore)
    return _code_matches(finding, select) and not _code_matches(finding, ignore)


def _code_matches(finding: Finding, selectors: list[str]) -> bool:
    for sel in selectors:
        s = sel.strip()
        if s.upper() == "ALL" or (s and finding.code.upper().startswith(s.upper())):
            return True
        if s and finding.name == s.lower():
            return True
    return False


def _override(finding: Finding, options: Options) -> Finding:
    sev = options.severity.get(finding.code) or options.severity.get(finding.name)
    if sev is None or sev == finding.severity:
        return finding
    from dataclasses import replace

    return replace(finding, severity=sev)


def host_context(parsed: ParsedHost, catalog: Catalog) -> HostContext:
    graph = build_graph(parsed)
    product = catalog.product(parsed.model.spec.hypervisor.product)
    architecture = product.architecture if product is not None else None
    return HostContext(parsed, graph, catalog, product, architecture)


def check_host(
    parsed: ParsedHost,
    catalog: Catalog,
    rules: list[Rule],
    options: Options,
    *,
    stats: Statistics | None = None,
) -> tuple[list[Finding], list[Outcome]]:
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    smap = parsed.source_map
    clock = time.perf_counter
    mark = clock()
    try:
        ctx = host_context(parsed, catalog)
    except Exception as exc:  # a bug in graph building must not become a traceback
        findings.append(
            make_finding(
                INTERNAL_ERROR,
                f"building the dependency graph failed: {type(exc).__name__}: {exc}"
                f"{_crash_site(exc)}; please report this",
                parsed.file,
                smap.value(""),
                host=parsed.name,
                document=parsed.document,
            )
        )
        return findings, outcomes
    if stats is not None:
        now = clock()
        stats.add("graph", now - mark)
        mark = now
    for rule in rules:
        if rule.input_check:
            continue
        if not rule.applies_to(ctx):
            outcomes.append(Outcome(parsed.file, parsed.name, rule.code, "not-applicable"))
            continue
        if stats is not None:
            began = clock()
        try:
            violations = list(rule.check(ctx))
        except Exception as exc:  # a crashing rule must not hide the others
            where = _crash_site(exc)
            findings.append(
                make_finding(
                    INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}"
                    f"{where}; please report this",
                    parsed.file,
                    smap.value(""),
                    host=parsed.name,
                    document=parsed.document,
                )
            )
            outcomes.append(Outcome(parsed.file, parsed.name, rule.code, "failed"))
            continue
        for v in violations:
            span = smap.key(v.path) if v.at == "key" else smap.value(v.path)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=v.severity or rule.default_severity,
                    message=v.message,
                    file=parsed.file,
                    span=span,
                    logical_path=v.path,
                    host=parsed.name,
                    document=parsed.document,
                )
            )
        status: Status = "failed" if violations else "passed"
        outcomes.append(Outcome(parsed.file, parsed.name, rule.code, status))
        if stats is not None:
            stats.add_rule(rule.code, clock() - began)
    if stats is not None:
        stats.add("rules", clock() - mark)
    return findings, outcomes


def _crash_site(exc: BaseException) -> str:
    frames: Iterator[traceback.FrameSummary] = iter(traceback.extract_tb(exc.__traceback__))
    last = None
    for last in frames:  # noqa: B007 - we want the innermost frame
        pass
    if last is None:
        return ""
    return f" at {os.path.basename(last.filename)}:{last.lineno}"
