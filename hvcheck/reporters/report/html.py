"""The compatibility report as one self-contained, printable HTML file (no scripts, no network)."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from hvcheck import __version__
from hvcheck.escape import clean
from hvcheck.findings import Finding
from hvcheck.reporters.report._common import (
    VERDICT_MARK,
    counted,
    driver_label,
    findings_line,
    grouped,
    overview,
)
from hvcheck.reporters.report._svg import render_svg
from hvcheck.results.report import HostSummary, ReportData

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827;
       margin: 2rem auto; max-width: 1320px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-top: 2px solid #e5e7eb; padding-top: 1rem; margin-top: 2rem; }
h3 { margin-bottom: .4rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #d1d5db; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num { text-align: right; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.verdict { display: inline-block; padding: .1rem .6rem; border-radius: 999px; font-weight: 600; }
.pass { background: #dcfce7; color: #166534; }
.pass-with-warnings { background: #fef3c7; color: #92400e; }
.fail { background: #fee2e2; color: #991b1b; }
.sev-error { color: #991b1b; } .sev-warning { color: #92400e; } .sev-info { color: #1e40af; }
.graph { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 6px; padding: .5rem; }
.muted { color: #6b7280; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { page-break-before: always; }
  .graph { overflow: visible; border: none; }
  .graph svg { max-width: 100%; height: auto; }
}
"""


def _t(text: object) -> str:
    return escape(clean(str(text)))


def _verdict(v: str) -> str:
    return f'<span class="verdict {v.replace(" ", "-")}">{_t(VERDICT_MARK[v])}</span>'


def _host(s: HostSummary, anchor: str) -> list[str]:
    if not s.loaded:
        return _unloaded(s, anchor)
    c = s.counts
    out = [
        f'<section id="{anchor}">',
        f"<h2>{_t(s.name)} {_verdict(s.verdict)}</h2>",
        f"<p><code>{_t(s.file)}</code> &middot; {_t(s.product_name)} {_t(s.version)} "
        f"(<code>{_t(s.product)}</code>) &middot; architecture <strong>{_t(s.architecture)}</strong>"
        f" &middot; {findings_line(c)}</p>",
        "<h3>Dependency graph</h3>",
        '<div class="graph">',
        render_svg(s),
        "</div>",
        "<h3>Devices</h3>",
        "<table><thead><tr><th>device</th><th>class</th><th>PCI</th><th>driver</th>"
        "<th>runs in</th><th>catalog</th></tr></thead><tbody>",
    ]
    for d in s.devices:
        drivers = driver_label(d)
        out.append(
            f"<tr><td><code>{_t(d['id'])}</code> {_t(d['name'])}</td><td>{_t(d['class'])}</td>"
            f"<td><code>{_t(d['pci'])}</code></td><td>{_t(drivers)}</td>"
            f'<td>{_t(", ".join(d["runs_in"]))}</td><td class="muted">{_t(d["catalog"])}</td></tr>'
        )
    out += [
        "</tbody></table>",
        "<h3>Partitions</h3>",
        "<table><thead><tr><th>partition</th><th>role</th><th>OS</th><th>enlightenment</th>"
        "<th>synthetic</th><th>paravirtual</th><th>emulated</th><th>passthrough</th></tr></thead>"
        "<tbody>",
    ]
    for p in s.partitions:
        devs = p["devices"]
        cells = "".join(
            f"<td>{_t(', '.join(devs.get(m, [])) or '-')}</td>"
            for m in ("synthetic", "paravirtual", "emulated", "passthrough")
        )
        reason = (
            f'<br><span class="muted">{_t(p["enlightenment_reason"])}</span>'
            if p["enlightenment_reason"]
            else ""
        )
        out.append(
            f"<tr><td><code>{_t(p['id'])}</code></td><td>{_t(p['role'])}</td><td>{_t(p['os'])}</td>"
            f"<td>{_t(p['enlightenment'])}{reason}</td>{cells}</tr>"
        )
    out += ["</tbody></table>", *_findings(s)]
    return out


def _unloaded(s: HostSummary, anchor: str) -> list[str]:
    return [
        f'<section id="{anchor}">',
        f"<h2>{_t(s.name)} {_verdict(s.verdict)}</h2>",
        f"<p><code>{_t(s.file)}</code> &middot; the host description has input errors, so "
        "nothing else about it could be checked</p>",
        *_findings(s),
    ]


def _findings(s: HostSummary) -> list[str]:
    out = ["<h3>Findings</h3>"]
    shown = False
    for severity, items in grouped(s.findings):
        if not items:
            continue
        shown = True
        out.append(
            f'<h4 class="sev-{severity.label}">{severity.label.capitalize()} ({len(items)})</h4>'
        )
        out.append("<ul>")
        out += [_finding_item(f) for f in items]
        out.append("</ul>")
    if not shown:
        out.append("<p>No findings.</p>")
    if s.unknown:
        out.append(f"<h4>What could not be checked ({len(s.unknown)})</h4>")
        out += ["<ul>", *(_finding_item(f) for f in s.unknown), "</ul>"]
    if s.suppressed:
        out.append(f"<h4>Suppressed ({len(s.suppressed)})</h4>")
        out.append("<ul>")
        out += [
            _finding_item(f, f" &mdash; suppressed: {_t(f.suppressed or '')}") for f in s.suppressed
        ]
        out.append("</ul>")
    out.append("</section>")
    return out


def _finding_item(f: Finding, tail: str = "") -> str:
    return (
        f"<li><code>{_t(f.code)}</code> {_t(f.message)} "
        f'<span class="muted">&mdash; <code>{_t(f.file)}:{f.span.line}:{f.span.column}</code> '
        f"({_t(f.name)}){tail}</span></li>"
    )


def stream(data: ReportData) -> Iterator[str]:
    yield _render(data.hosts, data.errors)


def _render(summaries: list[HostSummary], errors: list[str]) -> str:
    ov = overview(summaries)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>hvcheck compatibility report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>hvcheck compatibility report</h1>",
        f'<p class="muted">hvcheck {escape(__version__)} &middot; {counted(ov["hosts"], "host")}: '
        f"{ov['pass']} pass, {ov['pass with warnings']} pass with warnings, {ov['fail']} fail</p>",
        "<table><thead><tr><th>host</th><th>hypervisor</th><th>architecture</th><th>verdict</th>"
        "<th>errors</th><th>warnings</th><th>info</th></tr></thead><tbody>",
    ]
    for i, s in enumerate(summaries):
        out.append(
            f'<tr><td><a href="#host-{i}">{_t(s.name)}</a></td><td>{_t(s.product_name)} '
            f"{_t(s.version)}</td><td>{_t(s.architecture)}</td><td>{_verdict(s.verdict)}</td>"
            f'<td class="num">{s.counts["error"]}</td><td class="num">{s.counts["warning"]}</td>'
            f'<td class="num">{s.counts["info"]}</td></tr>'
        )
    out.append("</tbody></table>")
    for e in errors:
        out.append(f'<p class="sev-error">could not read: {_t(e)}</p>')
    for i, s in enumerate(summaries):
        out += _host(s, f"host-{i}")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
