"""Configuration discovery and precedence, suppressions, and baselines, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import hvcheck

HOST = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "8.0"}
  devices:
    - {id: nic0, class: network}
    - {id: nic1, class: network}
    - {id: hba0, class: storage}
  drivers:
    - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
"""


def codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"]]


def test_config_is_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / ".hvcheck.yaml").write_text("ignore: [HV3001]\n")
    sub = tmp_path / "hosts" / "dc1"
    sub.mkdir(parents=True)
    (sub / "h.yaml").write_text(HOST)
    run = hvcheck("check", "-f", "json", str(sub / "h.yaml"))
    assert run.code == 0 and codes(run.out) == []


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.hvcheck]\nseverity = {HV3001 = "warning"}\n')
    (tmp_path / "h.yaml").write_text(HOST)
    run = hvcheck("check", "-f", "json", str(tmp_path / "h.yaml"))
    data = json.loads(run.out)
    assert run.code == 0
    assert {f["severity"] for f in data["findings"] if not f["unknown"]} == {"warning"}
    assert hvcheck("check", "--fail-on", "warning", str(tmp_path / "h.yaml")).code == 1


def test_nearest_config_wins_and_command_line_overrides(tmp_path: Path) -> None:
    (tmp_path / ".hvcheck.yaml").write_text("ignore: [HV3001]\n")
    inner = tmp_path / "strict"
    inner.mkdir()
    (inner / ".hvcheck.yaml").write_text("fail_on: warning\n")
    (inner / "h.yaml").write_text(HOST)
    (tmp_path / "h.yaml").write_text(HOST)
    assert codes(hvcheck("check", "-f", "json", str(tmp_path / "h.yaml")).out) == []
    assert "HV3001" in codes(hvcheck("check", "-f", "json", str(inner / "h.yaml")).out)
    run = hvcheck("check", "-f", "json", "--select", "HV1", str(inner / "h.yaml"))
    assert codes(run.out) == []


def test_per_path_overrides(tmp_path: Path) -> None:
    (tmp_path / ".hvcheck.yaml").write_text(
        "per_path:\n  - paths: ['lab/*']\n    ignore: [device-without-hypervisor-driver]\n"
    )
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "h.yaml").write_text(HOST)
    (tmp_path / "prod.yaml").write_text(HOST)
    data = json.loads(hvcheck("check", "-f", "json", str(tmp_path)).out)
    files = {f["file"] for f in data["findings"]}
    assert files == {str(tmp_path / "prod.yaml")}


def test_unknown_config_key_is_an_error_with_position(tmp_path: Path) -> None:
    (tmp_path / ".hvcheck.yaml").write_text("select: [HV1]\nignor: [HV3001]\n")
    (tmp_path / "h.yaml").write_text(HOST)
    run = hvcheck("check", str(tmp_path / "h.yaml"))
    assert run.code == 2
    assert (
        f"{tmp_path / '.hvcheck.yaml'}:2:1: HV0003 error unknown key 'ignor'; did you mean 'ignore'?"
        in run.err
    )


def test_unknown_pyproject_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.hvcheck]\nselekt = ["HV1"]\n'
    )
    (tmp_path / "h.yaml").write_text(HOST)
    run = hvcheck("check", str(tmp_path / "h.yaml"))
    assert run.code == 2 and "pyproject.toml:5:1: HV0003" in run.err


def test_config_command_shows_origins(tmp_path: Path) -> None:
    (tmp_path / ".hvcheck.yaml").write_text("# team settings\nignore: [HV1007]\nfail_on: warning\n")
    run = hvcheck("config", str(tmp_path), "--select", "HV3")
    assert run.code == 0
    assert f"config file: {tmp_path / '.hvcheck.yaml'}" in run.out
    assert 'ignore    = ["HV1007"]  (' + str(tmp_path / ".hvcheck.yaml") + ":2)" in run.out
    assert 'select    = ["HV3"]  (--select)' in run.out
    data = json.loads(hvcheck("config", str(tmp_path), "-f", "json").out)
    assert data["settings"]["fail_on"] == {
        "value": "warning",
        "from": f"{tmp_path / '.hvcheck.yaml'}:3",
    }


