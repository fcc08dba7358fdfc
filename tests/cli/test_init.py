"""``hvcheck init``: a complete, commented starting host for every product and release, that
``hvcheck check`` reports with no error and no warning; written atomically, never over a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck

PRODUCTS = [
    "esxi",
    "hyperv",
    "hyperv-client",
    "kvm",
    "virtual-pc",
    "virtual-server",
    "windows-virtual-pc",
    "xen",
]


def releases(product: str) -> list[str]:
    data = json.loads(hvcheck("catalog", "list", "release", "-p", product, "-f", "json").out)
    return [e["id"].split(" ", 1)[1] for e in data["entries"]]


def clean(path: Path) -> None:
    run = hvcheck("check", "-f", "json", str(path))
    data = json.loads(run.out)
    assert run.code == 0, run.out
    assert data["summary"]["by_severity"]["error"] == 0, data["findings"]
    assert data["summary"]["by_severity"]["warning"] == 0, data["findings"]
    assert data["summary"]["hosts"] == 1


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_release_of_every_product_starts_clean(tmp_path: Path, product: str) -> None:
    for release in [*releases(product), None]:
        target = tmp_path / f"{product}-{release or 'default'}.yaml".replace(" ", "_")
        args = ["init", "--product", product, str(target)]
        if release is not None:
            args += ["--release", release]
        run = hvcheck(*args)
        assert run.code == 0, (release, run.err)
        assert f"wrote {target}" in run.err
        text = target.read_text()
        assert text.startswith("# A starting host for ")
        assert text.count("\n#") + text.count("  #") >= 5  # commented
        if release is not None:
            assert f'version: "{release}"' in text
        clean(target)


def test_the_default_release_is_the_newest(tmp_path: Path) -> None:
    run = hvcheck("init", "-p", "esxi", "-", cwd=tmp_path)
    assert run.code == 0
    assert f'version: "{releases("esxi")[-1]}"' in run.out
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "host.yaml"
    target.write_text("mine\n")
    run = hvcheck("init", "--product", "hyperv", cwd=tmp_path)
    assert run.code == 2
    assert "host.yaml exists; use --force to replace it" in run.err
    assert target.read_text() == "mine\n"
    forced = hvcheck("init", "--product", "hyperv", "--force", "--name", "hv-lab-07", cwd=tmp_path)
    assert forced.code == 0
    assert "name: hv-lab-07" in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["host.yaml"]


def test_unknown_product_or_release_lists_what_there_is(tmp_path: Path) -> None:
    run = hvcheck("init", "--product", "hyperx", cwd=tmp_path)
    assert run.code == 2 and "hvcheck init knows: esxi, hyperv" in run.err
    release = hvcheck("init", "--product", "hyperv", "--release", "2021", cwd=tmp_path)
    assert release.code == 2
    assert "unknown release of hyperv '2021'" in release.err
    assert "known: 2008, 2008 R2" in release.err
    missing = hvcheck("init", cwd=tmp_path)
    assert missing.code == 2 and "--product is required" in missing.err
    assert list(tmp_path.iterdir()) == []
