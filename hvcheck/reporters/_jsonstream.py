"""JSON written in pieces: the same bytes as ``json.dumps(value, indent=2, ensure_ascii=False)``,
but arrays wrapped in :class:`Items` are produced item by item while the document is written, so
a report over a hundred thousand findings never exists as one list or one string.

>>> "".join(dump({"a": Items(iter([1, {"b": [2]}])), "c": Items(iter([]))}))
'{\\n  "a": [\\n    1,\\n    {\\n      "b": [\\n        2\\n      ]\\n    }\\n  ],\\n  "c": []\\n}'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from hvcheck.escape import json_safe

INDENT = "  "


class Items:
    """A JSON array whose items are produced while the document is written."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)``, made inert for logs
    (:func:`hvcheck.escape.json_safe`): every JSON output of hvcheck is written through it."""
    return json_safe(json.dumps(value, ensure_ascii=False, **options))


def _plain(value: Any, level: int) -> str:
    text = dumps(value, indent=2)
    # JSON strings escape line breaks, so every "\n" here is one json.dumps put between items
    return text.replace("\n", "\n" + INDENT * level) if level else text


def _streams(value: Any) -> bool:
    if isinstance(value, Items):
        return True
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list):
        return any(_streams(v) for v in value)
    return False


def dump(value: Any, level: int = 0) -> Iterator[str]:
    """``value`` as indented JSON, in pieces; only containers holding :class:`Items` are walked
    here, everything else is encoded by :mod:`json` in one piece."""
    if isinstance(value, Items):
        yield from _array(iter(value.items), level, plain=True)
    elif isinstance(value, list) and _streams(value):
        yield from _array(iter(value), level, plain=False)
    elif isinstance(value, dict) and value and _streams(value):
        pad = "\n" + INDENT * (level + 1)
        opening = "{"
        for key, item in value.items():
            yield f"{opening}{pad}{dumps(str(key))}: "
            yield from dump(item, level + 1)
            opening = ","
        yield "\n" + INDENT * level + "}"
    else:
        yield _plain(value, level)


def _array(items: Iterator[Any], level: int, *, plain: bool) -> Iterator[str]:
    pad = "\n" + INDENT * (level + 1)
    opening = "["
    for item in items:
        yield opening + pad
        if plain:
            yield _plain(item, level + 1)
        else:
            yield from dump(item, level + 1)
        opening = ","
    yield "[]" if opening == "[" else "\n" + INDENT * level + "]"
