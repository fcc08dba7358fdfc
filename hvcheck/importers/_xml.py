"""Parse untrusted XML with the standard library, refusing DTDs and entity declarations.

A document type declaration is the only way to declare entities, so refusing it (before anything is
expanded) rules out entity-expansion bombs and external entities without an extra dependency. The
pre-scan uses expat directly, which honours the document's declared encoding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from xml.parsers import expat


class XmlRefused(Exception):
    """The bytes are not acceptable XML; the message is one line."""


class _Forbidden(Exception):
    pass


def _forbid(what: str) -> Callable[..., Any]:
    def handler(*_args: object) -> Any:
        raise _Forbidden(what)

    return handler


def parse_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; :class:`XmlRefused` for syntax errors, DTDs and entities."""
    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = _forbid("a document type declaration (<!DOCTYPE>)")
    scanner.EntityDeclHandler = _forbid("an entity declaration (<!ENTITY>)")
    scanner.ExternalEntityRefHandler = _forbid("an external entity reference")
    try:
        scanner.Parse(data, True)
    except _Forbidden as exc:
        line = scanner.CurrentLineNumber
        col = scanner.CurrentColumnNumber + 1
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
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:  # the pre-scan accepted it, so this is not expected
        line, col = exc.position
        raise XmlRefused(f"XML syntax error at line {line}, column {col + 1}") from None
