"""``hvcheck report``: Markdown, self-contained HTML (rendered in a real browser when one exists), JSON."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

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


@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="no headless browser installed",
)
def test_html_report_renders_in_a_headless_browser(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    hvcheck("report", "-f", "html", "-o", str(target), HYPERV, BROKEN)
    shot = tmp_path / "report.png"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    proc = subprocess.run(
        [
            str(browser),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--window-size=1400,1800",
            f"--screenshot={shot}",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
