"""Safe, fast YAML loading: the parser's event stream, built into plain values with an explicit stack.

Why events and not ruamel's composer or round-trip loader: the C parser's events are about three times
cheaper than composing nodes and thirty times cheaper than round-trip loading, the libyaml parser is not
recursive (so deep nesting cannot crash it), and every limit (depth, aliases, expanded nodes, scalar size)
is checked on events before anything is built. Scalars are resolved with YAML 1.2 core-schema rules, so
``no`` stays a string and ``0777`` is decimal. Only standard tags are accepted; nothing in a document can
construct a Python object.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

from hvcheck.findings import (
    DUPLICATE_KEY,
    EMPTY_INPUT,
    ENCODING,
    INPUT_LIMIT,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
    Check,
    Finding,
    Span,
    make_finding,
)
from hvcheck.loader.limits import Limits
from hvcheck.loader.sourcemap import RawSpan, SourceMap, child_path

Value = Any  # dict[str, Value] | list[Value] | str | int | float | bool | None


@dataclass
class Document:
    """One YAML document: its plain data and where each part of it is written."""

    index: int
    data: Value
    source_map: SourceMap
    span: Span


@dataclass
class LoadResult:
    """Everything read from one file: the documents that parsed and the problems found on the way."""

    file: str
    text: str = ""
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class LoadAbort(Exception):
    """Raised inside the builder when a document cannot be built any further."""

    def __init__(self, check: Check, message: str, span: Span) -> None:
        super().__init__(message)
        self.check = check
        self.message = message
        self.span = span


class ReadError(Exception):
    """A path that cannot be read at all (missing, not a regular file, permission denied)."""


# --- reading -------------------------------------------------------------------------------------


def read_file_bytes(path: str, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes of a regular file without following it into a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(_os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file")
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(_os_reason(exc)) from None
    finally:
        os.close(fd)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return exc.strerror or type(exc).__name__


def load_file(path: str, limits: Limits | None = None, display: str | None = None) -> LoadResult:
    """Read and parse ``path``; raise :class:`ReadError` only when the file cannot be read at all."""
    limits = limits or Limits()
    data = read_file_bytes(path, limits.max_file_bytes)
    return load_bytes(data, display or path, limits)


def load_bytes(data: bytes, file: str, limits: Limits | None = None) -> LoadResult:
    """Decode ``data`` as UTF-8 (a BOM is allowed) and parse it."""
    limits = limits or Limits()
    if len(data) > limits.max_file_bytes:
        result = LoadResult(file)
        result.findings.append(
            make_finding(
                INPUT_LIMIT,
                f"file is larger than {limits.max_file_bytes} bytes (--max-file-bytes); not parsed",
                file,
            )
        )
        return result
    text_or_finding = _decode(data, file)
    if isinstance(text_or_finding, Finding):
        result = LoadResult(file)
        result.findings.append(text_or_finding)
        return result
    return load_text(text_or_finding, file, limits)


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _decode(data: bytes, file: str) -> str | Finding:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return make_finding(
                ENCODING,
                f"file is {name}-encoded; hvcheck reads UTF-8 only",
                file,
                Span.point(1, 1),
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        span = _offset_span(data, nul)
        return make_finding(
            ENCODING, "file contains a NUL byte; it looks binary, not YAML text", file, span
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        span = _offset_span(data, exc.start)
        return make_finding(
            ENCODING,
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); hvcheck reads UTF-8 only",
            file,
            span,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _offset_span(data: bytes, offset: int) -> Span:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span.point(line, column)


def _text_offset_span(text: str, offset: int) -> Span:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    return Span.point(line, offset - line_start + 1)


# --- parsing ---------------------------------------------------------------------------------------


def _make_parser() -> Any:
    from ruamel.yaml import YAML

    try:
        yaml = YAML(typ="safe", pure=False)
        yaml.parse  # noqa: B018 - attribute check only
        import _ruamel_yaml  # noqa: F401  (the C extension; fall back to pure Python without it)
    except ImportError:  # pragma: no cover - depends on the platform
        yaml = YAML(typ="safe", pure=True)
    return yaml


_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        _PARSER = _make_parser()
    return _PARSER


def load_text(text: str, file: str, limits: Limits | None = None) -> LoadResult:
    """Parse YAML ``text`` into documents; problems become findings on the result."""
    from ruamel.yaml import events as ev

    limits = limits or Limits()
    result = LoadResult(file, text=text)
    builder = _Builder(file, limits, result)
    try:
        for event in _parser().parse(text):
            builder.feed(event, ev)
            if builder.failed_stream:
                break
    except LoadAbort as abort:
        result.findings.append(make_finding(abort.check, abort.message, file, abort.span))
    except RecursionError:
        result.findings.append(
            make_finding(INPUT_LIMIT, "nesting too deep to parse", file, Span.point(1, 1))
        )
    except Exception as exc:  # the parser signals bad syntax with many exception types
        result.findings.append(_syntax_finding(exc, text, file))
    if not result.documents and not result.findings:
        result.findings.append(
            make_finding(
                EMPTY_INPUT,
                "file contains no YAML document (empty or only comments)",
                file,
                Span.point(1, 1),
            )
        )
    return result


def _syntax_finding(exc: Exception, text: str, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if mark is not None and hasattr(mark, "line"):
        span = Span.point(int(mark.line) + 1, int(mark.column) + 1)
    elif hasattr(exc, "position") and isinstance(getattr(exc, "position", None), int):
        span = _text_offset_span(text, int(exc.position))  # ReaderError
    else:
        span = Span.point(1, 1)
    if hasattr(exc, "character") and getattr(exc, "reason", None):
        reason = getattr(exc, "reason", "")
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        message = f"{reason} (character U+{code:04X})"
    elif problem:
        message = str(problem)
        if context and context not in message:
            message = f"{message} ({context})"
    else:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    message = " ".join(message.split())
    if "\t" in text and "tab" not in message.lower() and "cannot start any token" in message:
        line_text = (
            text.splitlines()[span.line - 1] if span.line - 1 < len(text.splitlines()) else ""
        )
        if "\t" in line_text:
            message += "; tabs are not allowed for indentation in YAML"
    return make_finding(YAML_SYNTAX, message, file, span)


_INT_DEC = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP_TAGS = frozenset((None, "!", _TAG + "map"))
_SEQ_TAGS = frozenset((None, "!", _TAG + "seq"))


def _raw(event: Any) -> RawSpan:
    s, e = event.start_mark, event.end_mark
    return (s.line, s.column, e.line, e.column)


def _point(event: Any) -> Span:
    s = event.start_mark
    return Span.point(s.line + 1, s.column + 1)


class _Frame:
    __slots__ = (
        "anchor",
        "container",
        "is_map",
        "key",
        "key_raw",
        "merges",
        "nodes",
        "path",
        "start",
    )

    def __init__(
        self, container: Any, is_map: bool, path: str, start: Any, anchor: str | None
    ) -> None:
        self.container = container
        self.is_map = is_map
        self.path = path
        self.start = start
        self.key: str | None = None
        self.key_raw: RawSpan | None = None
        self.merges: list[tuple[Any, Span]] = []
        self.anchor = anchor
        self.nodes = 1


class _Builder:
    """Turns events into values, checking every limit as events arrive."""

    def __init__(self, file: str, limits: Limits, result: LoadResult) -> None:
        self.file = file
        self.limits = limits
        self.result = result
        self.failed_stream = False
        self._reset()

    def _reset(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.aliases = 0
        self.nodes = 0
        self.smap = SourceMap()
        self.root: Any = None
        self.has_root = False
        self.doc_start: Any = None
        self.skip_depth = 0  # >0 while skipping a complex key
        self.doc_failed = False

    # -- helpers --------------------------------------------------------------------------------

    def _abort(self, check: Check, message: str, span: Span) -> None:
        raise LoadAbort(check, message, span)

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            self._abort(
                INPUT_LIMIT,
                f"document expands to more than {self.limits.max_nodes} nodes "
                "(aliases or merge keys multiply content; --max-nodes)",
                _point(event),
            )

    def _place(self, value: Any, raw: RawSpan, event: Any, nodes: int) -> None:
        """Attach a finished value to its parent (or make it the document root)."""
        if not self.stack:
            self.root = value
            self.has_root = True
            self.smap.values[""] = raw
            return
        top = self.stack[-1]
        top.nodes += nodes
        if top.is_map:
            if top.key is None:  # this value is a key
                if not isinstance(value, str):
                    value = _key_text(value)
                key = value
                path = child_path(top.path, key)
                if key in top.container or (key == "<<" and top.merges):
                    self.result.findings.append(
                        make_finding(
                            DUPLICATE_KEY,
                            f"duplicate key {key!r}; the first occurrence is at line "
                            f"{self.smap.keys[path][0] + 1}",
                            self.file,
                            SourceMap._span(raw),
                            logical_path=path,
                            document=len(self.result.documents),
                        )
                    )
                    key = f"\x00dup{id(event)}"  # keep the first value, parse on
                top.key = key
                top.key_raw = raw
                if not key.startswith("\x00"):
                    self.smap.keys.setdefault(path, raw)
                return
            key = top.key
            top.key = None
            if key.startswith("\x00"):
                return
            if key == "<<" and self._is_merge(value):
                top.merges.append((value, _point(event)))
                return
            path = child_path(top.path, key)
            top.container[key] = value
            self.smap.values[path] = raw
        else:
            path = child_path(top.path, len(top.container))
            top.container.append(value)
            self.smap.values[path] = raw

    @staticmethod
    def _is_merge(value: Any) -> bool:
        return isinstance(value, dict) or (
            isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
        )

    def _current_path(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if top.is_map:
            return child_path(top.path, top.key) if top.key is not None else top.path
        return child_path(top.path, len(top.container))

    def _register_anchor(self, anchor: str | None, event: Any) -> None:
        if anchor is None:
            return
        if anchor in self.anchors or anchor in self.open_anchors:
            self._abort(
                YAML_SYNTAX,
                f"anchor &{anchor} is defined twice in this document",
                _point(event),
            )

    # -- events ---------------------------------------------------------------------------------

    def feed(self, event: Any, ev: Any) -> None:
        if self.doc_failed and not isinstance(event, ev.DocumentEndEvent | ev.StreamEndEvent):
            return
        try:
            self._feed(event, ev)
        except LoadAbort as abort:
            self.result.findings.append(
                make_finding(
                    abort.check,
                    abort.message,
                    self.file,
                    abort.span,
                    document=len(self.result.documents),
                )
            )
            self.doc_failed = True

    def _feed(self, event: Any, ev: Any) -> None:
        if self.skip_depth:
            if isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
                self.skip_depth += 1
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    top = self.stack[-1]
                    top.key = "\x00complex"
            return
        if isinstance(event, ev.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
            self._start(event, isinstance(event, ev.MappingStartEvent))
        elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
            self._end(event)
        elif isinstance(event, ev.AliasEvent):
            self._alias(event)
        elif isinstance(event, ev.DocumentStartEvent):
            self._reset()
            self.doc_start = event
            version = getattr(event, "version", None)
            if version is not None and tuple(version) != (1, 2):
                major, minor = tuple(version)[:2]
                self._abort(
                    YAML_SYNTAX,
                    f"%YAML {major}.{minor} directive: hvcheck reads YAML 1.2 only "
                    "(remove the directive)",
                    _point(event),
                )
        elif isinstance(event, ev.DocumentEndEvent):
            self._end_document(event)

    def _check_depth(self, event: Any) -> None:
        if len(self.stack) >= self.limits.max_depth:
            self._abort(
                INPUT_LIMIT,
                f"nesting deeper than {self.limits.max_depth} levels (--max-depth)",
                _point(event),
            )

    def _scalar(self, event: Any) -> None:
        value_text: str = event.value
        if len(value_text) > self.limits.max_scalar_chars:
            self._abort(
                INPUT_LIMIT,
                f"scalar of {len(value_text)} characters exceeds {self.limits.max_scalar_chars} "
                "(--max-scalar-chars)",
                _point(event),
            )
        self._register_anchor(event.anchor, event)
        value = self._resolve(event)
        self._count(1, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, _raw(event), event, 1)

    def _resolve(self, event: Any) -> Any:
        text: str = event.value
        tag = event.tag
        plain = event.style is None or event.style == ""
        if tag is None or tag == "!":
            if tag == "!" or not plain:
                return text
            return self._resolve_plain(text, event)
        if tag not in _SCALAR_TAGS:
            self._abort(
                UNSUPPORTED_TAG,
                f"tag {_show_tag(tag)} is not supported; host files use plain YAML values",
                _point(event),
            )
        kind = tag[len(_TAG) :]
        if kind == "str":
            return text
        value = self._resolve_plain(text, event)
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, int | float) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "null": value is None,
        }[kind]
        if not ok:
            self._abort(YAML_SYNTAX, f"{text!r} is not a valid !!{kind}", _point(event))
        if kind == "float":
            return float(value)
        return value

    def _resolve_plain(self, text: str, event: Any) -> Any:
        if text in _NULLS:
            return None
        if text in _TRUES:
            return True
        if text in _FALSES:
            return False
        first = text[0]
        if first.isdigit() or first in "+-.":
            numeric = (
                _INT_DEC.match(text)
                or _INT_OCT.match(text)
                or _INT_HEX.match(text)
                or _FLOAT.match(text)
            )
            if numeric and len(text) > self.limits.max_number_chars:
                self._abort(
                    INPUT_LIMIT,
                    f"number literal of {len(text)} characters exceeds "
                    f"{self.limits.max_number_chars} (quote it if it is a string)",
                    _point(event),
                )
            if _INT_DEC.match(text):
                return int(text, 10)
            if _INT_OCT.match(text):
                return int(text[2:], 8)
            if _INT_HEX.match(text):
                return int(text[2:], 16)
            if _FLOAT.match(text):
                return float(text)
            lowered = text.lower()
            if lowered in (".inf", "+.inf"):
                return math.inf
            if lowered == "-.inf":
                return -math.inf
            if lowered == ".nan":
                return math.nan
        return text

    def _start(self, event: Any, is_map: bool) -> None:
        if self.stack and self.stack[-1].is_map and self.stack[-1].key is None:
            self.result.findings.append(
                make_finding(
                    YAML_SYNTAX,
                    "a mapping or sequence cannot be used as a key",
                    self.file,
                    _point(event),
                    document=len(self.result.documents),
                )
            )
            self.skip_depth = 1
            return
        tag = event.tag
        if tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            self._abort(
                UNSUPPORTED_TAG,
                f"tag {_show_tag(tag)} is not supported; host files use plain YAML values",
                _point(event),
            )
        self._check_depth(event)
        self._register_anchor(event.anchor, event)
        self._count(1, event)
        container: Any = {} if is_map else []
        path = self._current_path()
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, is_map, path, event, event.anchor))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if frame.is_map:
            if frame.key is not None and not frame.key.startswith("\x00"):
                # A key with no value cannot happen in valid YAML; be defensive.
                container[frame.key] = None
            for source, _span in frame.merges:
                sources = source if isinstance(source, list) else [source]
                for src in sources:
                    self._count(len(src), event)
                    for k, v in src.items():
                        container.setdefault(k, v)
        start = frame.start.start_mark
        raw = (start.line, start.column, event.end_mark.line, event.end_mark.column)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (container, frame.nodes)
        self._place(container, raw, event, frame.nodes)

    def _alias(self, event: Any) -> None:
        name = event.anchor
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            self._abort(
                INPUT_LIMIT,
                f"more than {self.limits.max_aliases} aliases in one document (--max-aliases)",
                _point(event),
            )
        if name in self.open_anchors:
            self._abort(
                INPUT_LIMIT,
                f"alias *{name} refers to a node that contains it (recursive alias)",
                _point(event),
            )
        found = self.anchors.get(name)
        if found is None:
            self._abort(YAML_SYNTAX, f"alias *{name} refers to an undefined anchor", _point(event))
            return
        value, nodes = found
        self._count(nodes, event)
        self._place(value, _raw(event), event, nodes)

    def _end_document(self, event: Any) -> None:
        if self.doc_failed:
            self.doc_failed = False
            self.result.documents.append(
                Document(len(self.result.documents), _FAILED, self.smap, Span.point(1, 1))
            )
            return
        start = self.doc_start.start_mark if self.doc_start is not None else event.start_mark
        span = Span(
            start.line + 1, start.column + 1, event.end_mark.line + 1, event.end_mark.column + 1
        )
        self.result.documents.append(
            Document(len(self.result.documents), self.root, self.smap, span)
        )


class _FailedType:
    """Marks a document that could not be built; it yields no further findings."""

    def __repr__(self) -> str:
        return "<failed document>"


_FAILED = _FailedType()
FAILED_DOCUMENT = _FAILED


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _show_tag(tag: str) -> str:
    if tag.startswith(_TAG):
        return "!!" + tag[len(_TAG) :]
    return tag if tag.startswith("!") else f"!<{tag}>"
