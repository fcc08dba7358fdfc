"""Cluster documents (``kind: Cluster``) and their rules, on the fleet in examples/fleet/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

FLEET = EXAMPLES / "fleet"


def findings(*paths: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(hvcheck("check", "-f", "json", *paths).out)
    return [(f["code"], Path(f["file"]).name, f["line"], f["column"]) for f in data["findings"]]


def test_valid_cluster_passes() -> None:
    run = hvcheck("check", str(FLEET / "cluster-prod.yaml"))
    assert run.code == 0, run.out
    assert run.out == "No findings in 1 file (1 host).\n"


def test_mixed_cluster_findings_point_at_the_files_involved() -> None:
    got = findings(str(FLEET / "cluster-mixed.yaml"))
    assert got == [
        ("HV7004", "cluster-mixed.yaml", 9, 3),
        ("HV7001", "cluster-mixed.yaml", 12, 28),
        ("HV7005", "cluster-mixed.yaml", 15, 41),
        ("HV7003", "esx-b2.yaml", 10, 13),
        ("HV7006", "esx-b2.yaml", 35, 11),
    ]


def test_member_lines_are_shown_in_text_output() -> None:
    out = hvcheck("check", str(FLEET / "cluster-mixed.yaml")).out
    assert " 10 |     vendor: amd\n    |             ^^^\n" in out


def test_product_mismatch_and_unsupported_compatibility_mode() -> None:
    got = findings(str(FLEET / "cluster-products.yaml"))
    assert got == [
        ("HV7004", "cluster-products.yaml", 11, 29),
        ("HV7002", "esx-b1.yaml", 7, 25),
    ]


def test_release_mismatch_is_a_warning(tmp_path: Path) -> None:
    shutil.copytree(FLEET / "hosts", tmp_path / "hosts")
    b2 = tmp_path / "hosts" / "esx-b2.yaml"
    b2.write_text(
        b2.read_text()
        .replace('version: "8.0 U2"', 'version: "8.0 U3"')
        .replace("vendor: amd", "vendor: intel")
    )
    (tmp_path / "c.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n"
        "    - {host: esx-b1, file: hosts/esx-b1.yaml}\n    - {host: esx-b2, file: hosts/esx-b2.yaml}\n"
        "  cpu_compatibility: {mode: evc, baseline: intel-icelake}\n"
    )
    data = json.loads(hvcheck("check", "-f", "json", str(tmp_path / "c.yaml")).out)
    hv7002 = [f for f in data["findings"] if f["code"] == "HV7002"]
    assert [(f["severity"], f["line"]) for f in hv7002] == [("warning", 8)]
    assert "rolling upgrade" in hv7002[0]["message"]


def test_member_naming_the_wrong_host(tmp_path: Path) -> None:
    shutil.copytree(FLEET / "hosts", tmp_path / "hosts")
    (tmp_path / "c.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n"
        "    - {host: hv-zz, file: hosts/hv-a1.yaml}\n"
    )
    data = json.loads(hvcheck("check", "-f", "json", str(tmp_path / "c.yaml")).out)
    [f] = data["findings"]
    assert f["code"] == "HV7001" and "no host named 'hv-zz' (it has: hv-a1)" in f["message"]


def test_cluster_schema_errors_are_findings(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  member: []\n"
    )
    got = findings(str(tmp_path / "c.yaml"))
    assert ("HV0003", "c.yaml", 5, 3) in got and ("HV0005", "c.yaml", 4, 1) in got


def test_fleet_readme_lists_the_fleet() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in sorted(FLEET.rglob("*.yaml")):
        assert str(path.relative_to(EXAMPLES)) in readme, path.name
