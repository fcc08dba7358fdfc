"""Meta-tests over the whole registry: unique codes and names, documentation, runnable examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.engine import check_text
from hvcheck.rules.base import ALL, ARCHITECTURES, ClusterRule, Rule
from hvcheck.rules.registry import all_rules

RULES = all_rules()


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata(rule: type) -> None:
    assert re.fullmatch(r"HV\d{4}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.architectures and all(f in (ALL, *ARCHITECTURES) for f in rule.architectures)
    module = rule.__module__.rsplit(".", 1)[-1]
    assert module.startswith(rule.code.lower() + "_"), "the code is in the module name"
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
    summary = rule.summary()
    assert summary and summary.endswith("."), "first docstring line is a one-sentence requirement"
    assert "Why:" in rule.doc()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_sources_are_in_the_catalogs(rule: type, catalog: Catalog) -> None:
    for source in rule.sources:
        assert source in catalog.sources, f"{rule.code} cites unknown source {source!r}"


EXAMPLES = [
    pytest.param(rule, kind, text, id=f"{rule.code}-{kind}{i}")
    for rule in RULES
    for kind, texts in rule.examples().items()
    for i, text in enumerate(texts)
]


DOC_CATALOG = re.compile(r"^Catalog\b[^\n]*:\n\n```yaml\n(.*?)^```$", re.S | re.M)


def _doc_catalog(rule: type, catalog: Catalog, tmp_path: Path) -> Catalog:
    """The bundled catalog, plus the catalog a rule's docstring shows under a 'Catalog' heading."""
    m = DOC_CATALOG.search(rule.doc())
    if m is None:
        return catalog
    extra = tmp_path / "doc-catalog.yaml"
    extra.write_text(m.group(1), encoding="utf-8")
    return load_catalog([str(extra)])


@pytest.mark.parametrize(("rule", "kind", "text"), EXAMPLES)
def test_documented_examples_run(
    rule: type, kind: str, text: str, catalog: Catalog, tmp_path: Path
) -> None:
    report = check_text(text, "example.yaml", _doc_catalog(rule, catalog, tmp_path))
    mine = [f for f in report.findings if f.code == rule.code]
    other_input = [f for f in report.findings if f.code.startswith("HV0") and f not in mine]
    assert other_input == [], [f.message for f in other_input]
    if kind == "fail" and rule.only_unknown:
        assert [f for f in mine if f.unknown], "a Fail example shows what could not be checked"
    elif kind == "fail":
        assert [f for f in mine if not f.unknown], "a Fail example shows a problem"
    elif kind == "unstated":
        # the rule's premise is not stated: it may say it could not check, never report a problem
        assert [f.message for f in mine if not f.unknown] == []
    else:
        assert [f.message for f in mine] == []


def test_rules_with_examples() -> None:
    """Every graph rule documents a failing and a passing example."""
    for rule in RULES:
        ex = rule.examples()
        if rule.input_check and rule.code in ("HV0007", "HV0099"):
            continue  # binary input and crashes cannot be shown as YAML text
        if issubclass(rule, ClusterRule):
            continue  # cluster examples need member files: examples/fleet, tests/rules/test_cluster.py
        assert ex["fail"] and ex["pass"], rule.code


@pytest.mark.parametrize(
    "rule", [r for r in RULES if issubclass(r, Rule) and not r.input_check], ids=lambda r: r.code
)
def test_every_rule_shows_its_premise_unstated(rule: type) -> None:
    """Three-valued facts: every host rule documents a host that leaves its premise unstated, and
    the example test above holds it to reporting no problem there."""
    assert rule.examples()["unstated"], f"{rule.code} has no 'Unstated:' example"
