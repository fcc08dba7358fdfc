"""The source map: positions recorded as a tree by the loader, looked up by logical path.

The loader records spans per collection (no path string per value); ``value``/``key`` walk that
tree. The flat tables (``values``/``keys``, made on demand and rewritten by importers) must give
the same answer for every path, recorded or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hvcheck.findings import Span
from hvcheck.loader import SourceMap, load_text
from hvcheck.loader.sourcemap import child_path, parent_path, path_steps

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").rglob("*.yaml"))

TRICKY = """\
base: &base {vendor: intel, model: x}
merged:
  <<: *base
  model: y
alias: *base
"quoted key": 1
"we\\"i\\\\rd.key": [a, {b: c}]
? plain
: value
dup: 1
dup: 2
list:
  - [1, 2, [3]]
  - {k: v}
empty: {}
none:
"""


def _flat(smap: SourceMap) -> SourceMap:
    """The same positions as flat tables, looked up the way importers' maps are."""
    flat = SourceMap()
    flat.values = dict(smap.values)
    flat.keys = dict(smap.keys)
    return flat


def _probes(smap: SourceMap) -> set[str]:
    """Every recorded path, and paths below and beside them that are not recorded."""
    paths = set(smap.values) | set(smap.keys)
    probes = set(paths)
    for path in paths:
        probes.update(
            {
                child_path(path, "nothing"),
                child_path(path, 99),
                child_path(child_path(path, 0), "deeper"),
                parent_path(path),
            }
        )
    probes.update({"", "nothing", "[0]", 'x["unterminated', ".leading"})
    return probes


def _assert_same(text: str) -> None:
    result = load_text(text, "t.yaml")
    for doc in result.documents:
        tree = doc.source_map
        flat = _flat(tree)
        for path in sorted(_probes(tree)):
            assert tree.value(path) == flat.value(path), path
            assert tree.key(path) == flat.key(path), path
            assert tree.exact(path) == flat.exact(path), path


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_tree_and_flat_tables_agree_on_every_example(path: Path) -> None:
    _assert_same(path.read_text(encoding="utf-8"))


def test_tree_and_flat_tables_agree_on_merges_aliases_quotes_and_duplicates() -> None:
    _assert_same(TRICKY)


def test_lookups_point_where_the_text_says() -> None:
    smap = load_text(TRICKY, "t.yaml").documents[0].source_map
    assert smap.value("merged.model") == Span(4, 10, 4, 11)
    assert smap.key('merged["<<"]') == Span(3, 3, 3, 5)  # a key with no value of its own
    assert smap.value("merged.vendor") == smap.value("merged")  # merged in: the mapping's span
    assert smap.value("alias.vendor") == Span(5, 8, 5, 13)  # under an alias: the alias
    assert smap.value('["we\\"i\\\\rd.key"][1].b') == Span(7, 26, 7, 27)
    assert smap.value("dup") == Span(10, 6, 10, 7)  # the first of a duplicate key is kept
    assert smap.value("list[0][2][0]") == Span(13, 13, 13, 14)
    assert smap.key("list[1].k") == Span(14, 6, 14, 7)
    assert smap.value("list[7]") == smap.value("list")
    assert smap.exact("list[7]") is None
    assert smap.value("empty.x") == Span(15, 8, 15, 10)


def test_an_empty_map_points_at_the_start() -> None:
    assert SourceMap().value("spec.x") == Span(1, 1, 1, 1)
    assert SourceMap().key("") == Span(1, 1, 1, 1)


@given(st.lists(st.one_of(st.text(max_size=8), st.integers(0, 10**6)), max_size=6))
def test_path_steps_invert_child_path(steps: list[str | int]) -> None:
    path = ""
    for step in steps:
        path = child_path(path, step)
    assert path_steps(path) == steps
