"""Checking ``kind: Cluster`` documents: load every member's host file, then run the cluster rules."""

from __future__ import annotations

import os

from hvcheck.catalog import Catalog
from hvcheck.findings import INTERNAL_ERROR, Finding, make_finding
from hvcheck.graph import build_graph
from hvcheck.loader import Document, Limits, load_file
from hvcheck.loader.load import ReadError
from hvcheck.model import parse_cluster, parse_host
from hvcheck.rules.base import ClusterContext, ClusterMember, ClusterRule, HostContext, Rule


def _member_context(path: str, host: str, catalog: Catalog, limits: Limits) -> HostContext | str:
    try:
        loaded = load_file(path, limits)
    except ReadError as exc:
        return f"cannot read {path}: {exc}"
    if loaded.findings:
        return f"{path} has input errors; run `hvcheck check {path}`"
    names = []
    for doc in loaded.documents:
        parsed, errors = parse_host(doc, path)
        if errors:
            return f"{path} has input errors; run `hvcheck check {path}`"
        if parsed is None:
            continue
        names.append(parsed.name)
        if parsed.name == host:
            product = catalog.product(parsed.model.spec.hypervisor.product)
            return HostContext(
                parsed,
                build_graph(parsed),
                catalog,
                product,
                product.architecture if product else None,
            )
    found = ", ".join(names) or "none"
    return f"{path} describes no host named '{host}' (it has: {found})"


def check_cluster_document(
    doc: Document, file: str, catalog: Catalog, rules: list[Rule], limits: Limits
) -> tuple[list[Finding], list[tuple[str, str, str]], str | None]:
    """Findings, (cluster, code, status) outcomes and the cluster's name."""
    parsed, findings = parse_cluster(doc, file)
    if parsed is None:
        return findings, [], None
    base = os.path.dirname(file)
    members = []
    for i, member in enumerate(parsed.model.spec.members):
        path = os.path.normpath(os.path.join(base, member.file))
        ctx = _member_context(path, member.host, catalog, limits)
        if isinstance(ctx, str):
            members.append(ClusterMember(i, member.host, path, problem=ctx))
        else:
            members.append(ClusterMember(i, member.host, path, context=ctx))
    cctx = ClusterContext(parsed, members, catalog)
    outcomes: list[tuple[str, str, str]] = []
    for rule in rules:
        if not isinstance(rule, ClusterRule):
            continue
        try:
            violations = list(rule.check_cluster(cctx))
        except Exception as exc:  # a crashing rule must not hide the others
            findings.append(
                make_finding(
                    INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}; "
                    "please report this",
                    file,
                    parsed.source_map.value(""),
                    host=parsed.name,
                    document=parsed.document,
                )
            )
            outcomes.append((parsed.name, rule.code, "failed"))
            continue
        for v in violations:
            if v.file is not None and v.span is not None:
                where_file, span = v.file, v.span
            else:
                smap = parsed.source_map
                where_file, span = file, smap.key(v.path) if v.at == "key" else smap.value(v.path)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=v.severity or rule.default_severity,
                    message=v.message,
                    file=where_file,
                    span=span,
                    logical_path=v.path,
                    host=v.host or parsed.name,
                    document=parsed.document if where_file == file else 0,
                )
            )
        outcomes.append((parsed.name, rule.code, "failed" if violations else "passed"))
    return findings, outcomes, parsed.name
