"""``check --from``: every finding points at the source file and the element, key or line it comes
from, in every output format (text excerpts, GitHub annotations, SARIF)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvcheck.importers import import_for_check
from tests.cli.helpers import hvcheck

LIBVIRT = """\
<domain type='kvm'>
  <name>web</name>
  <memory unit='MiB'>2048</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <interface type='network'>
      <source network='default'/>
      <model type='frobnicator'/>
    </interface>
  </devices>
</domain>
"""
VMX = """\
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "19"
sched.cpu.min = "0"
displayName = "vm1"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet9"
"""
XL = """\
name = "hvm1"
type = "hvm"
memory = 1024
vif = [ 'bridge=xenbr0',
        'type=ioemu,model=notaqemudevice,bridge=xenbr0' ]
"""
LSPCI = """\
00:00.0 Host bridge [0600]: Intel Corporation Device [8086:1237]
\tKernel driver in use: agpgart
03:00.0 Ethernet controller [0200]: Typo Inc Device [8680:1572]
"""


def _check(tmp_path: Path, fmt: str, name: str, text: str, *args: str) -> tuple[str, list[dict]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    run = hvcheck(
        "check",
        "--from",
        fmt,
        name,
        "-f",
        "json",
        "--show-unknown",
        "--exit-zero",
        *args,
        cwd=tmp_path,
    )
    assert run.code == 0, run.err
    return name, json.loads(run.out)["findings"]


def _at(findings: list[dict], code: str) -> list[tuple[str, int, int]]:
    return [(f["file"], f["line"], f["column"]) for f in findings if f["code"] == code]


def test_libvirt_findings_point_at_the_element(tmp_path: Path) -> None:
    name, findings = _check(tmp_path, "libvirt", "web.xml", LIBVIRT)
    # the model comes from <model type='frobnicator'/>: line 8, column 7
    assert _at(findings, "HV1007") == [(name, 8, 7)]


def test_libvirt_columns_count_characters_on_one_line_documents(tmp_path: Path) -> None:
    """A domain written on one line (generated XML often is): columns are characters, also after
    a non-ASCII character earlier on the line."""
    for prefix in ("", "<!-- Kühlschrank -->"):
        text = (
            prefix + "<domain type='kvm'><name>web</name><os><type arch='x86_64'>hvm</type></os>"
            "<devices><interface type='network'><source network='default'/>"
            "<model type='frobnicator'/></interface></devices></domain>\n"
        )
        name, findings = _check(tmp_path, "libvirt", "one.xml", text)
        assert _at(findings, "HV1007") == [(name, 1, text.index("<model") + 1)], prefix


def test_vmx_findings_point_at_the_key(tmp_path: Path) -> None:
    name, findings = _check(tmp_path, "vmx", "vm1.vmx", VMX)
    assert _at(findings, "HV1007") == [(name, 7, 1)]


def test_xl_findings_point_at_the_list_item(tmp_path: Path) -> None:
    name, findings = _check(tmp_path, "xl", "hvm1.cfg", XL)
    # the second vif string, on line 5, column 9
    assert _at(findings, "HV1007") == [(name, 5, 9)]


def test_lspci_findings_point_at_the_device_line(tmp_path: Path) -> None:
    name, findings = _check(tmp_path, "lspci", "host.txt", LSPCI)
    assert _at(findings, "HV1204") == [(name, 3, 1)]


def test_text_excerpts_are_the_source_lines(tmp_path: Path) -> None:
    (tmp_path / "web.xml").write_text(LIBVIRT, encoding="utf-8")
    run = hvcheck("check", "--from", "libvirt", "web.xml", "--show-unknown", cwd=tmp_path)
    assert "web.xml:8:7: HV1007" in run.out
    assert " 8 |       <model type='frobnicator'/>" in run.out
    assert "kind: nic" not in run.out  # never a line of the generated YAML


def test_github_annotations_and_sarif_land_on_the_source_file(tmp_path: Path) -> None:
    (tmp_path / "vm1.vmx").write_text(VMX, encoding="utf-8")
    gh = hvcheck(
        "check", "--from", "vmx", "vm1.vmx", "-f", "github", "--show-unknown", cwd=tmp_path
    )
    assert "::notice file=vm1.vmx,line=7,col=1,endLine=7," in gh.out
    sarif = json.loads(
        hvcheck(
            "check", "--from", "vmx", "vm1.vmx", "-f", "sarif", "--show-unknown", cwd=tmp_path
        ).out
    )
    locations = [
        r["locations"][0]["physicalLocation"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "HV1007"
    ]
    assert locations == [
        {
            "artifactLocation": {"uri": "vm1.vmx", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 33},
        }
    ]
    lines = (tmp_path / "vm1.vmx").read_text(encoding="utf-8").splitlines()
    assert lines[7 - 1].startswith("ethernet0.virtualDev")


@pytest.mark.parametrize(
    ("fmt", "name", "text"),
    [("libvirt", "web.xml", LIBVIRT), ("vmx", "vm1.vmx", VMX), ("xl", "hvm1.cfg", XL)],
)
def test_every_position_is_inside_the_source(
    tmp_path: Path, fmt: str, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    imported = import_for_check(fmt, str(path))
    assert imported.lines == text.splitlines()
    assert imported.loaded.text == ""  # source text never becomes an inline suppression
    for doc in imported.loaded.documents:
        for raw in [*doc.source_map.values.values(), *doc.source_map.keys.values()]:
            line, _column, end_line, end_column = raw
            assert 0 <= line < len(imported.lines)
            assert end_column <= len(imported.lines[end_line]) + 1
