"""Review findings 7, 8, 13, 14 and 18: nothing a host file or a file name holds reaches a CI command
channel, an HTML or Markdown renderer, or breaks a format, in any command's output.

One hostile host (values carrying GitHub ``::`` commands after a line break, Azure ``##vso[``
mid-line, HTML, Markdown links and images, backticks, invisible characters) under a hostile file
name, through every command and format.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hvcheck.reporters import names
from tests.cli.helpers import hvcheck

PAYLOAD = (
    "x\\n::error file=README.md,line=1::forged\\r\\n::add-mask::y ##vso[task.setvariable "
    "variable=PWN]1 <img src=https://evil.example/p.png> [click](https://evil.example) "
    "`code` \\u200b\\u061c\\U000E0041 <script>alert(1)</script>"
)
HOST = f"""\
apiVersion: hvcheck/v1
kind: Host
metadata:
  name: evil
  description: "{PAYLOAD}"
spec:
  hypervisor: {{product: hyperv, version: "2022"}}
  devices:
    - {{id: nic0, class: network, name: "{PAYLOAD}"}}
  partitions:
    - id: root
      role: parent
      os: {{family: windows, name: Windows Server 2022, arch: x64}}
    - id: vm1
      role: child
      os: {{family: windows, name: "{PAYLOAD}", arch: x64}}
      integration: {{present: false}}
      devices:
        - {{id: net0, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}}
"""
NAMES = ["##vso[task.complete result=Succeeded]x.yaml", "a`<img src=x>`b.yaml"]
if os.name != "nt":
    NAMES.append("bad-\udcff-\ufffe.yaml")  # byte 0xff and a noncharacter in a file name

FORBIDDEN_ANYWHERE = ("##vso[", "\u200b", "\u061c", "\U000e0041", "\ufffe")


def _write(directory: Path, name: str) -> Path:
    path = directory / name
    with open(os.fsencode(path), "w", encoding="utf-8") as handle:
        handle.write(HOST)
    return path


def _assert_markdown_inert(text: str) -> None:
    """No live HTML, image or link: outside code blocks and spans, no tag and no unescaped
    ``](``; inside a code span HTML is shown as text."""
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    body = re.sub(r"`[^`\n]*`", "", body)
    assert "<img" not in body and "<script" not in body and "<svg" not in body
    assert not re.search(r"(?<!\\)\]\(https?://", body)


def _assert_inert(text: str) -> None:
    for bad in FORBIDDEN_ANYWHERE:
        assert bad not in text, repr(bad)
    assert "\x1b" not in text and "\r" not in text
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::error file=README.md", "::add-mask::")), line


@pytest.fixture(params=NAMES)
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    _write(tmp_path, request.param)
    return tmp_path


@pytest.mark.parametrize("fmt", names("check"))
def test_check_formats(hostile: Path, fmt: str) -> None:
    run = hvcheck("check", "--format", fmt, ".", cwd=hostile)
    assert run.code == 1, run.err
    _assert_inert(run.out + run.err)
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(run.out)
    if fmt == "junit":
        ET.fromstring(run.out.encode("utf-8"))
    if fmt == "github":
        assert all(line.startswith("::") for line in run.out.splitlines()[:-2])


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_report(hostile: Path, fmt: str) -> None:
    run = hvcheck("report", "--format", fmt, ".", cwd=hostile)
    _assert_inert(run.out + run.err)
    if fmt == "markdown":
        _assert_markdown_inert(run.out)
    if fmt == "json":
        json.loads(run.out)
    if fmt == "html":
        assert "<img src=https://evil" not in run.out and "<script>alert" not in run.out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_matrix(hostile: Path, fmt: str) -> None:
    run = hvcheck("matrix", "--format", fmt, ".", cwd=hostile)
    _assert_inert(run.out + run.err)
    if fmt == "markdown":
        _assert_markdown_inert(run.out)


@pytest.mark.parametrize("fmt", names("graph"))
def test_graph_exports(hostile: Path, fmt: str) -> None:
    """Finding 8: graphml printed raw line breaks (forged `::error` lines); dot and mermaid a CR."""
    [path] = [p for p in hostile.iterdir() if p.suffix == ".yaml"]
    run = hvcheck("graph", "--format", fmt, os.fsdecode(bytes(path)), cwd=hostile)
    assert run.code == 0, run.err
    _assert_inert(run.out + run.err)
    if fmt == "graphml":
        ET.fromstring(run.out.encode("utf-8"))
    if fmt == "json":
        json.loads(run.out)


def test_the_github_step_summary_is_inert(hostile: Path, tmp_path: Path) -> None:
    """Finding 13: the step summary passed raw HTML, links and images."""
    summary = tmp_path / "summary.md"
    run = hvcheck(
        "check",
        ".",
        cwd=hostile,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert run.code == 1
    text = summary.read_text(encoding="utf-8")
    _assert_inert(text)
    _assert_markdown_inert(text)


def test_explain_and_rules_print_no_raw_controls() -> None:
    for args in (("explain", "HV4005"), ("rules",), ("rules", "--format", "markdown")):
        run = hvcheck(*args)
        assert run.code == 0
        _assert_inert(run.out)
