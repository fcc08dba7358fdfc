"""Check one validated host: build its graph, run every applicable rule, keep every outcome.

A rule that raises does not hide the others: its crash becomes an internal-error finding (HV0099)
and its outcome is ``failed``. Every (host, rule) pair gets an outcome: passed, failed, unknown
(only unknown findings) or not applicable.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterable

from hvcheck.catalog import Catalog
from hvcheck.engine.stats import Statistics, no_statistics
from hvcheck.findings import INTERNAL_ERROR, Finding, make_finding
from hvcheck.loader.identity import identity_path
from hvcheck.model import ParsedHost
from hvcheck.results import Outcome, Status
from hvcheck.rules.base import Rule, RuleBase, Violation
from hvcheck.rules.context import HostContext


def host_context(parsed: ParsedHost, catalog: Catalog) -> HostContext:
    """The rules' view of one host: its graph, its product and architecture, the catalogs."""
    return HostContext.of(parsed, catalog)


def to_finding(rule: RuleBase, v: Violation, parsed: ParsedHost) -> Finding:
    """A rule's violation as a positioned finding in the host's file."""
    smap = parsed.source_map
    path = str(v.path)
    span = smap.key(path) if v.on == "key" else smap.value(path)
    severity = v.severity or rule.default_severity
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=v.message,
        file=parsed.file,
        span=span,
        logical_path=path,
        host=parsed.name,
        document=parsed.document,
        subject=identity_path(parsed.data, path),
        unknown=v.unknown or rule.only_unknown,
    )


def crash_finding(what: str, exc: Exception, parsed: ParsedHost) -> Finding:
    return make_finding(
        INTERNAL_ERROR,
        f"{what}: {type(exc).__name__}: {exc}{crash_site(exc)}; please report this",
        parsed.file,
        parsed.source_map.value(""),
        host=parsed.name,
        document=parsed.document,
    )


def status_of(violations: list[Violation]) -> Status:
    if not violations:
        return "passed"
    return "unknown" if all(v.unknown for v in violations) else "failed"


def check_host(
    parsed: ParsedHost,
    catalog: Catalog,
    rules: Iterable[Rule],
    stats: Statistics | None = None,
    record: bool = True,
) -> tuple[list[Finding], list[Outcome]]:
    """The findings of ``rules`` on one host, and the outcome of each rule (none unless
    ``record``: only JUnit output shows them, and a fleet run makes millions)."""
    stats = stats or no_statistics()
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    try:
        with stats.phase("graph"):
            ctx = host_context(parsed, catalog)
    except Exception as exc:  # a bug in graph building must not become a traceback
        findings.append(crash_finding("building the dependency graph failed", exc, parsed))
        return findings, outcomes
    clock = time.perf_counter
    timed = stats.enabled
    rules = rules if isinstance(rules, list) else list(rules)
    flags = _applicable(rules, ctx)
    file, name = parsed.file, parsed.name
    with stats.phase("rules"):
        for rule, applies in zip(rules, flags, strict=True):
            if not applies:
                if record:
                    outcomes.append(Outcome(file, name, rule.code, "not-applicable"))
                continue
            began = clock() if timed else 0.0
            try:
                violations = list(rule.check(ctx))
            except Exception as exc:  # a crashing rule must not hide the others
                findings.append(
                    crash_finding(f"rule {rule.code} ({rule.name}) crashed", exc, parsed)
                )
                if record:
                    outcomes.append(Outcome(parsed.file, parsed.name, rule.code, "failed"))
                continue
            if violations:
                findings.extend(to_finding(rule, v, parsed) for v in violations)
                if record:
                    outcomes.append(Outcome(file, name, rule.code, status_of(violations)))
            elif record:
                outcomes.append(Outcome(file, name, rule.code, "passed"))
            if timed:
                stats.add_rule(rule.code, clock() - began)
    return findings, outcomes


_APPLICABLE: dict[int, tuple[list[Rule], dict[tuple[str | None, str], tuple[bool, ...]]]] = {}


def _applicable(rules: list[Rule], ctx: HostContext) -> tuple[bool, ...]:
    """Which rules apply to the host: a function of its architecture and product only, so it is
    worked out once per (rule list, architecture, product) and remembered (the list is kept with
    the answers, so its id is never reused for another list)."""
    entry = _APPLICABLE.get(id(rules))
    if entry is None or entry[0] is not rules:
        if len(_APPLICABLE) > 64:
            _APPLICABLE.clear()
        entry = _APPLICABLE[id(rules)] = (rules, {})
    key = (ctx.architecture, ctx.product_id)
    found = entry[1].get(key)
    if found is None:
        found = entry[1][key] = tuple(r.applies_to(ctx) for r in rules)
    return found


def crash_site(exc: BaseException) -> str:
    """`` at file.py:LINE`` of the innermost frame of a crash, for the report."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" at {os.path.basename(last.filename)}:{last.lineno}"
