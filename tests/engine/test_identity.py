"""A finding's identity is built from ids and logical paths, never list positions: inserting,
removing or reordering unrelated devices, drivers, partitions or virtual devices keeps every other
finding's fingerprint in JSON and SARIF, and keeps it accepted by a baseline (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck

BASE = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "7.0"}
  devices:
    - {id: spare0, class: network, in_use: false}
    - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
    - {id: nic1, class: network, pci: {vendor: "8086", device: "1572"}}
    - {id: hba0, class: storage, pci: {vendor: "1000", device: "0097"}}
  drivers:
    - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    - {name: lsi_msgpt3, kind: vmklinux, location: hypervisor, drives: [hba0]}
  partitions:
    - id: web01
      role: child
      hw_version: 4
      os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
      devices:
        - {id: web01-net0, kind: nic, model: e1000e, mode: emulated, served_by: hypervisor}
        - {id: web01-disk0, kind: disk, model: vmdk, mode: emulated, served_by: hypervisor}
    - id: db01
      role: child
      hw_version: 19
      os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
      devices:
        - {id: db01-net0, kind: nic, model: vmxnet3, mode: paravirtual, served_by: hypervisor}
"""

EDITS = {
    "device inserted first": (
        "  devices:\n",
        "  devices:\n    - {id: extra0, class: storage, in_use: false}\n",
    ),
    "device removed": ("    - {id: spare0, class: network, in_use: false}\n", ""),
    "drivers reordered": (
        "    - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}\n"
        "    - {name: lsi_msgpt3, kind: vmklinux, location: hypervisor, drives: [hba0]}\n",
        "    - {name: lsi_msgpt3, kind: vmklinux, location: hypervisor, drives: [hba0]}\n"
        "    - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}\n",
    ),
    "partition inserted first": (
        "  partitions:\n",
        "  partitions:\n    - id: idle\n      role: child\n      hw_version: 14\n"
        '      os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}\n',
    ),
    "virtual device inserted first": (
        "      devices:\n        - {id: web01-net0",
        "      devices:\n        - {id: web01-disk9, kind: disk, model: vmdk, mode: emulated, "
        "served_by: hypervisor}\n        - {id: web01-net0",
    ),
}


def _fingerprints(directory: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    data = json.loads(hvcheck("check", "-f", "json", "h.yaml", cwd=directory).out)
    sarif = json.loads(hvcheck("check", "-f", "sarif", "h.yaml", cwd=directory).out)
    in_json = {(f["code"], f["fingerprint"]) for f in data["findings"] if not f["unknown"]}
    in_sarif = {
        (r["ruleId"], r["partialFingerprints"]["hvcheck/v1"]) for r in sarif["runs"][0]["results"]
    }
    return in_json, in_sarif


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_unrelated_edits_keep_every_fingerprint(tmp_path: Path, edit: str) -> None:
    (tmp_path / "h.yaml").write_text(BASE)
    before_json, before_sarif = _fingerprints(tmp_path)
    assert {code for code, _ in before_json} >= {"HV3001", "HV3201", "HV3305"}  # device, driver,
    assert len(before_json) >= 4  # virtual device and partition findings, all distinct
    hvcheck("check", "--write-baseline", "baseline.json", "h.yaml", cwd=tmp_path)
    old, new = EDITS[edit]
    assert old in BASE
    (tmp_path / "h.yaml").write_text(BASE.replace(old, new, 1))
    after_json, after_sarif = _fingerprints(tmp_path)
    assert before_json <= after_json, before_json - after_json
    assert before_sarif <= after_sarif, before_sarif - after_sarif
    run = hvcheck("check", "-f", "json", "--baseline", "baseline.json", "h.yaml", cwd=tmp_path)
    left = {(f["code"], f["fingerprint"]) for f in json.loads(run.out)["findings"]}
    assert not (left & before_json), left & before_json  # every old finding is still accepted
