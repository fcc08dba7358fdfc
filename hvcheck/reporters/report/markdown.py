"""The compatibility report as Markdown that GitHub and GitLab render (graphs as Mermaid)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hvcheck.escape import clean
from hvcheck.reporters.report._common import VERDICT_MARK, driver_label, grouped, overview
from hvcheck.results.report import LAYERS, HostSummary, ReportData


def _cell(text: str) -> str:
    return clean(text).replace("|", "\\|")


def _mid(key: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def _mermaid_label(text: str) -> str:
    return clean(text).replace('"', "#quot;")


def mermaid(summary: HostSummary) -> str:
    lines = ["```mermaid", "flowchart LR"]
    for i, (title, _) in enumerate(LAYERS):
        members = [n for n in summary.graph_nodes if n["layer"] == i]
        if not members:
            continue
        lines.append(f'  subgraph L{i}["{_mermaid_label(title)}"]')
        for n in members:
            lines.append(f'    {_mid(str(n["key"]))}["{_mermaid_label(str(n["label"]))}"]')
        lines.append("  end")
    for e in summary.graph_edges:
        lines.append(f"  {_mid(str(e['source']))} -->|{e['kind']}| {_mid(str(e['target']))}")
    lines.append("```")
    return "\n".join(lines)


def _host(summary: HostSummary) -> list[str]:
    c = summary.counts
    out = [
        f"## {_cell(summary.name)} — {VERDICT_MARK[summary.verdict]}",
        "",
        f"- file: `{_cell(summary.file)}`",
        f"- hypervisor: {_cell(summary.product_name)} {_cell(summary.version)} "
        f"(`{summary.product}`), architecture **{summary.architecture}**",
        f"- findings: {c['error']} errors, {c['warning']} warnings, {c['info']} info",
        "",
        "### Dependency graph",
        "",
        mermaid(summary),
        "",
        "### Devices",
        "",
        "| device | class | PCI | driver | runs in | catalog |",
        "|---|---|---|---|---|---|",
    ]
    for d in summary.devices:
        drivers = driver_label(d)
        out.append(
            f"| {_cell(d['id'])} {_cell(d['name'])} | {d['class']} | {_cell(d['pci'])} | "
            f"{_cell(drivers)} | {_cell(', '.join(d['runs_in']))} | {_cell(d['catalog'])} |"
        )
    out += [
        "",
        "### Partitions",
        "",
        "| partition | role | OS | enlightenment | synthetic | paravirtual | emulated | passthrough |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in summary.partitions:
        devs = p["devices"]
        cells = [
            ", ".join(devs.get(m, [])) or "-"
            for m in ("synthetic", "paravirtual", "emulated", "passthrough")
        ]
        enl = p["enlightenment"] + (
            f" ({p['enlightenment_reason']})" if p["enlightenment_reason"] else ""
        )
        out.append(
            f"| {_cell(p['id'])} | {p['role']} | {_cell(p['os'])} | {_cell(enl)} | "
            + " | ".join(_cell(x) for x in cells)
            + " |"
        )
    out += ["", "### Findings", ""]
    any_finding = False
    for severity, items in grouped(summary.findings):
        if not items:
            continue
        any_finding = True
        out.append(f"#### {severity.label.capitalize()} ({len(items)})")
        out.append("")
        for f in items:
            out.append(
                f"- `{f.code}` {_cell(f.message)} — `{_cell(f.file)}:{f.span.line}:{f.span.column}` "
                f"({f.name})"
            )
        out.append("")
    if not any_finding:
        out += ["No findings.", ""]
    return out


def stream(data: ReportData) -> Iterator[str]:
    yield _render(data.hosts, data.errors)


def _render(summaries: list[HostSummary], errors: list[str]) -> str:
    ov = overview(summaries)
    out = [
        "# hvcheck compatibility report",
        "",
        f"{ov['hosts']} hosts: {ov['pass']} pass, {ov['pass with warnings']} pass with warnings, "
        f"{ov['fail']} fail.",
        "",
        "| host | hypervisor | architecture | verdict | errors | warnings | info |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for s in summaries:
        out.append(
            f"| {_cell(s.name)} | {_cell(s.product_name)} {_cell(s.version)} | {s.architecture} | "
            f"{VERDICT_MARK[s.verdict]} | {s.counts['error']} | {s.counts['warning']} | "
            f"{s.counts['info']} |"
        )
    out.append("")
    for e in errors:
        out.append(f"> could not read: {_cell(e)}")
    for s in summaries:
        out += _host(s)
    return "\n".join(out).rstrip() + "\n"
