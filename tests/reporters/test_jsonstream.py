"""The streamed JSON writer produces exactly ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hvcheck.escape import json_safe
from hvcheck.reporters._jsonstream import Items, dump

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
plain = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def streamed(draw: st.DrawFn) -> tuple[Any, Any]:
    """A value, and the same value with some of its lists turned into :class:`Items`."""
    kind = draw(st.sampled_from(["plain", "items", "list", "dict"]))
    if kind == "plain":
        value = draw(plain)
        return value, value
    if kind == "items":
        items = draw(st.lists(plain, max_size=4))
        return items, Items(iter(items))
    pairs = draw(st.lists(streamed(), max_size=3))
    if kind == "list":
        return [p for p, _ in pairs], [s for _, s in pairs]
    keys = draw(st.lists(st.text(), min_size=len(pairs), max_size=len(pairs), unique=True))
    return (
        {k: p for k, (p, _) in zip(keys, pairs, strict=True)},
        {k: s for k, (_, s) in zip(keys, pairs, strict=True)},
    )


@given(streamed())
def test_streamed_json_equals_json_dumps(pair: tuple[Any, Any]) -> None:
    value, with_items = pair
    expected = json_safe(json.dumps(value, indent=2, ensure_ascii=False))
    assert "".join(dump(with_items)) == expected
    assert json.loads(expected) == value  # inert for logs, the same value for parsers
