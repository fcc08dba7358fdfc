"""A rule that raises becomes one internal-error finding (HV0099) naming it; the other rules' findings
still appear, and the loader's own bugs are reported the same way, never as the user's syntax error."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from hvcheck.catalog import Catalog
from hvcheck.engine import Options, check_loaded, select_rules
from hvcheck.findings import Severity
from hvcheck.loader import load as load_module
from hvcheck.loader import load_text
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext
from tests.hostile.cases import VALID

DANGLING = VALID.replace("drives: [nic0]", "drives: [nic9]")


class Crashing(Rule):
    """A rule with a bug in it."""

    code = "HV9999"
    name = "crashing-rule"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterable[Violation]:
        yield Violation("spec", "first violation is fine")
        raise ZeroDivisionError("division by zero in a rule")


def test_crashing_rule_is_an_internal_error_and_the_others_still_report(catalog: Catalog) -> None:
    options = Options()
    rules = [r() for r in select_rules(options)]
    rules.insert(len(rules) // 2, Crashing())
    report = check_loaded(load_text(DANGLING, "host.yaml"), catalog, rules, options)
    internal = [f for f in report.findings if f.code == "HV0099"]
    assert len(internal) == 1
    [crash] = internal
    assert "HV9999" in crash.message and "crashing-rule" in crash.message
    assert "ZeroDivisionError" in crash.message
    assert crash.host == "esx01" and crash.span.line >= 1
    codes = {f.code for f in report.findings}
    assert "HV1002" in codes  # the dangling reference is still reported
    assert not any(f.code == "HV9999" for f in report.findings)  # nothing half-reported
    assert any(o.code == "HV9999" and o.status == "failed" for o in report.outcomes)


def test_crashing_rule_through_the_registry(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hvcheck.engine import options as options_module
    from hvcheck.rules import registry

    every = registry._registry()
    monkeypatch.setattr(registry, "_registry", lambda: (*every, Crashing))
    options_module._selected.cache_clear()
    options = Options()
    rules = [r() for r in select_rules(options)]
    options_module._selected.cache_clear()
    assert any(isinstance(r, Crashing) for r in rules)
    report = check_loaded(load_text(DANGLING, "host.yaml"), catalog, rules, options)
    assert {"HV0099", "HV1002"} <= {f.code for f in report.findings}
    assert any("HV9999 (crashing-rule)" in f.message for f in report.findings if f.code == "HV0099")


def test_a_bug_in_the_loader_is_an_internal_error_not_a_syntax_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: object, event: object) -> None:
        raise KeyError("builder bug")

    monkeypatch.setattr(load_module._Builder, "_end", broken)
    [finding] = load_text("a: [1]\n", "t.yaml").findings
    assert finding.code == "HV0099"
    assert "KeyError" in finding.message and "please report" in finding.message


def test_the_pure_python_parser_fallback_gives_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the C extension is missing, the pure parser is used; its errors are findings too."""
    cases = {
        "a: 1\nb: [\n": "HV0001",
        "%YAML 1.3\n---\na: 1\n": "HV0001",  # the pure parser asserts on this version
        "%YAML 1.20\n---\na: 1\n": "HV0001",  # found by fuzzing the pure parser
        "a: &a [*a]\n": "HV0006",
        "a: " + "[" * 100 + "]" * 100 + "\n": "HV0006",
        "a: !!python/name:os.system\n": "HV0009",
        "a: 1\na: 2\n": "HV0002",
    }
    monkeypatch.setattr(load_module, "_EVENTS", load_module._pure_events)
    for text, code in cases.items():
        found = load_text(text, "t.yaml").findings
        assert [f.code for f in found][:1] == [code], (text, found)
        assert all(f.span.line >= 1 and f.span.column >= 1 for f in found)
    assert load_text("a: no\nb: 0777\n", "t.yaml").documents[0].data == {"a": "no", "b": 777}
