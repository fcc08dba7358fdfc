"""``hvcheck matrix``: each cell is ``check`` on the host projected onto the target.

The parity test holds the issue's promise for every host in ``examples/`` and every rule case: the
cell of a host's own product and release is "blocked" exactly when ``check`` reports an error and
"ok with warnings" exactly when its worst finding is a warning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from hvcheck import api
from hvcheck.catalog import Catalog
from hvcheck.engine.config import CommandLine
from hvcheck.engine.matrix import build_matrix
from hvcheck.engine.projection import project
from hvcheck.loader import load_file
from hvcheck.model import parse_host
from hvcheck.results.matrix import Target
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES, REPO

HYPERV = EXAMPLES / "valid" / "hyperv-2022.yaml"
ESXI = EXAMPLES / "valid" / "esxi-8-native.yaml"
CASES = REPO / "tests" / "rules" / "cases"


def _case_files(tmp: Path) -> list[Path]:
    """Every rule case's input as a file (the test corpus), and every example."""
    tmp.mkdir()
    out = sorted(EXAMPLES.rglob("*.yaml"))
    yaml = YAML(typ="safe", pure=True)
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            if case.get("catalogs"):
                continue  # needs extra catalogs: the bundled ones are what the matrix loads
            target = tmp / f"{path.stem}-{i}.yaml"
            target.write_text(case["input"], encoding="utf-8")
            out.append(target)
    return out


def _verdict(findings: list[Any], host: str) -> str:
    mine = [f for f in findings if f.host == host and f.suppressed is None and not f.unknown]
    if any(f.severity.label == "error" for f in mine):
        return "blocked"
    if any(f.severity.label == "warning" for f in mine):
        return "ok with warnings"
    return "ok"


def test_the_own_release_cell_is_exactly_check(tmp_path: Path) -> None:
    groups: dict[str, list[Path]] = {}
    for path in _case_files(tmp_path / "corpus"):
        try:
            [doc, *_] = load_file(str(path)).documents
        except ValueError:
            continue
        parsed, errors = parse_host(doc, str(path)) if doc.data is not None else (None, [])
        if parsed is None or errors or parsed.model.spec.hypervisor.version is None:
            continue
        hv = parsed.model.spec.hypervisor
        groups.setdefault(f"{hv.product}:{hv.version}", []).append(path)
    compared = 0
    for n, (target, paths) in enumerate(sorted(groups.items())):
        folder = tmp_path / f"group{n}"  # one run per release: the same as one per file
        folder.mkdir()
        for i, path in enumerate(paths):
            (folder / f"{i:04d}-{path.name}").write_bytes(path.read_bytes())
        try:
            data, _ = build_matrix([str(folder)], [target], CommandLine())
        except ValueError:
            continue  # a product the catalogs do not know: no matrix column for it
        result = api.check([str(folder)])
        for cell in data.cells:
            if not cell.current:
                continue
            found = [f for f in result.findings if f.file == cell.file]
            assert cell.verdict == _verdict(found, cell.host), (cell.file, cell)
            assert not cell.changes and not cell.blockers
            compared += 1
    print(f"own-release cells compared with check: {compared}")
    assert compared > 300, compared


def _parsed(path: Path) -> Any:
    [doc] = load_file(str(path)).documents
    parsed, errors = parse_host(doc, str(path))
    assert parsed is not None and not errors
    return parsed


@pytest.mark.parametrize(
    "target", [Target("esxi", "8.0"), Target("kvm", None), Target("xen", "4.19")]
)
def test_projected_models_are_offered_by_the_target(target: Target, catalog: Catalog) -> None:
    projected = project(_parsed(HYPERV), target, catalog)
    offered = {m.id for m in catalog.models_for(target.product)}
    changed = {c.rsplit(" -> ", 1)[1].split(" (")[0] for c in projected.changes if " -> " in c}
    assert changed and changed <= offered


