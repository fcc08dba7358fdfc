"""``hvcheck rules``, ``explain``, ``graph`` and ``schema``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hvcheck.model.schema import host_schema_text
from hvcheck.rules.registry import all_rules
from tests.cli.helpers import hvcheck
from tests.conftest import REPO

HOST = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: hv01}
spec:
  hypervisor: {product: hyperv, version: "2022"}
  devices:
    - {id: nic0, class: network}
  drivers:
    - {name: e1i68x64, kind: windows-x64, location: parent, drives: [nic0]}
  partitions:
    - id: root
      role: parent
      os: {family: windows, name: Windows Server 2022, arch: x64}
    - id: vm1
      role: child
      os: {family: windows, name: Windows Server 2019, arch: x64}
      devices:
        - {id: vm1-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
"""


def test_rules_lists_every_rule() -> None:
    run = hvcheck("rules")
    assert run.code == 0
    codes = [line.split()[0] for line in run.out.splitlines()]
    assert codes == [r.code for r in all_rules()]


def test_rules_json_has_architectures_and_sources() -> None:
    data = json.loads(hvcheck("rules", "--format", "json").out)
    assert data["version"] == 1
    by_code = {r["code"]: r for r in data["rules"]}
    assert by_code["HV1005"]["architectures"] == ["all"]
    assert by_code["HV1005"]["severity"] == "error"
    assert by_code["HV1005"]["sources"][0]["id"] == "itpro-2008"
    assert "ITPro Today" in by_code["HV1005"]["sources"][0]["citation"]


def test_explain_shows_doc_examples_and_sources() -> None:
    run = hvcheck("explain", "HV1005")
    assert run.code == 0
    assert run.out.startswith("HV1005 architecture-mismatch\n")
    for part in ("Why:", "Fail:", "Pass:", "Sources:", "ITPro Today"):
        assert part in run.out
    assert hvcheck("explain", "architecture-mismatch").out == run.out


def test_explain_unknown_rule() -> None:
    run = hvcheck("explain", "HV1O05")
    assert run.code == 2
    assert "unknown rule" in run.err and "did you mean HV1005" in run.err


@pytest.mark.parametrize("fmt", ["dot", "graphml", "json", "mermaid"])
def test_graph_formats(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    run = hvcheck("graph", str(path), "--format", fmt)
    assert run.code == 0, run.err
    out = run.out
    if fmt == "dot":
        assert out.startswith('digraph "hv01" {')
        assert '"driver:e1i68x64" -> "device:nic0" [label="drives"];' in out
        assert '"virtual-device:vm1-net" -> "partition:root" [label="served-by"];' in out
    elif fmt == "graphml":
        root = ET.fromstring(out)
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        ids = {n.get("id") for n in root.iterfind(".//g:node", ns)}
        assert {"device:nic0", "partition:root", "virtual-device:vm1-net"} <= ids
    elif fmt == "json":
        data = json.loads(out)
        kinds = {(e["source"], e["target"], e["kind"]) for e in data["edges"]}
        assert ("driver:e1i68x64", "partition:root", "runs-in") in kinds
        assert ("partition:vm1", "virtual-device:vm1-net", "has") in kinds
    else:
        assert out.startswith("flowchart LR\n")
        assert "driver_e1i68x64 -->|drives| device_nic0" in out


def test_graph_of_a_broken_file_reports_instead(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text("apiVersion: hvcheck/v1\nkind: Host\n")
    run = hvcheck("graph", str(path))
    assert run.code == 1
    assert "HV0005" in run.err


def test_graph_needs_host_when_file_has_several(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST + "---\n" + HOST.replace("hv01", "hv02"))
    run = hvcheck("graph", str(path))
    assert run.code == 2 and "--host" in run.err
    assert hvcheck("graph", str(path), "--host", "hv02").out.startswith('digraph "hv02"')


def test_schema_documents_every_field() -> None:
    schema = json.loads(host_schema_text())
    missing = []
    for name, definition in schema.get("$defs", {}).items():
        for prop, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                missing.append(f"{name}.{prop}")
    assert missing == []


def test_schema_validates_the_examples() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    schema = json.loads(host_schema_text())
    yaml = YAML(typ="safe", pure=True)
    for path in sorted((REPO / "examples" / "valid").glob("*.yaml")):
        for doc in yaml.load_all(path.read_text(encoding="utf-8")):
            jsonschema.validate(doc, schema)


def test_editor_modelines_point_at_the_committed_schema() -> None:
    for path in sorted((REPO / "examples" / "valid").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (REPO / "schemas" / "host.schema.json").resolve()
