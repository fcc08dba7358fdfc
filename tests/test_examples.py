"""The bundled examples: valid hosts pass, each broken example shows the finding its comment names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.engine import check_paths
from hvcheck.findings import Severity
from hvcheck.rules.registry import all_rules, find_rule
from tests.conftest import EXAMPLES, REPO

VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))
BROKEN = sorted((EXAMPLES / "broken").glob("*.yaml"))
HEADER = re.compile(r"^# (HV\d{4}) ([a-z0-9-]+): \S")
CATALOG_OPTION = re.compile(r"^# hvcheck check --catalog (\S+)", re.M)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_have_no_errors_or_warnings(path: Path, catalog: Catalog) -> None:
    result = check_paths([str(path)], catalog)
    assert result.errors == []
    assert result.host_count >= 1
    serious = [f for f in result.findings if f.severity >= Severity.WARNING]
    assert serious == [], [f"{f.span.line}:{f.span.column} {f.code} {f.message}" for f in serious]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_example_shows_its_finding(path: Path, catalog: Catalog) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = HEADER.match(first)
    assert m, f"{path.name}: first line must be '# HVNNNN rule-name: explanation'"
    code, name = m.groups()
    assert path.name.startswith(f"{code}-{name}")
    # an example that needs more catalogs says so: "# hvcheck check --catalog <path> ..."
    extra = CATALOG_OPTION.findall(path.read_text(encoding="utf-8"))
    if extra:
        catalog = load_catalog([str(REPO / p) for p in extra])
    result = check_paths([str(path)], catalog)
    codes = {f.code for f in result.findings}
    rule = find_rule(code)
    only_unknown = rule is not None and getattr(rule, "only_unknown", False)
    # the finding it shows is a problem, not only "could not be checked" (unless that is the rule)
    assert any(f.code == code and (only_unknown or not f.unknown) for f in result.findings), codes
    if not code.startswith("HV0"):
        assert not {c for c in codes if c.startswith("HV0")}, codes


def test_examples_readme_lists_every_example() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in VALID + BROKEN:
        assert f"{path.parent.name}/{path.name}" in readme, path.name


# Rules no broken example can show: an input over a size limit would be a huge file, an undecodable
# one is not text a reader can open, and an internal error is a bug. Cluster rules are shown by the
# clusters in fleet/, checked below.
NO_EXAMPLE = {
    "HV0006": "input-limit: the example would have to exceed a size or depth limit",
    "HV0007": "encoding: the example would not be readable text",
    "HV0099": "internal-error: a bug in hvcheck, never an input's fault",
}


def test_every_rule_has_an_example() -> None:
    shown = {p.name.split("-", 1)[0] for p in BROKEN}  # test above: the name starts with the code
    fleet = check_paths([str(EXAMPLES / "fleet")], load_catalog())
    shown |= {f.code for f in fleet.findings if f.code.startswith("HV7")}
    missing = sorted({r.code for r in all_rules()} - shown - set(NO_EXAMPLE))
    assert missing == [], f"rules with no example in examples/: {missing}"
