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


class Spans:
    """The positions recorded for one mapping or sequence: its own span, its values' (by key or
    index: a raw span for a scalar or an alias, a ``Spans`` for a nested collection) and, for a
    mapping, its keys'."""

    __slots__ = ("keys", "raw", "values")

    def __init__(
        self,
        raw: RawSpan,
        values: dict[str, RawSpan | Spans] | list[RawSpan | Spans],
        keys: dict[str, RawSpan] | None,
    ) -> None:
        self.raw = raw
        self.values = values
        self.keys = keys


Entry = RawSpan | Spans
"""What a collection records for one of its values."""

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')
_ESCAPE = re.compile(r"\\(.)")


def path_steps(path: str) -> list[str | int]:
    """The keys and indexes of a logical path, the inverse of :func:`child_path` (a malformed tail
    is dropped: lookups then stop at the last step that parsed).

    >>> path_steps('spec.partitions[2]["a.b"].id')
    ['spec', 'partitions', 2, 'a.b', 'id']
    """
    steps: list[str | int] = []
    at = 0
    while at < len(path):
        m = _STEP.match(path, at)
        if m is None or (at == 0 and path[0] == "."):
            break
        plain, index, quoted = m.groups()
        if plain is not None:
            steps.append(plain)
        elif index is not None:
            steps.append(int(index))
        else:
            steps.append(_ESCAPE.sub(r"\1", quoted))
        at = m.end()
    return steps


class SourceMap:
    """Spans of the keys and values of one document.

    The loader records them as a tree that mirrors the document (:class:`Spans`), so no path string
    is built for a value nobody asks about; ``value`` and ``key`` walk it. ``values`` and ``keys``
    are the same positions as flat tables keyed by logical path, made on first use (importers and
    renumbering rewrite those; once they are set, lookups use them).

    Values nested under an alias are not recorded separately; looking them up falls back to the
    nearest recorded ancestor, which is the alias itself.
    """

    __slots__ = ("_flat", "root")

    def __init__(self, root: Entry | None = None) -> None:
        self.root = root
        self._flat: tuple[dict[str, RawSpan], dict[str, RawSpan]] | None = None
        """The flat (values, keys) tables, once made or set."""

    # -- flat tables -----------------------------------------------------------------------------

    def _tables(self) -> tuple[dict[str, RawSpan], dict[str, RawSpan]]:
        if self._flat is None:
            self._flat = self._flatten()
        return self._flat

    def _flatten(self) -> tuple[dict[str, RawSpan], dict[str, RawSpan]]:
        values: dict[str, RawSpan] = {}
        keys: dict[str, RawSpan] = {}
        if self.root is not None:
            todo: list[tuple[str, Entry]] = [("", self.root)]
            while todo:
                path, entry = todo.pop()
                if not isinstance(entry, Spans):
                    values[path] = entry
                    continue
                values[path] = entry.raw
                if isinstance(entry.values, list):
                    todo.extend((f"{path}[{i}]", e) for i, e in enumerate(entry.values))
                else:
                    todo.extend((child_path(path, k), e) for k, e in entry.values.items())
                for k, raw in (entry.keys or {}).items():
                    keys[child_path(path, k)] = raw
        return values, keys

    @property
    def values(self) -> dict[str, RawSpan]:
        """Value spans by logical path (a flat table; see the class docs)."""
        return self._tables()[0]

    @values.setter
    def values(self, table: dict[str, RawSpan]) -> None:
        self._flat = (table, self._tables()[1])

    @property
    def keys(self) -> dict[str, RawSpan]:
        """Key spans by logical path (a flat table; see the class docs)."""
        return self._tables()[1]

    @keys.setter
    def keys(self, table: dict[str, RawSpan]) -> None:
        self._flat = (self._tables()[0], table)

    # -- lookups ---------------------------------------------------------------------------------

    @staticmethod
    def _span(raw: RawSpan) -> Span:
        line, col, end_line, end_col = raw
        return Span(line + 1, col + 1, end_line + 1, end_col + 1)

    def _walk(self, path: str) -> tuple[RawSpan | None, RawSpan | None, bool]:
        """(the value span of the deepest recorded node on ``path``, its key's span, whether that
        node is ``path`` itself); a key recorded without a value (``<<``) counts as a node."""
        entry = self.root
        if entry is None:
            return None, None, False
        value: RawSpan | None = entry.raw if isinstance(entry, Spans) else entry
        key: RawSpan | None = None
        steps = path_steps(path) if path else []
        for step in steps:
            if not isinstance(entry, Spans):
                return value, key, False
            table = entry.values
            child: Entry | None = None
            child_key: RawSpan | None = None
            if isinstance(table, list):
                if isinstance(step, int) and 0 <= step < len(table):
                    child = table[step]
            elif isinstance(step, str):
                child = table.get(step)
                child_key = entry.keys.get(step) if entry.keys is not None else None
                if child is None and child_key is not None:
                    return value, child_key, False  # a key with no value of its own (<<)
            if child is None:
                return value, key, False
            key = child_key
            entry = child
            value = child.raw if isinstance(child, Spans) else child
        return value, key, True

    def exact(self, path: str) -> RawSpan | None:
        """The span of the value at exactly ``path``, or None when it is not recorded."""
        if self._flat is not None:
            return self._flat[0].get(path)
        value, _key, whole = self._walk(path)
        return value if whole else None

    def value(self, path: str) -> Span:
        """Where the value at ``path`` (or its nearest recorded ancestor) is written."""
        if self._flat is None:
            raw = self._walk(path)[0]
            return self._span(raw) if raw is not None else Span(1, 1, 1, 1)
        values = self._flat[0]
        probe = path
        while True:
            found = values.get(probe)
            if found is not None:
                return self._span(found)
            if not probe:
                return Span(1, 1, 1, 1)
            probe = parent_path(probe)

    def key(self, path: str) -> Span:
        """Where the key that introduces ``path`` is written (the value's span for list items)."""
        if self._flat is None:
            value, key, _whole = self._walk(path)
            raw = key or value
            return self._span(raw) if raw is not None else Span(1, 1, 1, 1)
        values, keys = self._flat
        probe = path
        while True:
            found = keys.get(probe)
            if found is not None:
                return self._span(found)
            found = values.get(probe)
            if found is not None:
                return self._span(found)
            if not probe:
                return Span(1, 1, 1, 1)
            probe = parent_path(probe)
