"""The compatibility report as Markdown that GitHub and GitLab render (graphs as Mermaid)."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.escape import markdown_code, markdown_text
from hvcheck.findings import Finding
from hvcheck.reporters.report._common import (
    VERDICT_MARK,
    counted,
    driver_label,
    findings_line,
    grouped,
    overview,
)
from hvcheck.reporters.report._mermaid import mermaid
from hvcheck.results.report import HostSummary, ReportData


def _cell(text: str) -> str:
    """Text for a table cell or list item: no HTML, links, images or emphasis from the input."""
    return markdown_text(text)


def _host(summary: HostSummary) -> list[str]:
    if not summary.loaded:
        return _unloaded(summary)
    c = summary.counts
    out = [
        f"## {_cell(summary.name)} — {VERDICT_MARK[summary.verdict]}",
        "",
        f"- file: `{markdown_code(summary.file)}`",
        f"- hypervisor: {_cell(summary.product_name)} {_cell(summary.version)} "
        f"(`{summary.product}`), architecture **{summary.architecture}**",
        f"- findings: {findings_line(c)}",
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
    out += ["", *_findings(summary)]
    return out


def _unloaded(summary: HostSummary) -> list[str]:
    return [
        f"## {_cell(summary.name)} — {VERDICT_MARK[summary.verdict]}",
        "",
        f"- file: `{markdown_code(summary.file)}`",
        "- the host description has input errors, so nothing else about it could be checked",
        "",
        *_findings(summary),
    ]


def _findings(summary: HostSummary) -> list[str]:
    out = ["### Findings", ""]
    any_finding = False
    for severity, items in grouped(summary.findings):
        if not items:
            continue
        any_finding = True
        out.append(f"#### {severity.label.capitalize()} ({len(items)})")
        out.append("")
        out += [_finding_item(f) for f in items]
        out.append("")
    if not any_finding:
        out += ["No findings.", ""]
    if summary.unknown:
        out += [f"#### What could not be checked ({len(summary.unknown)})", ""]
        out += [_finding_item(f) for f in summary.unknown]
        out.append("")
    if summary.suppressed:
        out += [f"#### Suppressed ({len(summary.suppressed)})", ""]
        out += [
            _finding_item(f) + f" — suppressed: {_cell(f.suppressed or '')}"
            for f in summary.suppressed
        ]
        out.append("")
    return out


def _finding_item(f: Finding) -> str:
    where = f"`{markdown_code(f.file)}:{f.span.line}:{f.span.column}`"
    return f"- `{f.code}` {_cell(f.message)} — {where} ({f.name})"


def stream(data: ReportData) -> Iterator[str]:
    yield _render(data.hosts, data.errors)


def _render(summaries: list[HostSummary], errors: list[str]) -> str:
    ov = overview(summaries)
    out = [
        "# hvcheck compatibility report",
        "",
        f"{counted(ov['hosts'], 'host')}: {ov['pass']} pass, {ov['pass with warnings']} pass with warnings, "
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
