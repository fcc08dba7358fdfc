"""Edits to a host file, by logical path, applied as splices of its text.

A fix says *what* to change (:class:`SetValue`, :class:`AddKey`, :class:`AppendItem`, each at a
logical path such as ``spec.drivers[0].location``); :func:`apply_edits` finds *where* from the
loader's source map and splices new text in at exactly those positions. Everything else in the file
stays byte for byte as it was: comments, key order, quoting, flow or block style, indentation,
blank lines, line endings. A YAML dump (even ruamel.yaml's round-trip dumper) cannot promise that:
it re-indents, re-wraps long flow mappings and normalises spacing.

Every result is checked before it is used: the new text is loaded again with hvcheck's own loader
(the same limits) and each document must equal the old one with exactly the intended changes, and
nothing else. A value written through an alias or merge key, a block collection where a line
would have to be inserted in an unusual place, or anything the check refuses raises
:class:`Unapplicable`, and the file is left as it was.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hvcheck.loader import Document, Limits, load_text
from hvcheck.loader.sourcemap import child_path

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_./ -]*$")
_RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}


class Unapplicable(Exception):
    """The edit cannot be made safely; the message says why."""


@dataclass(frozen=True)
class SetValue:
    """Replace the value at ``path`` with ``value`` (written as ``text`` when given)."""

    path: str
    value: Any
    text: str | None = None


@dataclass(frozen=True)
class AddKey:
    """Add ``key: value`` to the mapping at ``mapping``, after the first of ``after`` it has."""

    mapping: str
    key: str
    value: Any
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppendItem:
    """Append ``value`` to the sequence at ``sequence``."""

    sequence: str
    value: Any


Edit = SetValue | AddKey | AppendItem


def flow(value: Any) -> str:
    """``value`` as a one-line YAML flow value: ``{present: true}``, ``[viostor]``, ``"8.0"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if _PLAIN.match(value) and value.lower() not in _RESERVED and value == value.strip():
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(str(k))}: {flow(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


# --- the intended data -----------------------------------------------------------------------

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')


def split_path(path: str) -> list[str | int]:
    """``spec.partitions[2].os`` -> ``["spec", "partitions", 2, "os"]``."""
    steps: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None or m.end() == pos:
            raise Unapplicable(f"cannot follow the path {path!r}")
        if m.group(1) is not None:
            steps.append(m.group(1))
        elif m.group(2) is not None:
            steps.append(int(m.group(2)))
        else:
            steps.append(m.group(3).replace('\\"', '"').replace("\\\\", "\\"))
        pos = m.end()
    return steps


def value_at(data: Any, path: str) -> Any:
    """The value at ``path`` in plain data; raises :class:`Unapplicable` when there is none."""
    node = data
    for step in split_path(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise Unapplicable(f"{path} is not in the document") from None
    return node


def _intended(data: Any, edit: Edit) -> None:
    """Make ``edit`` on plain data (the result the text splice must give)."""
    if isinstance(edit, SetValue):
        steps = split_path(edit.path)
        parent = value_at(data, _join(steps[:-1]))
        parent[steps[-1]] = copy.deepcopy(edit.value)
    elif isinstance(edit, AddKey):
        mapping = value_at(data, edit.mapping)
        if not isinstance(mapping, dict) or edit.key in mapping:
            raise Unapplicable(f"{edit.mapping} is not a mapping without '{edit.key}'")
        mapping[edit.key] = copy.deepcopy(edit.value)
    else:
        seq = value_at(data, edit.sequence)
        if not isinstance(seq, list):
            raise Unapplicable(f"{edit.sequence} is not a list")
        seq.append(copy.deepcopy(edit.value))


def _join(steps: Sequence[str | int]) -> str:
    path = ""
    for step in steps:
        path = child_path(path, step)
    return path


# --- splicing text ---------------------------------------------------------------------------


class _Text:
    """The file's text with (line, column) -> offset, as the loader's marks count them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def offset(self, line: int, col: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + col, len(self.text))

    def line_end(self, offset: int) -> int:
        """The offset of the end of the line holding ``offset`` (before its line break)."""
        end = self.text.find("\n", offset)
        if end < 0:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def line_of(self, line: int) -> str:
        start = self.starts[line]
        return self.text[start : self.line_end(start)]


Splice = tuple[int, int, str]


def _span(doc: Document, path: str) -> tuple[int, int, int, int]:
    raw = doc.source_map.values.get(path)
    if raw is None:
        raise Unapplicable(f"{path} is written through an alias or merge key; change it by hand")
    return raw


def _splice(doc: Document, text: _Text, edit: Edit) -> Splice:
    if isinstance(edit, SetValue):
        line, col, end_line, end_col = _span(doc, edit.path)
        start, end = text.offset(line, col), text.offset(end_line, end_col)
        if text.text[start : start + 1] in ("*", "&", "!"):
            raise Unapplicable(f"{edit.path} has an anchor, alias or tag; change it by hand")
        if isinstance(value_at(doc.data, edit.path), dict | list):
            raise Unapplicable(f"{edit.path} is a collection; change it by hand")
        return (start, end, edit.text if edit.text is not None else flow(edit.value))
    if isinstance(edit, AddKey):
        return _add_key(doc, text, edit)
    return _append(doc, text, edit)


def _flow_insert(text: _Text, start: int, end: int, close: str, piece: str, empty: bool) -> Splice:
    if text.text[end - 1 : end] != close:
        raise Unapplicable("the collection does not end where expected")
    at = end - 1
    while at > start + 1 and text.text[at - 1] in " \t":
        at -= 1
    return (at, at, piece if empty else f", {piece}")


def _add_key(doc: Document, text: _Text, edit: AddKey) -> Splice:
    mapping = value_at(doc.data, edit.mapping)
    if not isinstance(mapping, dict):
        raise Unapplicable(f"{edit.mapping} is not a mapping")
    line, col, end_line, end_col = _span(doc, edit.mapping)
    start, end = text.offset(line, col), text.offset(end_line, end_col)
    piece = f"{flow(edit.key)}: {flow(edit.value)}"
    opener = text.text[start : start + 1]
    if opener == "{":
        return _flow_insert(text, start, end, "}", piece, not mapping)
    if opener in ("&", "*", "!") or not mapping:
        raise Unapplicable(f"{edit.mapping} cannot take a new key here; add it by hand")
    keys = list(mapping)
    anchor = next((k for k in edit.after if k in mapping), keys[-1])
    key_raw = doc.source_map.keys.get(child_path(edit.mapping, anchor))
    value_raw = doc.source_map.values.get(child_path(edit.mapping, anchor))
    if key_raw is None or value_raw is None:
        raise Unapplicable(f"{edit.mapping} is written through an alias or merge key")
    value = mapping[anchor]
    value_start = text.offset(value_raw[0], value_raw[1])
    if isinstance(value, dict | list) and text.text[value_start : value_start + 1] not in "{[":
        raise Unapplicable(f"'{anchor}' in {edit.mapping} is a block collection; add it by hand")
    after = text.line_end(text.offset(value_raw[2], value_raw[3]) - 1)
    if value_raw[2] > value_raw[0] and not isinstance(value, dict | list):
        raise Unapplicable(f"'{anchor}' in {edit.mapping} spans lines; add it by hand")
    return (after, after, text.newline + " " * key_raw[1] + piece)


def _append(doc: Document, text: _Text, edit: AppendItem) -> Splice:
    seq = value_at(doc.data, edit.sequence)
    if not isinstance(seq, list):
        raise Unapplicable(f"{edit.sequence} is not a list")
    line, col, end_line, end_col = _span(doc, edit.sequence)
    start, end = text.offset(line, col), text.offset(end_line, end_col)
    piece = flow(edit.value)
    if text.text[start : start + 1] == "[":
        return _flow_insert(text, start, end, "]", piece, not seq)
    if not seq:
        raise Unapplicable(f"{edit.sequence} is empty and not a flow list; add it by hand")
    last = _span(doc, child_path(edit.sequence, len(seq) - 1))
    if isinstance(seq[-1], dict | list) and text.text[text.offset(last[0], last[1])] not in "{[":
        raise Unapplicable(f"the last item of {edit.sequence} is a block collection")
    source = text.line_of(last[0])
    dash = source.rfind("-", 0, last[1])
    if dash < 0 or source[dash + 1 : last[1]].strip():
        raise Unapplicable(f"{edit.sequence} is not a block list of one item per line")
    after = text.line_end(text.offset(last[2], last[3]) - 1)
    return (after, after, text.newline + " " * dash + "- " + piece)


def apply_edits(
    original: str, documents: Sequence[Document], edits: Sequence[tuple[int, Edit]], limits: Limits
) -> str:
    """The text with ``edits`` made (each with its document index), checked by loading it again.

    Edits that overlap are not allowed (the caller applies them in later passes); raises
    :class:`Unapplicable` when the text cannot be changed exactly as intended.
    """
    text = _Text(original)
    by_index = {d.index: d for d in documents}
    splices: list[Splice] = []
    expected = {d.index: copy.deepcopy(d.data) for d in documents}
    for index, edit in edits:
        doc = by_index.get(index)
        if doc is None:
            raise Unapplicable(f"document {index} did not load")
        splices.append(_splice(doc, text, edit))
        _intended(expected[index], edit)
    splices.sort(key=lambda s: (s[0], s[1]))
    for (a_start, a_end, _), (b_start, _, _) in itertools.pairwise(splices):
        if b_start < a_end or (a_start == b_start and a_end == a_start):
            raise Unapplicable("two edits touch the same text")
    out = original
    for start, end, piece in reversed(splices):
        out = out[:start] + piece + out[end:]
    check = load_text(out, "<fixed>", limits)
    if check.findings or len(check.documents) != len(documents):
        raise Unapplicable("the changed text would not load cleanly")
    for doc in check.documents:
        if doc.data != expected.get(doc.index, doc.data) or not _same_types(
            doc.data, expected.get(doc.index)
        ):
            raise Unapplicable("the changed text would not mean what the fix intends")
    return out


def _same_types(a: Any, b: Any) -> bool:
    """``==`` with types: ``"8.0"`` is not ``8.0``, and ``True`` is not ``1``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
