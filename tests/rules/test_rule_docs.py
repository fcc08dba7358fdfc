"""Meta-tests over the whole registry: unique codes and names, documentation, runnable examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.engine import check_text
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, ARCHITECTURES, ClusterRule, Rule
from hvcheck.rules.registry import all_rules

RULES = all_rules()


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata_and_sources(rule: type, catalog: Catalog) -> None:
    for source in rule.sources:
        assert source in catalog.sources, f"{rule.code} cites unknown source {source!r}"
    if issubclass(rule, Rule) and not rule.input_check:
        # three-valued facts: every host rule documents a host that leaves its premise unstated,
        # and test_documented_examples_run holds it to reporting no problem there
        assert rule.examples()["unstated"], f"{rule.code} has no 'Unstated:' example"
    assert re.fullmatch(r"HV\d{4}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.architectures and all(f in (ALL, *ARCHITECTURES) for f in rule.architectures)
    module = rule.__module__.rsplit(".", 1)[-1]
    assert module.startswith(rule.code.lower() + "_"), "the code is in the module name"
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
    summary = rule.summary()
    assert summary and summary.endswith("."), "first docstring line is a one-sentence requirement"
    assert "Why:" in rule.doc()


DOC_CATALOG = re.compile(r"^Catalog\b[^\n]*:\n\n```yaml\n(.*?)^```$", re.S | re.M)


def _doc_catalog(rule: type, catalog: Catalog, tmp_path: Path) -> Catalog:
    """The bundled catalog, plus the catalog a rule's docstring shows under a 'Catalog' heading."""
    m = DOC_CATALOG.search(rule.doc())
    if m is None:
        return catalog
    extra = tmp_path / "doc-catalog.yaml"
    extra.write_text(m.group(1), encoding="utf-8")
    return load_catalog([str(extra)])


def _example_problem(rule: type, kind: str, text: str, catalog: Catalog) -> str | None:
    """What is wrong with one documented example, or None."""
    report = check_text(text, "example.yaml", catalog)
    mine = [f for f in report.findings if f.code == rule.code]
    other_input = [f.message for f in report.findings if f.code.startswith("HV0") and f not in mine]
    if other_input:
        return f"input errors: {other_input}"
    if kind == "fail" and rule.only_unknown:
        return None if [f for f in mine if f.unknown] else "Fail shows nothing unknown"
    if kind == "fail":
        return None if [f for f in mine if not f.unknown] else "Fail shows no problem"
    if kind == "unstated":  # the premise is not stated: it may say it could not check, no more
        problems = [f.message for f in mine if not f.unknown]
        return f"Unstated reports a problem: {problems}" if problems else None
    return f"Pass reports {[f.message for f in mine]}" if mine else None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_examples_run(rule: type, catalog: Catalog, tmp_path: Path) -> None:
    """Each Fail example shows a problem (or, for rules that only say what could not be checked,
    an unknown), each Pass example shows nothing, each Unstated example no problem."""
    examples = _doc_catalog(rule, catalog, tmp_path)
    problems = [
        f"{kind} example {i + 1}: {problem}"
        for kind, texts in rule.examples().items()
        for i, text in enumerate(texts)
        if (problem := _example_problem(rule, kind, text, examples)) is not None
    ]
    assert problems == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_examples_are_healthy_for_every_rule(
    rule: type, catalog: Catalog, tmp_path: Path
) -> None:
    """A Pass example is a host that is fine: no rule at all reports an error or a warning on it
    (a suppression it shows is honoured, as the command line honours it)."""
    examples = _doc_catalog(rule, catalog, tmp_path)
    problems = [
        f"Pass example {i + 1}: {f.code} {f.message}"
        for i, text in enumerate(rule.examples().get("pass", []))
        for f in check_text(text, "example.yaml", examples).findings
        if not f.unknown and not f.suppressed and f.severity >= Severity.WARNING
    ]
    assert problems == []


def test_rules_with_examples() -> None:
    """Every graph rule documents a failing and a passing example."""
    for rule in RULES:
        ex = rule.examples()
        if rule.input_check and rule.code in ("HV0007", "HV0099"):
            continue  # binary input and crashes cannot be shown as YAML text
        if issubclass(rule, ClusterRule):
            continue  # cluster examples need member files: examples/fleet, tests/rules/test_cluster.py
        assert ex["fail"] and ex["pass"], rule.code
