"""``hvcheck report``: Markdown, self-contained HTML (rendered in a real browser when one exists), JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES, REPO

HYPERV = str(EXAMPLES / "valid" / "hyperv-2022.yaml")
BROKEN = str(EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml")


def test_json_report_is_stable_and_complete() -> None:
    run = hvcheck("report", "-f", "json", HYPERV, BROKEN)
    assert run.code == 1, run.err  # a failing host fails the run, as in ``check``
    data = json.loads(run.out)
    assert data["version"] == 1 and data["kind"] == "report"
    assert data["summary"] == {"hosts": 2, "pass": 1, "pass with warnings": 0, "fail": 1}
    ok, bad = data["hosts"]
    assert ok["architecture"] == "type1-microkernel" and ok["verdict"] == "pass"
    nic0 = next(d for d in ok["devices"] if d["id"] == "nic0")
    assert nic0["drivers"] and nic0["runs_in"] == ["root"]
    legacy = next(p for p in ok["partitions"] if p["id"] == "legacy01")
    assert legacy["enlightenment"] == "not-enlightened"
    assert set(legacy["devices"]) == {"emulated"}
    kinds = {e["kind"] for e in ok["graph"]["edges"]}
    assert {"drives", "runs-in", "served-by", "has"} <= kinds
    assert bad["verdict"] == "fail"
    assert [f["code"] for f in bad["findings"]] == ["HV4005"]
    assert hvcheck("report", "-f", "json", HYPERV, BROKEN).out == run.out  # deterministic


def test_markdown_report_has_mermaid_tables_and_grouped_findings() -> None:
    out = hvcheck("report", HYPERV, BROKEN).out
    assert out.startswith("# hvcheck compatibility report\n")
    assert "```mermaid\nflowchart LR" in out
    assert "| device | class | PCI | driver | runs in | catalog |" in out
    assert "#### Error (1)" in out
    assert "`HV4005`" in out


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = hvcheck("report", "-f", "html", "-o", str(target), HYPERV, BROKEN)
    assert run.code == 1 and run.out == ""
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external resources"
    assert "<svg" in html and "@media print" in html


def test_html_report_escapes_hostile_names(tmp_path: Path) -> None:
    host = tmp_path / "h.yaml"
    host.write_text(
        "apiVersion: hvcheck/v1\nkind: Host\nmetadata:\n  name: x\n"
        '  description: "<script>alert(1)</script>"\nspec:\n  hypervisor: {product: esxi, version: "8.0"}\n'
        '  devices:\n    - {id: nic0, class: network, name: "<img src=x onerror=alert(1)>"}\n'
    )
    html = hvcheck("report", "-f", "html", str(host)).out
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_a_host_that_fails_to_load_is_a_fail_with_its_input_errors(tmp_path: Path) -> None:
    """Issue 13: a file with schema errors printed `0 hosts` and exited 0."""
    bad = str(EXAMPLES / "broken" / "HV0003-unknown-key.yaml")
    syntax = str(EXAMPLES / "broken" / "HV0001-yaml-syntax.yaml")
    run = hvcheck("report", "-f", "json", HYPERV, bad, syntax)
    assert run.code == 1
    data = json.loads(run.out)
    check = json.loads(hvcheck("check", "-f", "json", HYPERV, bad, syntax).out)
    assert data["summary"]["hosts"] == check["summary"]["hosts"] == 3
    failed = [h for h in data["hosts"] if not h["loaded"]]
    assert [h["verdict"] for h in failed] == ["fail", "fail"]
    assert {f["code"] for h in failed for f in h["findings"]} == {"HV0001", "HV0003"}
    md = hvcheck("report", HYPERV, bad).out
    assert "hv-prod-07 — FAIL" in md and "`HV0003` unknown key 'architectur'" in md


def test_suppressed_findings_and_unknowns_are_listed_with_their_reasons(tmp_path: Path) -> None:
    host = tmp_path / "h.yaml"
    text = Path(BROKEN).read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if "erp-net0" in line)
    lines[index] += "  # hvcheck: ignore[HV4005] the VM is retired next week"
    host.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = hvcheck("report", str(host))
    assert run.code == 0, run.err
    assert "#### Suppressed (1)" in run.out
    assert "suppressed: the VM is retired next week" in run.out
    unknown = hvcheck("report", str(EXAMPLES / "valid" / "kvm-rhel9-virtio-vfio.yaml")).out
    assert "#### What could not be checked (" in unknown
    data = json.loads(hvcheck("report", "-f", "json", str(host)).out)
    [summary] = data["hosts"]
    assert summary["verdict"] == "pass" and summary["counts"]["suppressed"] == 1
    html = hvcheck("report", "-f", "html", str(host)).out
    assert "Suppressed (1)" in html and "the VM is retired next week" in html


def test_report_exits_like_check_and_takes_fail_on() -> None:
    assert hvcheck("report", HYPERV).code == 0
    assert hvcheck("report", BROKEN).code == 1
    assert hvcheck("report", "--fail-on", "never", BROKEN).code == 0


def _verdicts(report_json: str) -> list[tuple[str, str, int, int]]:
    return [
        (h["name"], h["verdict"], h["counts"]["error"], h["counts"]["warning"])
        for h in json.loads(report_json)["hosts"]
    ]


def test_report_reads_standard_input_as_check_does() -> None:
    text = (EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml").read_bytes()
    run = hvcheck("report", "-f", "json", "-", "--stdin-filename", "host.yaml", stdin=text)
    check = hvcheck("check", "-", "--stdin-filename", "host.yaml", "-f", "json", stdin=text)
    assert run.code == check.code == 1
    errors = sum(f["severity"] == "error" for f in json.loads(check.out)["findings"])
    assert _verdicts(run.out) == [("hv-prod-02", "fail", errors, 0)]


def test_report_from_an_importer_judges_the_imported_host() -> None:
    source = str(REPO / "tests" / "importers" / "fixtures" / "libvirt" / "web01.xml")
    run = hvcheck("report", "-f", "json", "--from", "libvirt", source)
    check = hvcheck("check", "-f", "json", "--from", "libvirt", source)
    assert run.code == check.code
    hosts = json.loads(run.out)["hosts"]
    assert [h["product"] for h in hosts] == ["kvm"]  # loaded, not "(not loaded: input errors)"
    findings = json.loads(check.out)["findings"]
    errors = sum(f["severity"] == "error" and not f.get("unknown") for f in findings)
    assert hosts[0]["counts"]["error"] == errors