def test_a_generation_2_guest_gets_only_generation_2_devices(catalog: Catalog) -> None:
    """Moving to another Hyper-V release never proposes IDE or the legacy NIC to generation 2."""
    host = _parsed(HYPERV)
    for version in ("2016", "2025"):
        projected = project(host, Target("hyperv", version), catalog)
        assert projected.changes == []  # same product: what the file states carries over
        for part in projected.host.model.spec.partitions:
            for dev in part.devices:
                model = catalog.device_model(dev.model, "hyperv")
                if part.generation is not None and model is not None and model.generations:
                    assert part.generation in model.generations, (part.id, dev.model)
        parts = {p.id: p for p in projected.host.model.spec.partitions}
        original = {p.id: p for p in host.model.spec.partitions}
        for ident, part in parts.items():
            assert part.integration == original[ident].integration


def test_passthrough_maps_to_the_targets_passthrough_or_blocks(catalog: Catalog) -> None:
    host = _parsed(HYPERV)
    kvm = project(host, Target("kvm", None), catalog)
    assert any(c.endswith("dda -> vfio-pci") for c in kvm.changes), kvm.changes
    server = project(host, Target("virtual-server", "2005 R2"), catalog)
    assert any("cannot pass devices through" in b for b in server.blockers)


def test_an_older_release_that_lacks_generation_2_is_blocked() -> None:
    run = hvcheck("matrix", "-f", "json", str(HYPERV), "-t", "hyperv:2012", "-t", "hyperv:2022")
    cells = {c["target"]: c for c in json.loads(run.out)["cells"]}
    assert cells["hyperv:2012"]["verdict"] == "blocked"
    assert any("generation 2" in e for e in cells["hyperv:2012"]["errors"])
    assert cells["hyperv:2022"]["verdict"] == "ok" and cells["hyperv:2022"]["current"]


def test_too_little_memory_blocks(tmp_path: Path) -> None:
    small = tmp_path / "small.yaml"
    small.write_text(ESXI.read_text().replace("memory_gb: 512", "memory_gb: 2"))
    assert "memory_gb: 2" in small.read_text()
    data = json.loads(hvcheck("matrix", "-f", "json", str(small), "-t", "esxi:8.0").out)
    [cell] = data["cells"]
    assert cell["verdict"] == "blocked"
    assert any(e.startswith("HV1107") for e in cell["errors"])


def test_the_terminal_table_fits_100_columns() -> None:
    run = hvcheck("matrix", str(EXAMPLES / "valid"))
    assert run.code == 0, run.err
    grid = run.out.split("\n\n", 1)[0]
    assert max(len(line) for line in grid.splitlines()) <= 100
    assert "(current)" in grid


def test_cli_json_and_markdown() -> None:
    data = json.loads(hvcheck("matrix", str(HYPERV), "-t", "esxi:8.0", "-f", "json").out)
    assert data["kind"] == "matrix" and data["version"] == 2 and data["targets"] == ["esxi:8.0"]
    [cell] = data["cells"]
    assert cell["verdict"] in ("ok", "ok with warnings", "changes needed", "blocked")
    md = hvcheck("matrix", str(HYPERV), "-t", "esxi:8.0", "-f", "md").out
    assert md.startswith("# hvcheck migration matrix\n")


def test_unknown_target_is_a_usage_error() -> None:
    run = hvcheck("matrix", str(HYPERV), "-t", "esx-ultra:9")
    assert run.code == 2 and "unknown product 'esx-ultra'" in run.err


def test_hosts_of_the_same_name_in_two_files_keep_their_own_rows(tmp_path: Path) -> None:
    small = tmp_path / "small.yaml"
    small.write_text(ESXI.read_text().replace("memory_gb: 512", "memory_gb: 2"))
    big = tmp_path / "big.yaml"
    big.write_text(ESXI.read_text())
    run = hvcheck("matrix", str(big), str(small), "-t", "esxi:8.0")
    rows = run.out.split("\n\n", 1)[0].splitlines()[1:]
    assert [(r.split()[1], r.split()[2]) for r in rows] == [
        (f"({big})", "ok"),
        (f"({small})", "BLOCKED"),
    ], run.out
    md = hvcheck("matrix", str(big), str(small), "-t", "esxi:8.0", "-f", "md").out
    assert "small.yaml) | BLOCKED |" in md and "big.yaml) | ok |" in md
