"""Check one file: its documents (hosts and clusters), its suppressions, its findings in order.

:class:`Checker` checks files one at a time and keeps what it can reuse between them (rule
instances per selection, loaded catalogs); only each file's :class:`~hvcheck.results.FileReport`
leaves it.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence

from hvcheck.catalog import Catalog
from hvcheck.engine.cluster import check_cluster_document
from hvcheck.engine.host import check_host
from hvcheck.engine.options import Options, select_rules
from hvcheck.engine.stats import Statistics, no_statistics
from hvcheck.engine.suppress import apply_suppressions, inline_suppressions, structural_suppressions
from hvcheck.findings import EMPTY_INPUT, Finding
from hvcheck.loader import Limits, load_bytes, load_text
from hvcheck.loader.load import (
    FAILED_DOCUMENT,
    LoadResult,
    ReadError,
    claims_hvcheck,
    read_file_bytes,
)
from hvcheck.model import ParsedHost, is_cluster, parse_host
from hvcheck.model.foreign import foreign_document
from hvcheck.results import FileReport, Outcome
from hvcheck.rules.base import Rule

Observer = Callable[[LoadResult, FileReport, Catalog], None]
"""Called with each checked file as loaded, its report and its catalog (``hvcheck report`` builds
its host summaries from what was checked, never from a second read)."""


class Checker:
    """Checks files one at a time, reusing rule instances and loaded catalogs between files."""

    def __init__(
        self,
        stats: Statistics | None = None,
        catalogs: dict[tuple[str, ...], Catalog] | None = None,
        roots: tuple[str, ...] = (),
        observe: Observer | None = None,
    ) -> None:
        self.stats = stats or no_statistics()
        self.roots = roots
        """The checked tree: the catalog cache is never read from inside it."""
        self.observe = observe
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

            cat = self.catalogs[extra] = load_catalog_cached(extra, self.roots)
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
            try:
                with self.stats.phase("read"):
                    data = read_file_bytes(
                        path, options.limits.max_file_bytes, options.read_roots or None
                    )
            except ReadError as exc:
                return f"{path}: cannot read: {exc}"
            with self.stats.phase("parse"):
                loaded = load_bytes(data, path, options.limits)
            del data
            self.stats.count(files=1)
            return self.check(loaded, options, catalog)
        finally:
            if paused:
                gc.enable()

    def check(self, loaded: LoadResult, options: Options, catalog: Catalog) -> FileReport:
        """The report for a loaded file (shown to the observer, if any)."""
        report = check_loaded(loaded, catalog, self.rules_for(options), options, self.stats)
        if self.observe is not None:
            self.observe(loaded, report, catalog)
        return report


def is_foreign(data: object, file: str) -> bool:
    """True for hvcheck's configuration or another tool's YAML (skipped, not a host)."""
    from hvcheck.model import API_VERSION

    return data is not FAILED_DOCUMENT and foreign_document(data, file, API_VERSION) is not None


def unloaded_host_name(data: object, file: str, index: int) -> str:
    """The name of a host that failed to load: its ``metadata.name`` if it has one, else the
    file's name and the document's number."""
    if isinstance(data, dict):
        metadata = data.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("name"), str):
            return str(metadata["name"])
    return f"{os.path.basename(file)} (document {index + 1})"


def check_text(
    text: str, file: str, catalog: Catalog, options: Options | None = None
) -> FileReport:
    """Check YAML ``text`` as if it were the file ``file`` (for tests, examples and the API)."""
    options = options or Options()
    rules = [r() for r in select_rules(options)]
    return check_loaded(load_text(text, file, options.limits), catalog, rules, options)


def check_loaded(
    loaded: LoadResult,
    catalog: Catalog,
    rules: Sequence[Rule],
    options: Options,
    stats: Statistics | None = None,
    project: Callable[[ParsedHost], ParsedHost] | None = None,
) -> FileReport:
    """Check the documents of one loaded file and assemble its report.

    ``project`` (the matrix's) replaces each host before the rules run, with the same suppressions,
    selection and severities applied as for the host itself; cluster documents are then skipped.
    """
    stats = stats or no_statistics()
    report = FileReport(loaded.file, fail_on=options.fail_on, show_unknown=options.show_unknown)
    findings: list[Finding] = list(loaded.findings)
    problems: list[Finding] = []
    suppressions = inline_suppressions(loaded.text, loaded.file, problems)
    for doc in loaded.documents:
        if is_cluster(doc) and project is not None:
            continue
        if is_cluster(doc):
            cluster_findings, cluster_outcomes, name = check_cluster_document(
                doc, loaded.file, catalog, options
            )
            findings.extend(cluster_findings)
            if options.outcomes:
                report.outcomes.extend(
                    Outcome(loaded.file, h, c, st) for h, c, st in cluster_outcomes
                )
            if name is not None:
                report.hosts.append(name)
            continue
        with stats.phase("validate"):
            parsed, errors = parse_host(doc, loaded.file)
        findings.extend(errors)
        if parsed is None:
            if doc.data is not None and not is_foreign(doc.data, loaded.file):
                # a host that failed to load still counts, as a failure
                report.hosts.append(unloaded_host_name(doc.data, loaded.file, doc.index))
            continue
        report.hosts.append(parsed.name)
        suppressions.extend(structural_suppressions(parsed, problems))
        if project is not None:
            parsed = project(parsed)
        host_findings, outcomes = check_host(parsed, catalog, rules, stats, options.outcomes)
        stats.count(hosts=1)
        findings.extend(host_findings)
        report.outcomes.extend(outcomes)
    if not loaded.documents and any(f.code != EMPTY_INPUT.code for f in loaded.findings):
        report.hosts.append(unloaded_host_name(None, loaded.file, 0))  # could not be read at all
    with stats.phase("findings"):
        findings = [options.override(f) for f in findings if options.selects(f)]
        findings = apply_suppressions(findings, suppressions, loaded.file) + problems
        findings = [f for f in findings if options.selects(f)]
        findings.sort(key=Finding.sort_key)
        report.findings = findings
        _keep_lines(report, loaded, options)
    return report


def _keep_lines(report: FileReport, loaded: LoadResult, options: Options) -> None:
    """Keep the source lines the findings point at, for excerpts."""
    limits = options.limits
    if report.findings and loaded.text and claims_hvcheck(loaded.text):
        lines = loaded.text.splitlines()
        for f in report.findings:
            if f.file == loaded.file and 0 < f.span.line <= len(lines):
                report.lines[f.span.line] = lines[f.span.line - 1]
    for f in report.findings:  # cluster findings that point into member files
        if f.file != loaded.file:
            text = _other_line(f.file, f.span.line, limits, options.read_roots)
            if text is not None:
                report.extra_lines[(f.file, f.span.line)] = text


def _other_line(path: str, line: int, limits: Limits, roots: tuple[str, ...]) -> str | None:
    try:
        data = read_file_bytes(path, limits.max_file_bytes, roots or None)
    except ReadError:
        return None
    text = data.decode("utf-8", errors="replace")
    if not claims_hvcheck(text):
        return None
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None
