"""Positions of every key and value in a document, keyed by logical path."""

from __future__ import annotations

import re

from hvcheck.findings import Span

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

# A raw mark is (line, column, end_line, end_column), 0-based, as the parser reports it.
RawSpan = tuple[int, int, int, int]


_PLAIN: dict[str, bool] = {}
"""Whether a key is plain, for the keys seen so far (field names, mostly: a small set)."""


def child_path(parent: str, key: str | int) -> str:
    """The logical path of ``key`` inside ``parent`` (``spec.partitions[2].devices[0].model``)."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    plain = _PLAIN.get(key)
    if plain is None:
        plain = _PLAIN_KEY.match(key) is not None
        if len(_PLAIN) < 4096:  # keys come from input files: keep the memory bounded
            _PLAIN[key] = plain
    if plain:
        return f"{parent}.{key}" if parent else key
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{parent}["{escaped}"]'


def parent_path(path: str) -> str:
    """The path one level up, or ``""`` at the root."""
    if path.endswith("]"):
        depth = 0
        for i in range(len(path) - 1, -1, -1):
            ch = path[i]
            if ch == "]":
                depth += 1
            elif ch == "[":
                depth -= 1
                if depth == 0:
                    return path[:i]
        return ""
    cut = path.rfind(".")
    return path[:cut] if cut >= 0 else ""


class SourceMap:
    """Spans of the keys and values of one document.

    Values nested under an alias are not recorded separately; looking them up falls back to the
    nearest recorded ancestor, which is the alias itself.
    """

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[str, RawSpan] = {}
        self.keys: dict[str, RawSpan] = {}

    @staticmethod
    def _span(raw: RawSpan) -> Span:
        line, col, end_line, end_col = raw
        return Span(line + 1, col + 1, end_line + 1, end_col + 1)

    def value(self, path: str) -> Span:
        """Where the value at ``path`` (or its nearest recorded ancestor) is written."""
        probe = path
        while True:
            raw = self.values.get(probe)
            if raw is not None:
                return self._span(raw)
            if not probe:
                return Span(1, 1, 1, 1)
            probe = parent_path(probe)

    def key(self, path: str) -> Span:
        """Where the key that introduces ``path`` is written (the value's span for list items)."""
        probe = path
        while True:
            raw = self.keys.get(probe)
            if raw is not None:
                return self._span(raw)
            raw = self.values.get(probe)
            if raw is not None:
                return self._span(raw)
            if not probe:
                return Span(1, 1, 1, 1)
            probe = parent_path(probe)
