"""Run the pipeline: discover files, load, validate, build graphs, apply rules, collect findings.

The engine selects rules, isolates a crashing rule as an internal-error finding (HV0099) and records
the outcome of every (host, rule) pair: passed, failed, or not applicable.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from hvcheck.catalog import Catalog
from hvcheck.engine.cluster import check_cluster_document
from hvcheck.engine.discover import discover
from hvcheck.engine.suppress import (
    apply_suppressions,
    inline_suppressions,
    structural_suppressions,
)
from hvcheck.findings import INTERNAL_ERROR, Finding, Severity, make_finding
from hvcheck.graph import build_graph
from hvcheck.loader import Limits, load_file
from hvcheck.loader.load import LoadResult, ReadError, read_file_bytes
from hvcheck.model import ParsedHost, is_cluster, parse_host
from hvcheck.rules.base import HostContext, Rule
from hvcheck.rules.registry import all_rules, matches

Status = Literal["passed", "failed", "not-applicable"]


@dataclass(frozen=True)
class Options:
    """What to check and how."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"


@dataclass(frozen=True)
class Outcome:
    """The result of one rule on one host."""

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

    def failed(self) -> bool:
        """True if an active finding is at or above this file's ``fail_on`` severity."""
        if self.fail_on == "never":
            return False
        threshold = Severity.parse(self.fail_on)
        return any(f.severity >= threshold for f in self.findings if f.suppressed is None)


@dataclass
class RunResult:
    """Everything one run produced, in a deterministic order."""

    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding, suppressed ones included, in a deterministic order."""
        out = [f for report in self.files for f in report.findings]
        return sorted(out, key=Finding.sort_key)

    @property
    def findings(self) -> list[Finding]:
        """The active (not suppressed) findings."""
        return [f for f in self.all_findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.all_findings if f.suppressed is not None]

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for report in self.files for o in report.outcomes]

    def failed(self) -> bool:
        return any(report.failed() for report in self.files)

    @property
    def host_count(self) -> int:
        return sum(len(r.hosts) for r in self.files)

    def source_line(self, file: str, line: int) -> str | None:
        for report in self.files:
            if report.path == file and line in report.lines:
                return report.lines[line]
            if (file, line) in report.extra_lines:
                return report.extra_lines[(file, line)]
        return None


class UsageError(Exception):
    """A problem with how hvcheck was called (exit code 2)."""


def select_rules(options: Options) -> list[type[Rule]]:
    return [
        r
        for r in all_rules()
        if matches(r, list(options.select)) and not matches(r, list(options.ignore))
    ]


SettingsFor = Callable[[str], tuple[Options, Catalog]]


def check_paths(
    paths: Iterable[str],
    catalog: Catalog,
    options: Options | None = None,
    *,
    settings_for: SettingsFor | None = None,
) -> RunResult:
    """Check every YAML file under ``paths``.

    ``settings_for`` gives the options and catalog for each file (from its configuration); without
    it every file uses ``options`` and ``catalog``.
    """
    default = options or Options()
    files, errors = discover(paths)
    result = RunResult(errors=errors)
    rule_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Rule]] = {}
    for path in files:
        opts, cat = settings_for(path) if settings_for is not None else (default, catalog)
        key = (opts.select, opts.ignore)
        rules = rule_cache.get(key)
        if rules is None:
            rules = rule_cache[key] = [r() for r in select_rules(opts)]
        try:
            loaded = load_file(path, opts.limits)
        except ReadError as exc:
            result.errors.append(f"{path}: cannot read: {exc}")
            continue
        result.files.append(check_loaded(loaded, cat, rules, opts))
    return result


def check_text(
    text: str, file: str, catalog: Catalog, options: Options | None = None
) -> FileReport:
    """Check YAML ``text`` as if it were the file ``file`` (used by tests and rule examples)."""
    from hvcheck.loader import load_text

    options = options or Options()
    rules = [r() for r in select_rules(options)]
    return check_loaded(load_text(text, file, options.limits), catalog, rules, options)


def check_loaded(
    loaded: LoadResult, catalog: Catalog, rules: list[Rule], options: Options
) -> FileReport:
    report = FileReport(loaded.file, fail_on=options.fail_on)
    findings: list[Finding] = list(loaded.findings)
    problems: list[Finding] = []
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
        parsed, errors = parse_host(doc, loaded.file)
        findings.extend(errors)
        if parsed is None:
            continue
        report.hosts.append(parsed.name)
        suppressions.extend(structural_suppressions(parsed, problems))
        host_findings, outcomes = check_host(parsed, catalog, rules, options)
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
    parsed: ParsedHost, catalog: Catalog, rules: list[Rule], options: Options
) -> tuple[list[Finding], list[Outcome]]:
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    smap = parsed.source_map
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
    for rule in rules:
        if rule.input_check:
            continue
        if not rule.applies_to(ctx):
            outcomes.append(Outcome(parsed.file, parsed.name, rule.code, "not-applicable"))
            continue
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
    return findings, outcomes


def _crash_site(exc: BaseException) -> str:
    frames: Iterator[traceback.FrameSummary] = iter(traceback.extract_tb(exc.__traceback__))
    last = None
    for last in frames:  # noqa: B007 - we want the innermost frame
        pass
    if last is None:
        return ""
    return f" at {os.path.basename(last.filename)}:{last.lineno}"
