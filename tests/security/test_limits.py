"""Review findings 3, 4, 12, 16 and 17: the operator owns the limits, and every read is bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvcheck.catalog import foreign
from tests.cli.helpers import hvcheck


def test_a_repository_config_cannot_raise_a_limit(repo: Path) -> None:
    """Finding 3: `limits: {max_depth: 1000000}` let a 200 KB host take 6 GB."""
    (repo / ".hvcheck.yaml").write_text("limits: {max_depth: 1000000, max_nodes: 100}\n")
    (repo / "hosts" / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    run = hvcheck("check", "hosts", cwd=repo)
    assert run.code == 2
    assert ".hvcheck.yaml:1:" in run.err
    assert "limits.max_depth 1000000 is above the default 64" in run.err
    assert "--max-depth" in run.err
    # lowering is fine, and the operator may raise on the command line
    (repo / ".hvcheck.yaml").write_text("limits: {max_depth: 32}\n")
    run = hvcheck("check", "--format", "concise", "hosts/deep.yaml", cwd=repo)
    assert run.code == 1 and "nesting deeper than 32 levels" in run.out


def test_a_huge_baseline_and_deep_json_are_clear_errors(repo: Path) -> None:
    """Finding 4: baselines were read unbounded; deep nesting was an internal error."""
    (repo / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (repo / "big.json").write_text(
        json.dumps({"version": 2, "findings": [], "x": "a" * 70_000_000})
    )
    (repo / "count.json").write_text('{"version": 2, "findings": [{"count": 1' + "0" * 5000 + "}]}")
    for name, message in (
        ("deep.json", "nested too deeply"),
        ("big.json", "larger than"),
        ("count.json", "baseline"),
    ):
        run = hvcheck("check", "--baseline", name, "hosts", cwd=repo)
        assert run.code == 2, name
        assert message in run.err, run.err
        assert "internal error" not in run.err


def test_pyproject_is_bounded_and_deep_toml_is_an_error(repo: Path) -> None:
    """Finding 12: pyproject was read unbounded; deep TOML was a RecursionError."""
    (repo / "pyproject.toml").write_text("[tool.hvcheck]\nignore = " + "[" * 5000 + "]" * 5000)
    run = hvcheck("check", "hosts", cwd=repo)
    assert run.code == 2
    assert "pyproject.toml" in run.err and "internal error" not in run.err
    (repo / "pyproject.toml").write_text("[tool.hvcheck]\n" + "x = 1\n" * 400_000)
    run = hvcheck("check", "hosts", cwd=repo)
    assert run.code == 2
    assert "larger than 1048576 bytes" in run.err


def test_an_id_table_over_its_limit_is_refused_not_truncated(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HVCHECK_NO_CACHE", "1")
    """Finding 16: a pci.ids over 64 MiB was silently cut and still marked complete."""
    monkeypatch.setattr(foreign, "TEXT_LIMIT", 100_000)
    big = repo / "big.ids"
    big.write_text("".join(f"{v:04x}  Vendor {v}\n" for v in range(0x1000, 0x1000 + 8000)))
    run = hvcheck("check", "--catalog", str(big), "hosts", cwd=repo)
    assert run.code == 2
    assert "larger than 100000 bytes; not loaded" in run.err


def test_the_vsan_hcl_is_read_as_a_stream(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HVCHECK_NO_CACHE", "1")
    """Finding 17: a 200 MB all.json took 9 GB; now it is read one device at a time (the memory
    figure is in benchmarks/README.md); a file over the limit is refused, never cut."""
    devices = [
        {
            "vid": "1000",
            "did": f"{i:04x}",
            "svid": "1000",
            "ssid": "0001",
            "model": f"HBA {i}",
            "releases": {
                "ESXi 8.0 U2": {"lsi_msgpt3": {"1.0": {"type": "inbox", "firmwares": []}}}
            },
        }
        for i in range(2000)
    ]
    hcl = repo / "all.json"
    hcl.write_text(json.dumps({"timestamp": 1, "data": {"controller": devices}}))
    run = hvcheck("check", "--catalog", str(hcl), "hosts", cwd=repo)
    assert run.code == 1, run.err  # loaded; the bad host still fails as before
    monkeypatch.setattr(foreign, "HCL_POSITIONS_BYTES", 1_000)  # force the streaming reader
    run = hvcheck("check", "--catalog", str(hcl), "hosts", cwd=repo)
    assert run.code == 1, run.err
    monkeypatch.setattr(foreign, "HCL_MAX_BYTES", 10_000)
    run = hvcheck("check", "--catalog", str(hcl), "hosts", cwd=repo)
    assert run.code == 2
    assert "larger than 10000 bytes; not loaded" in run.err
