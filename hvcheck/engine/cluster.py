"""Checking ``kind: Cluster`` documents: load every member's host file, then run the cluster rules.

Each member file is read and parsed once, however many members name it.
"""

from __future__ import annotations

import os
from functools import cache

from hvcheck.catalog import Catalog
from hvcheck.engine.host import crash_site, host_context
from hvcheck.engine.options import Options
from hvcheck.findings import INPUT_LIMIT, INTERNAL_ERROR, Finding, make_finding, matches_code
from hvcheck.loader import Document, Limits, load_file
from hvcheck.loader.contain import Roots
from hvcheck.loader.identity import identity_path
from hvcheck.loader.load import ReadError
from hvcheck.model import ParsedHost, parse_cluster, parse_host
from hvcheck.results.run import Status
from hvcheck.rules.base import ClusterRule
from hvcheck.rules.context import ClusterContext, ClusterMember, HostContext
from hvcheck.rules.registry import cluster_rules

MAX_MEMBERS = 256
"""The most members one cluster document may name; more is a finding, not a longer run."""


def _load_member_file(path: str, limits: Limits, roots: Roots | None) -> list[ParsedHost] | str:
    try:
        loaded = load_file(path, limits, roots=roots)
    except ReadError as exc:
        return f"cannot read {path}: {exc}"
    if loaded.findings:
        return f"{path} has input errors; run `hvcheck check {path}`"
    hosts = []
    for doc in loaded.documents:
        parsed, errors = parse_host(doc, path)
        if errors:
            return f"{path} has input errors; run `hvcheck check {path}`"
        if parsed is not None:
            hosts.append(parsed)
    return hosts


def _member_context(
    loaded: list[ParsedHost] | str, path: str, host: str, catalog: Catalog
) -> HostContext | str:
    if isinstance(loaded, str):
        return loaded
    for parsed in loaded:
        if parsed.name == host:
            return host_context(parsed, catalog)
    found = ", ".join(p.name for p in loaded) or "none"
    return f"{path} describes no host named '{host}' (it has: {found})"


def _selected_cluster_rules(options: Options) -> list[ClusterRule]:
    return [r() for r in _cluster_rules(options.select, options.ignore)]


@cache
def _cluster_rules(
    select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[type[ClusterRule], ...]:
    return tuple(
        r
        for r in cluster_rules()
        if matches_code(r.code, r.name, select) and not matches_code(r.code, r.name, ignore)
    )


def check_cluster_document(
    doc: Document, file: str, catalog: Catalog, options: Options
) -> tuple[list[Finding], list[tuple[str, str, Status]], str | None]:
    """Findings, (cluster, code, status) outcomes and the cluster's name."""
    parsed, findings = parse_cluster(doc, file)
    if parsed is None:
        return findings, [], None
    base = os.path.dirname(file)
    # A member file must lie in the cluster file's directory tree or the checked tree, however it
    # is reached: a repository file never makes hvcheck read outside the repository.
    roots = (os.path.realpath(base or "."), *options.read_roots) if options.read_roots else None
    named = parsed.model.spec.members
    if len(named) > MAX_MEMBERS:
        findings.append(
            make_finding(
                INPUT_LIMIT,
                f"the cluster names {len(named)} members; hvcheck checks at most {MAX_MEMBERS} "
                "members per cluster document and ignores the rest",
                file,
                parsed.source_map.key("spec.members"),
                logical_path="spec.members",
                host=parsed.name,
                document=parsed.document,
            )
        )
    files: dict[str, list[ParsedHost] | str] = {}
    members = []
    for i, member in enumerate(parsed.model.spec.members[:MAX_MEMBERS]):
        path = os.path.normpath(os.path.join(base, member.file))
        if path not in files:
            files[path] = _load_member_file(path, options.limits, roots)
        ctx = _member_context(files[path], path, member.host, catalog)
        if isinstance(ctx, str):
            members.append(ClusterMember(i, member.host, path, problem=ctx))
        else:
            members.append(ClusterMember(i, member.host, path, context=ctx))
    cctx = ClusterContext(parsed, members, catalog)
    outcomes: list[tuple[str, str, Status]] = []
    smap = parsed.source_map
    for rule in _selected_cluster_rules(options):
        try:
            violations = list(rule.check_cluster(cctx))
        except Exception as exc:  # a crashing rule must not hide the others
            findings.append(
                make_finding(
                    INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}"
                    f"{crash_site(exc)}; please report this",
                    file,
                    smap.value(""),
                    host=parsed.name,
                    document=parsed.document,
                )
            )
            outcomes.append((parsed.name, rule.code, "failed"))
            continue
        for v in violations:
            path = str(v.path)
            if v.file is not None and v.span is not None:
                where_file, span, subject = v.file, v.span, v.subject or path
            else:
                span = smap.key(path) if v.on == "key" else smap.value(path)
                where_file, subject = file, identity_path(parsed.data, path)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=v.severity or rule.default_severity,
                    message=v.message,
                    file=where_file,
                    span=span,
                    logical_path=path,
                    host=v.host or parsed.name,
                    document=parsed.document if where_file == file else 0,
                    subject=subject,
                    unknown=v.unknown,
                )
            )
        outcomes.append((parsed.name, rule.code, "failed" if violations else "passed"))
    return findings, outcomes, parsed.name
