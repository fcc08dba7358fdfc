"""The benchmark corpus generator: deterministic, and valid for the rules so that they do real work."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import ARCHITECTURES, generate, host_text, large_host_text
from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from hvcheck.findings import Severity


def test_same_index_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 6)
    second = generate(tmp_path / "b", 6)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert host_text(4) == host_text(4)
    assert host_text(4, seed=1) != host_text(4)
    assert large_host_text(50) == large_host_text(50)


def test_hosts_have_the_intended_shape_and_no_errors_or_warnings(catalog: Catalog) -> None:
    for index, arch in enumerate(ARCHITECTURES):
        text = host_text(index)
        assert f"product: {arch}" in text
        report = check_text(text, f"host-{index}.yaml", catalog)
        assert len(report.hosts) == 1
        serious = [f for f in report.findings if f.severity >= Severity.WARNING]
        assert serious == [], [f"{f.code} {f.message}" for f in serious]
        assert text.count("    - id: ") >= 40 + 20  # devices and partitions (drivers use name:)
        assert text.count("        - {id: ") >= 95  # virtual devices
