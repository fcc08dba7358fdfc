"""Review findings 10, 11 and 12: work grows linearly with the input (the time figures at 1x, 10x
and 100x are in benchmarks/README.md, from `python benchmarks/linear.py`); here, the structural
facts that make it so."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvcheck.engine import cluster
from hvcheck.importers import import_files
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES


def test_a_member_file_is_parsed_once_however_many_members_name_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 11: 20 members naming one 3.9 MB host parsed it 20 times (30 s)."""
    members = "".join("    - {host: hv-prod-01, file: hosts/good.yaml}\n" for _ in range(20))
    (repo / "cluster.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n" + members
    )
    loads: list[str] = []
    real = cluster.load_file
    monkeypatch.setattr(
        cluster, "load_file", lambda path, *a, **k: loads.append(path) or real(path, *a, **k)
    )
    hvcheck("check", "--jobs", "1", "cluster.yaml", cwd=repo)
    assert len(loads) == 1


def test_the_number_of_members_is_bounded(repo: Path) -> None:
    members = "".join(f"    - {{host: h{i}, file: hosts/good.yaml}}\n" for i in range(300))
    (repo / "cluster.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n" + members
    )
    run = hvcheck("check", "--format", "concise", "cluster.yaml", cwd=repo)
    assert "the cluster names 300 members; hvcheck checks at most 256" in run.out


def test_unknown_pyproject_keys_are_each_reported_at_their_line(repo: Path) -> None:
    """Finding 12: locating each unknown key searched the whole text again (20,000 keys: 15 s)."""
    keys = "".join(f"unknown_{i} = 1\n" for i in range(20_000))
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.hvcheck]\n" + keys)
    run = hvcheck("check", "hosts", cwd=repo)
    assert run.code == 2
    assert "pyproject.toml:5:1:" in run.err and "pyproject.toml:20004:1:" in run.err


@pytest.mark.parametrize("count", [2000])
def test_many_devices_import_in_one_pass(tmp_path: Path, count: int) -> None:
    """Finding 10: each new device rescanned every device (16,000 interfaces: 17 s)."""
    xml = (
        EXAMPLES.parent / "tests" / "importers" / "fixtures" / "libvirt" / "web01.xml"
    ).read_text()
    many = "".join(
        f"<interface type='network'><source network='n{i}'/><model type='virtio'/></interface>"
        for i in range(count)
    )
    (tmp_path / "many.xml").write_text(xml.replace("</devices>", many + "</devices>", 1))
    result = import_files("libvirt", [str(tmp_path / "many.xml")])
    assert result.text.count("model: virtio-net") >= count
