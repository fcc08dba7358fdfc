"""The HTML report's pictures, rendered by a real browser (Debian's ``chromium``, headless), tell
the truth about each architecture: every driver is drawn inside the box of the place it runs in
(the parent partition or driver domain on Hyper-V and Xen, the hypervisor on ESXi, the host OS on
hybrid VMMs and KVM), and on Hyper-V and Xen no edge crosses the hypervisor.

The positions are the browser's own (``getBBox`` after layout), read back with ``--dump-dom``.
``.ci/run`` installs chromium, so in CI (``CI=true``) a missing browser fails the test instead of
skipping it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.acceptance

GEOMETRY = """
<script>
const out = [];
const box = (el) => { const b = el.querySelector('rect').getBBox(); return [b.x, b.y, b.width, b.height]; };
for (const svg of document.querySelectorAll('svg[data-architecture]')) {
  out.push({
    label: svg.getAttribute('aria-label'),
    architecture: svg.dataset.architecture,
    boxes: [...svg.querySelectorAll('g.box')].map(g => ({key: g.dataset.key, kind: g.dataset.kind, role: g.dataset.role || '', rect: box(g)})),
    nodes: [...svg.querySelectorAll('g.node')].map(g => ({key: g.dataset.key, kind: g.dataset.kind, rect: box(g)})),
    edges: [...svg.querySelectorAll('path.edge')].map(p => { const b = p.getBBox(); return {kind: p.dataset.kind, source: p.dataset.source, target: p.dataset.target, rect: [b.x, b.y, b.width, b.height]}; }),
  });
}
const pre = document.createElement('pre');
pre.id = 'geometry';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
"""

Rect = list[float]


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("no headless browser: .ci/run installs Debian's chromium")
    pytest.skip("no headless browser installed (apt-get install chromium)")


def _inside(inner: Rect, outer: Rect) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[0] + inner[2] <= outer[0] + outer[2]
        and inner[1] + inner[3] <= outer[1] + outer[3]
    )


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _render(tmp_path: Path, paths: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    page = tmp_path / "report.html"
    run = hvcheck("report", "-f", "html", "-o", str(page), *paths)
    assert run.code in (0, 1), run.err
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", GEOMETRY + "</body>"), encoding="utf-8")
    proc = subprocess.run(
        [
            _browser(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = re.search(r'<pre id="geometry">(.*?)</pre>', proc.stdout, re.S)
    assert found, proc.stdout[-2000:]
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    pictures = json.loads(text.replace("&amp;", "&"))
    data = json.loads(hvcheck("report", "-f", "json", *paths).out)
    return pictures, data


def test_each_architecture_is_drawn_as_it_is(tmp_path: Path) -> None:
    valid = sorted(str(p) for p in (EXAMPLES / "valid").glob("*.yaml"))
    pictures, data = _render(tmp_path, valid)
    hosts = {f"dependency graph of {h['name']}": h for h in data["hosts"]}
    assert len(pictures) == len(hosts) >= 7
    seen = set()
    for picture in pictures:
        host = hosts[picture["label"]]
        arch = picture["architecture"]
        seen.add(arch)
        boxes = {b["key"]: b for b in picture["boxes"]}
        nodes = {n["key"]: n for n in picture["nodes"]}
        runs_in = {
            e["source"]: e["target"] for e in host["graph"]["edges"] if e["kind"] == "runs-in"
        }
        drivers = [n for n in nodes.values() if n["kind"] == "driver"]
        assert drivers, host["name"]
        for driver in drivers:
            place = boxes[runs_in[driver["key"]]]
            assert _inside(driver["rect"], place["rect"]), (host["name"], driver["key"])
            if place["kind"] == "partition" and place["role"] == "child":
                continue  # a guest's own driver for a device passed through to it
            expected = {
                "type1-microkernel": ("partition",),
                "type1-monolithic": ("hypervisor",),
                "hybrid-vmm": ("host-os",),
                "hosted-kernel": ("host-os",),
            }[arch]
            assert place["kind"] in expected, (host["name"], driver["key"], place)
            if arch == "type1-microkernel":
                assert place["role"] in ("parent", "driver-domain")
        for device in (n for n in nodes.values() if n["kind"] == "device"):
            assert _inside(device["rect"], boxes["hardware"]["rect"])
        for vdev in (n for n in nodes.values() if n["kind"] == "virtual-device"):
            owners = [b for b in boxes.values() if b["kind"] == "partition"]
            assert any(_inside(vdev["rect"], b["rect"]) for b in owners), vdev["key"]
        if arch == "type1-microkernel":
            band = next(b for b in boxes.values() if b["kind"] == "hypervisor")
            for other in boxes.values():
                if other is not band:
                    assert not _overlap(other["rect"], band["rect"]), other["key"]
            for edge in picture["edges"]:
                assert not _overlap(edge["rect"], band["rect"]), (host["name"], edge)
        if arch == "hosted-kernel":
            kvm = next(b for b in boxes.values() if b["kind"] == "hypervisor")
            host_os = next(b for b in boxes.values() if b["kind"] == "host-os")
            assert _inside(kvm["rect"], host_os["rect"])
    assert seen == {"type1-microkernel", "type1-monolithic", "hybrid-vmm", "hosted-kernel"}


def test_a_driver_placed_where_its_architecture_forbids_is_drawn_there_and_outlined(
    tmp_path: Path,
) -> None:
    broken = str(EXAMPLES / "broken" / "HV4001-driver-in-hypervisor.yaml")
    pictures, _ = _render(tmp_path, [broken])
    picture = pictures[0]
    band = next(b for b in picture["boxes"] if b["kind"] == "hypervisor")
    driver = next(n for n in picture["nodes"] if n["key"] == "driver:icea")
    assert _inside(driver["rect"], band["rect"])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    node = re.search(r'<g class="node" data-key="driver:icea".*?</g>', html, re.S)
    assert node and 'stroke="#dc2626"' in node.group(0)


def test_the_html_report_renders_without_console_errors(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    hvcheck(
        "report",
        "--exit-zero",
        "-f",
        "html",
        "-o",
        str(target),
        str(EXAMPLES / "valid" / "hyperv-2022.yaml"),
        str(EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml"),
    )
    shot = tmp_path / "report.png"
    browser = _browser()
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
