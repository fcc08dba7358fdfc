"""Parse untrusted XML with the standard library, refusing DTDs and entity declarations.

A document type declaration is the only way to declare entities, so refusing it (before anything is
expanded) rules out entity-expansion bombs and external entities without an extra dependency. The
document is read by expat directly (which honours the document's declared encoding) and built into
an ElementTree with ``{namespace}tag`` names, as ``ElementTree.fromstring`` builds it; the position
of every element's start tag is kept, so that findings can point at the element they concern.
"""

from __future__ import annotations

import bisect
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from hvcheck.importers._common import SourcePos


class XmlRefused(Exception):
    """The bytes are not acceptable XML; the message is one line."""


class _Forbidden(Exception):
    pass


def _forbid(what: str) -> Callable[..., Any]:
    def handler(*_args: object) -> Any:
        raise _Forbidden(what)

    return handler


@dataclass
class XmlDocument:
    """A parsed document: its root element and where each element's start tag is written."""

    root: ET.Element
    data: bytes
    offsets: dict[ET.Element, int] = field(default_factory=dict)
    """Byte offset of each element's ``<``."""
    _lines: list[int] = field(default_factory=list)
    _ascii: dict[int, bool] = field(default_factory=dict)  # line index -> it is all ASCII

    def pos(self, el: ET.Element | None) -> SourcePos | None:
        """The start tag of ``el`` (its first line): 1-based line and character columns."""
        if el is None or el not in self.offsets:
            return None
        if not self._lines:
            starts = [0]
            find = self.data.find
            at = find(b"\n")
            while at >= 0:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
            self._lines = starts
        offset = self.offsets[el]
        index = bisect.bisect_right(self._lines, offset) - 1
        start = self._lines[index]
        line_end = self._lines[index + 1] - 1 if index + 1 < len(self._lines) else len(self.data)
        end = _tag_end(self.data, offset, line_end)
        # Columns count characters; on an ASCII line (checked once per line, so that a document
        # written on one line stays linear) they are bytes.
        ascii_line = self._ascii.get(index)
        if ascii_line is None:
            ascii_line = self._ascii[index] = self.data[start:line_end].isascii()
        if ascii_line:
            column = offset - start + 1
        else:
            column = len(self.data[start:offset].decode("utf-8", errors="replace")) + 1
        width = len(self.data[offset:end].decode("utf-8", errors="replace").rstrip("\r"))
        return SourcePos(index + 1, column, index + 1, column + max(width, 1))

    def text(self) -> str:
        """The document as text, for excerpts (UTF-8; a byte that is not becomes U+FFFD)."""
        return self.data.decode("utf-8", errors="replace")


def _tag_end(data: bytes, offset: int, limit: int) -> int:
    """The end of the start tag at ``offset`` (after its ``>``), or ``limit`` (the end of its line)."""
    quote = 0
    for i in range(offset, limit):
        ch = data[i]
        if quote:
            if ch == quote:
                quote = 0
        elif ch in (0x22, 0x27):
            quote = ch
        elif ch == 0x3E:
            return i + 1
    return limit


def parse_xml_document(data: bytes) -> XmlDocument:
    """Parse ``data``; :class:`XmlRefused` for syntax errors, DTDs and entities."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False
    offsets: dict[ET.Element, int] = {}

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    def start(tag: str, attrs: dict[str, str]) -> None:
        el = builder.start(name(tag), {name(k): v for k, v in attrs.items()})
        offsets[el] = parser.CurrentByteIndex

    def end(tag: str) -> None:
        builder.end(name(tag))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _forbid("a document type declaration (<!DOCTYPE>)")
    parser.EntityDeclHandler = _forbid("an entity declaration (<!ENTITY>)")
    parser.ExternalEntityRefHandler = _forbid("an external entity reference")
    try:
        parser.Parse(data, True)
    except _Forbidden as exc:
        line = parser.CurrentLineNumber
        col = parser.CurrentColumnNumber + 1
        raise XmlRefused(
            f"refusing XML with {exc} at line {line}, column {col}: DTDs and entities are not "
            "accepted (they can expand without bound or read other files)"
        ) from None
    except expat.ExpatError as exc:
        raise XmlRefused(
            f"XML syntax error at line {exc.lineno}, column {exc.offset + 1}: "
            f"{expat.ErrorString(exc.code)}"
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an unknown declared encoding
        raise XmlRefused(f"XML cannot be read: {exc}") from None
    root = builder.close()
    return XmlDocument(root, data, offsets)


def parse_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; :class:`XmlRefused` for syntax errors, DTDs and entities."""
    return parse_xml_document(data).root
