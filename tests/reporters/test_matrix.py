"""``hvcheck matrix``: the migration grid, checked against the catalogs' facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog
from hvcheck.engine import host_context
from hvcheck.engine.matrix import Target, evaluate
from hvcheck.loader import load_file
from hvcheck.model import parse_host
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

HYPERV = EXAMPLES / "valid" / "hyperv-2022.yaml"
ESXI = EXAMPLES / "valid" / "esxi-8-native.yaml"


def cells_for(path: Path, targets: list[Target], catalog: Catalog):  # type: ignore[no-untyped-def]
    [doc] = load_file(str(path)).documents
    parsed, errors = parse_host(doc, str(path))
    assert parsed is not None and not errors
    return evaluate(host_context(parsed, catalog), targets, catalog)


@pytest.mark.parametrize("product", ["esxi", "hyperv", "kvm", "xen", "virtual-server"])
def test_guest_enlightenment_comes_from_the_catalog(product: str, catalog: Catalog) -> None:
    [doc] = load_file(str(HYPERV)).documents
    parsed, _ = parse_host(doc, str(HYPERV))
    assert parsed is not None
    [cell] = evaluate(host_context(parsed, catalog), [Target(product, None)], catalog)
    for guest in cell.guests:
        part = next(p for p in parsed.model.spec.partitions if p.id == guest.partition)
        assert part.os is not None
        support = catalog.guest_support_for(product, part.os)
        expected = (
            "unknown"
            if support is None
            else {"built-in": "enlightened", "install": "installable", "none": "not-enlightened"}[
                support.integration
            ]
        )
        assert guest.there == expected, guest


def test_suggested_models_are_offered_by_the_target(catalog: Catalog) -> None:
    for cell in cells_for(HYPERV, [Target("esxi", None), Target("kvm", None)], catalog):
        offered = {m.id for m in catalog.models_for(cell.target.product)}
        for guest in cell.guests:
            for change in guest.models:
                new = change.rsplit(" -> ", 1)[1]
                assert new in offered, change


def test_own_product_is_current_and_ok(catalog: Catalog) -> None:
    [cell] = cells_for(HYPERV, [Target("hyperv", "2022")], catalog)
    assert cell.current
    assert all(d.status == "yes" for d in cell.devices)
    assert not any(g.models for g in cell.guests)


def test_too_little_memory_blocks_the_install(tmp_path: Path, catalog: Catalog) -> None:
    small = tmp_path / "small.yaml"
    small.write_text(ESXI.read_text().replace("memory_gb: 512", "memory_gb: 2"))
    assert "memory_gb: 2" in small.read_text()
    [cell] = cells_for(small, [Target("esxi", "8.0")], catalog)
    assert cell.installs == "no", cell.install_problems
    assert cell.verdict == "blocked"


def test_cli_grid_and_json(tmp_path: Path) -> None:
    run = hvcheck("matrix", str(HYPERV), "-t", "esxi:8.0", "-t", "hyperv:2022")
    assert run.code == 0, run.err
    header, row = run.out.splitlines()[:2]
    assert header.split() == ["host", "esxi:8.0", "hyperv:2022"]
    assert row.split()[0] == "hv-prod-01" and "(current)" in row
    data = json.loads(hvcheck("matrix", str(HYPERV), "-t", "esxi:8.0", "-f", "json").out)
    assert data["kind"] == "matrix" and data["targets"] == ["esxi:8.0"]
    [cell] = data["cells"]
    assert cell["verdict"] in ("ok", "changes needed", "blocked", "unknown")


def test_unknown_target_is_a_usage_error() -> None:
    run = hvcheck("matrix", str(HYPERV), "-t", "esx-ultra:9")
    assert run.code == 2 and "unknown product 'esx-ultra'" in run.err
