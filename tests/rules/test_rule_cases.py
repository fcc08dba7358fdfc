"""The generic rule-case runner: one YAML case file per rule under ``tests/rules/cases/``.

Each case gives an input host file and the exact findings of that rule it must produce, as
``{line, column}`` and optionally a ``message`` substring and ``unknown: true`` (the finding only
says what could not be checked). An empty ``expect`` list is a passing case. A case may name extra
``catalogs`` (paths relative to ``cases/``) to load besides the bundled ones.

``HVCHECK_UPDATE_CASES=1 pytest tests/rules/test_rule_cases.py`` rewrites the expectations of every
failing case with what the rule now reports (line, column, the whole message, and unknown), keeping
comments and layout; review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.engine import check_text
from hvcheck.findings import Finding
from hvcheck.rules.base import ClusterRule
from hvcheck.rules.registry import all_rules

CASES = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    yaml = YAML(typ="safe", pure=True)
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{path.stem}:{case['name']}"))
    return params


UPDATE = os.environ.get("HVCHECK_UPDATE_CASES") == "1"


def _matches(got: list[Finding], expected: list[dict[str, Any]]) -> bool:
    if [(f.span.line, f.span.column) for f in got] != [(e["line"], e["column"]) for e in expected]:
        return False
    return all(
        ("message" not in exp or exp["message"] in f.message)
        and bool(exp.get("unknown", False)) == f.unknown
        for f, exp in zip(got, expected, strict=True)
    )


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_rule_case(code: str, case: dict[str, Any], catalog: Catalog) -> None:
    if case.get("catalogs"):  # extra catalogs, relative to this directory
        catalog = load_catalog([str(CASES / p) for p in case["catalogs"]])
    report = check_text(case["input"], "case.yaml", catalog)
    got = [f for f in report.findings if f.code == code]
    expected = case.get("expect") or []
    if UPDATE and not _matches(got, expected):
        _update(code, case["name"], got)
        return
    assert [(f.span.line, f.span.column) for f in got] == [
        (e["line"], e["column"]) for e in expected
    ], [f"{f.span.line}:{f.span.column} {f.message}" for f in report.findings]
    for finding, exp in zip(got, expected, strict=True):
        if "message" in exp:
            assert exp["message"] in finding.message
        assert bool(exp.get("unknown", False)) == finding.unknown, finding.message
    for other in case.get("forbid", []):
        assert other not in [f.code for f in report.findings]


def _update(code: str, name: str, got: list[Finding]) -> None:
    """Write what the rule reports as the expectations of one case, keeping the file's layout."""
    path = CASES / f"{code}.yaml"
    yaml = YAML()  # round-trip: comments, key order and block scalars survive
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    for case in data["cases"]:
        if case["name"] != name:
            continue
        expect = CommentedSeq()
        for f in got:
            item = CommentedMap(line=f.span.line, column=f.span.column, message=f.message)
            if f.unknown:
                item["unknown"] = True
            item.fa.set_flow_style()
            expect.append(item)
        case["expect"] = expect
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def test_every_rule_has_a_case_file() -> None:
    have = {p.stem for p in CASES.glob("*.yaml")}
    missing = [
        r.code
        for r in all_rules()
        if not r.input_check and not issubclass(r, ClusterRule) and r.code not in have
    ]
    assert missing == []


def test_every_case_file_has_a_failing_and_a_passing_case() -> None:
    yaml = YAML(typ="safe", pure=True)
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem
        kinds = {bool(c.get("expect")) for c in data["cases"]}
        assert kinds == {True, False}, f"{path.name} needs both a failing and a passing case"
