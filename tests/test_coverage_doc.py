"""docs/coverage.md maps the platforms' own checks to hvcheck rules: every rule and catalog
feature it names exists, and each set is at least 80 % covered."""

from __future__ import annotations

import re

from hvcheck.catalog import Catalog
from hvcheck.rules.registry import find_rule
from tests.conftest import REPO

DOC = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")


def test_every_rule_the_page_names_exists() -> None:
    codes = set(re.findall(r"\bHV\d{4}\b", DOC))
    assert codes
    assert [c for c in sorted(codes) if find_rule(c) is None] == []


def test_every_release_feature_the_page_names_is_in_the_catalog(catalog: Catalog) -> None:
    groups = re.findall(r"HV130[14] \(([^)]*)\)", DOC)
    named = {
        n
        for g in groups
        for n in re.findall(r"(?<![\w-])((?:xen|hyperv|esxi)-[a-z0-9-]*[a-z0-9])(?![\w.-])", g)
    }
    assert named
    known = set(catalog.release_facts.features) | set(catalog.release_facts.host_maximums)
    assert sorted(named - known) == []


def test_each_set_is_at_least_80_percent_covered() -> None:
    rows = re.findall(r"^\| ([^|]+) \| (\d+) \| (\d+) \| (\d+) \| \*\*(\d+) %\*\* \|$", DOC, re.M)
    assert len(rows) == 3, rows
    for name, _entries, applicable, covered, percent in rows:
        assert int(covered) * 100 >= 80 * int(applicable), name
        assert round(100 * int(covered) / int(applicable)) == int(percent), name


def test_the_page_links_the_live_tools_section() -> None:
    assert "(coverage-live-tools.md)" in DOC