def test_inline_suppression_needs_a_reason_and_must_be_used(tmp_path: Path) -> None:
    text = HOST.replace(
        "- {id: nic0, class: network}",
        "- {id: nic0, class: network}  # hvcheck: ignore[HV3001] spare",
    ).replace(
        "- {id: nic1, class: network}", "- {id: nic1, class: network}  # hvcheck: ignore[HV3001]"
    )
    path = tmp_path / "h.yaml"
    path.write_text(
        text + "  # hvcheck: ignore[HV1002] nothing to see\n  boot_device: {kind: ssd}\n"
    )
    data = json.loads(hvcheck("check", "-f", "json", str(path)).out)
    got = sorted((f["code"], f["line"]) for f in data["findings"] if not f["unknown"])
    assert got == [("HV0011", 8), ("HV0012", 12), ("HV3001", 8)]
    assert [(f["code"], f["suppressed"]["reason"]) for f in data["suppressed"]] == [
        ("HV3001", "spare")
    ]


def test_own_line_suppression_covers_the_next_line(tmp_path: Path) -> None:
    text = HOST.replace(
        "    - {id: nic1, class: network}",
        "    # hvcheck: ignore[device-without-hypervisor-driver, HV1007] - lab spare\n"
        "    - {id: nic1, class: network}",
    )
    path = tmp_path / "h.yaml"
    path.write_text(text)
    data = json.loads(hvcheck("check", "-f", "json", str(path)).out)
    found = [(f["code"], f["line"]) for f in data["findings"] if not f["unknown"]]
    assert found == [("HV3001", 7), ("HV0012", 8)]


def test_structural_suppression_for_host_and_partition(tmp_path: Path) -> None:
    text = """\
apiVersion: hvcheck/v1
kind: Host
metadata:
  name: hv01
  suppress: {HV1008: "guest list reviewed by the platform team"}
spec:
  hypervisor: {product: hyperv, version: "2022"}
  partitions:
    - id: root
      role: parent
      os: {family: windows, name: Windows Server 2022, arch: x64}
    - id: old
      role: child
      os: {family: windows, name: Windows Server 2008 R2, version: SP1, arch: x64}
      suppress: {HV4005: "migrating off this VM in Q3", HV0003: "nope", HV4002: ""}
      devices:
        - {id: old-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    - id: new
      role: child
      os: {family: linux, name: Mystery Linux, version: "1"}
      devices:
        - {id: new-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
"""
    path = tmp_path / "h.yaml"
    path.write_text(text)
    data = json.loads(hvcheck("check", "-f", "json", str(path)).out)
    active = sorted((f["code"], f["line"], f["column"]) for f in data["findings"])
    assert active == [("HV0011", 15, 57), ("HV0011", 15, 73)]
    assert sorted(f["code"] for f in data["suppressed"]) == ["HV1008", "HV4005"]


def test_baseline_hides_known_findings_across_unrelated_edits(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    baseline = tmp_path / "baseline.json"
    run = hvcheck("check", str(path), "--write-baseline", str(baseline))
    assert run.code == 0
    saved = json.loads(baseline.read_text())
    assert saved["version"] == 2
    accepted = [e for e in saved["findings"] if e["code"] == "HV3001"]
    assert [e["subject"] for e in accepted] == ["spec.devices[nic0].id", "spec.devices[nic1].id"]
    assert '"line"' not in json.dumps(saved)
    path.write_text("# moved everything down\n\n\n" + HOST)
    run = hvcheck("check", "-f", "json", str(path), "--baseline", str(baseline))
    assert run.code == 0
    data = json.loads(run.out)
    assert data["findings"] == [] and data["summary"]["suppressed"] == len(saved["findings"])
    # A new device inserted at the top: the old findings stay accepted, only the new one is reported.
    path.write_text(HOST.replace("  devices:\n", "  devices:\n    - {id: nic9, class: network}\n"))
    run = hvcheck("check", "-f", "json", str(path), "--baseline", str(baseline))
    assert run.code == 1
    assert [(f["code"], f["path"], f["subject"]) for f in json.loads(run.out)["findings"]] == [
        ("HV3001", "spec.devices[0].id", "spec.devices[nic9].id")
    ]


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    bad = tmp_path / "b.json"
    bad.write_text("{not json")
    run = hvcheck("check", str(path), "--baseline", str(bad))
    assert run.code == 2 and "not valid JSON" in run.err
