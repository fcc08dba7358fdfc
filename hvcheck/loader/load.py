"""Safe, fast YAML loading: the parser's event stream, built into plain values with an explicit stack.

Why events and not ruamel's composer or round-trip loader: the C parser's events are about three times
cheaper than composing nodes and thirty times cheaper than round-trip loading, the libyaml parser is not
recursive (so deep nesting cannot crash it), and every limit (depth, aliases, expanded nodes, scalar and
number length, documents) is checked on events before anything is built; the first limit reached stops
reading the file. Scalars are resolved with YAML 1.2 core-schema rules, so ``no`` stays a string and
``0777`` is decimal. Only standard tags are accepted; nothing in a document can construct a Python object.

Before parsing, the text is checked for characters a host file may not contain (controls, bidi
overrides, line separators); the same check applies to double-quoted values after escapes are
expanded. Every problem becomes a finding with a position; ``load_text`` never raises. An unexpected
exception inside the builder is a bug and becomes an internal-error finding (HV0099), never a syntax
error. ``docs/hostile-input.md`` lists each class of bad input and what happens to it.
"""

from __future__ import annotations

import errno
import io
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from hvcheck.findings import (
    DUPLICATE_KEY,
    EMPTY_INPUT,
    ENCODING,
    INPUT_LIMIT,
    INTERNAL_ERROR,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
    Check,
    Finding,
    Span,
    make_finding,
)
from hvcheck.loader.contain import OutsideRoots, Roots, open_resolved, resolve
from hvcheck.loader.limits import Limits
from hvcheck.loader.sourcemap import Entry, RawSpan, SourceMap, Spans, child_path

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


class BuilderError(Exception):
    """An unexpected exception inside the builder: a bug in hvcheck, reported as HV0099."""


class ReadError(Exception):
    """A path that cannot be read at all (missing, not a regular file, permission denied)."""


# --- reading -------------------------------------------------------------------------------------


def read_descriptor(fd: int, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of an open file (one more than allowed: the caller can tell a
    file at the limit from a larger one without reading the rest)."""
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_file_bytes(path: str, limit: int, roots: Roots | None = None) -> bytes:
    """Read at most ``limit + 1`` bytes of a regular file without following it into a FIFO or device.

    The path is resolved first and must stay inside ``roots`` when they are given (see
    :mod:`hvcheck.loader.contain`); the file opened must be the file resolved, so a symbolic link
    swapped in meanwhile fails the read instead of redirecting it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        real = resolve(path, roots)
    except OutsideRoots as exc:
        raise ReadError(str(exc)) from None
    try:
        fd = open_resolved(real, flags)
    except OSError as exc:
        raise ReadError(_os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file")
        return read_descriptor(fd, limit)
    except OSError as exc:
        raise ReadError(_os_reason(exc)) from None
    finally:
        os.close(fd)


class TooLarge(ReadError):
    """A file streamed with :func:`open_regular` went past its size limit."""


class _Bounded(io.RawIOBase):
    """A read-only stream over a descriptor that refuses to go past ``limit`` bytes."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd = fd
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = os.read(self.fd, len(view))
        self.count += len(data)
        if self.count > self.limit:
            raise TooLarge(f"larger than {self.limit} bytes; not read")
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def open_regular(path: str, limit: int, roots: Roots | None = None) -> BinaryIO:
    """A buffered binary stream over a regular file, for inputs read as a stream (the vSAN HCL),
    with the checks of :func:`read_file_bytes`; reading past ``limit`` bytes raises
    :class:`TooLarge`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = open_resolved(resolve(path, roots), flags)
    except OutsideRoots as exc:
        raise ReadError(str(exc)) from None
    except OSError as exc:
        raise ReadError(_os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(
                "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            )
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Bounded(fd, limit), buffer_size=1 << 20)


_OWN_DOCUMENT = re.compile(r"[\"']?\bapiVersion[\"']?\s*:\s*[\"']?hvcheck/")


def claims_hvcheck(text: str) -> bool:
    """True if ``text`` says it is an hvcheck document (an ``apiVersion: hvcheck/...`` line).

    Only such files have their lines shown as excerpts, or their content quoted in messages: a
    file that is not an hvcheck document (a secret a symbolic link pointed at, another tool's
    YAML) never has its content echoed into a CI log, whatever finding it gets.
    """
    return _OWN_DOCUMENT.search(text) is not None


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


def load_file(
    path: str,
    limits: Limits | None = None,
    display: str | None = None,
    roots: Roots | None = None,
) -> LoadResult:
    """Read and parse ``path``; raise :class:`ReadError` only when the file cannot be read at all."""
    limits = limits or Limits()
    data = read_file_bytes(path, limits.max_file_bytes, roots)
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
    """1-based line and column (in characters) of byte ``offset``; CR, LF and CRLF end a line."""
    line = (
        data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset)
    )
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span.point(line + 1, column)


def _text_offset_span(text: str, offset: int) -> Span:
    """1-based line and column of character ``offset``, counting lines the way the parser does."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return Span.point(line + 1, offset - line_start + 1)


# Characters a host file may not contain anywhere, even in a comment: C0 controls other than TAB,
# LF and CR; DEL and the C1 controls (NEL included: YAML 1.1 parsers and libyaml treat it as a line
# break, YAML 1.2 and editors do not, so positions would disagree); the Unicode line and paragraph
# separators (same problem); the bidirectional embedding, override and isolate controls that can
# make code read differently from how it parses ("Trojan Source", CVE-2021-42574); a byte-order
# mark anywhere but at the start; lone surrogates and non-characters.
_FORBIDDEN_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufffe\uffff]"
)
# The same set is checked in the value of every double-quoted scalar, where escapes ("\e",
# "\u202e", "\x00") can put these characters without writing them.

_CHAR_NAMES = {
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line (NEL)",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
    0xFEFF: "byte-order mark",
}


def _describe_char(ch: str) -> str:
    code = ord(ch)
    name = _CHAR_NAMES.get(code)
    if name is None:
        if code < 0x20 or 0x80 <= code < 0xA0:
            name = "control character"
        elif 0xD800 <= code < 0xE000:
            name = "lone surrogate"
        else:
            name = "non-character"
    return f"U+{code:04X} ({name})"


def _forbidden_char_finding(text: str, file: str) -> Finding | None:
    match = _FORBIDDEN_RAW.search(text)
    if match is None:
        return None
    return make_finding(
        ENCODING,
        f"character {_describe_char(match.group())} is not allowed in a host file; "
        "control, bidirectional-override and line-separator characters hide what a file says",
        file,
        _text_offset_span(text, match.start()),
    )


# --- parsing ---------------------------------------------------------------------------------------


def _c_events(text: str) -> Iterator[Any]:
    """Events from libyaml's parser (the C extension): not recursive, so deep nesting cannot crash it.

    The parser object is created per call and never shared, so loading is re-entrant. Its
    ``get_event`` returns None after the stream's end, so ``iter(get_event, None)`` walks the events
    without a Python frame per event (this is the loader's hottest loop).
    """
    from _ruamel_yaml import CParser

    return iter(CParser(text).get_event, None)


def _pure_events(text: str) -> Iterator[Any]:
    """Events from ruamel.yaml's pure-Python parser, for platforms without the C extension."""
    from ruamel.yaml import YAML

    yield from YAML(typ="safe", pure=True).parse(text)


def _event_source() -> Callable[[str], Iterator[Any]]:
    try:
        import _ruamel_yaml  # noqa: F401  (the C extension)
    except ImportError:  # pragma: no cover - depends on the platform
        return _pure_events
    return _c_events


_EVENTS: Callable[[str], Iterator[Any]] | None = None


def _events(text: str) -> Iterator[Any]:
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = _event_source()
    return _EVENTS(text)


def load_text(text: str, file: str, limits: Limits | None = None) -> LoadResult:
    """Parse YAML ``text`` into documents; problems become findings on the result.

    Never raises for any input text: syntax errors, bad characters, limits and unsupported
    constructs all become findings with a position.
    """
    limits = limits or Limits()
    if text.startswith("\ufeff"):
        text = text[1:]
    result = LoadResult(file, text=text)
    bad_char = _forbidden_char_finding(text, file)
    if bad_char is not None:
        result.findings.append(bad_char)
        return result
    builder = _Builder(file, limits, result)
    try:
        builder.run(_events(text))
    except RecursionError:  # pragma: no cover - the builder is iterative; the pure parser is not
        result.findings.append(
            make_finding(INPUT_LIMIT, "nesting too deep to parse", file, Span.point(1, 1))
        )
    except MemoryError:  # pragma: no cover - needs a process memory limit to trigger
        result.findings.append(
            make_finding(INPUT_LIMIT, "out of memory while parsing", file, Span.point(1, 1))
        )
    except BuilderError as exc:  # a bug: report it as such, never as the user's syntax error
        result.findings.append(
            make_finding(
                INTERNAL_ERROR,
                f"the loader failed: {exc}; please report this",
                file,
                Span.point(1, 1),
            )
        )
    except Exception as exc:  # the parser's report of bad input, whatever its type
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
    if mark is not None and isinstance(getattr(mark, "line", None), int):
        span = Span.point(max(0, int(mark.line)) + 1, max(0, int(mark.column)) + 1)
    elif isinstance(getattr(exc, "position", None), int):
        span = _text_offset_span(text, int(getattr(exc, "position", 0)))  # ReaderError
    else:
        # No position (the pure parser asserts on some %YAML versions): point at the directive.
        directive = _YAML_DIRECTIVE.search(text) if "version" in str(exc) else None
        span = _text_offset_span(text, directive.start()) if directive else Span.point(1, 1)
    character = getattr(exc, "character", None)
    reason = getattr(exc, "reason", None)
    if character is not None and reason:
        code = character if isinstance(character, int) else ord(str(character)[:1] or "?")
        message = f"{reason} (character U+{code:04X})"
    elif problem:
        message = str(problem)
        if context and str(context) not in message:
            message = f"{message} ({context})"
    else:
        first = str(exc).splitlines()[0] if str(exc) else ""
        message = first or type(exc).__name__
    message = " ".join(message.split())
    if "cannot start any token" in message and "tab" not in message.lower():
        lines = text.splitlines()
        line_text = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
        if "\t" in line_text:
            message += "; tabs are not allowed for indentation in YAML"
    return make_finding(YAML_SYNTAX, message, file, span)


_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]", re.MULTILINE)
_INT_DEC = re.compile(r"[-+]?[0-9]+")
_INT_OCT = re.compile(r"0o[0-7]+")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    "+.inf": math.inf,
    "-.inf": -math.inf,
    ".nan": math.nan,
}
# Plain scalars that are not strings in the YAML 1.2 core schema, apart from numbers.
_WORDS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMBER_START = frozenset("0123456789+-.")

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP_TAGS = frozenset((None, "!", _TAG + "map"))
_SEQ_TAGS = frozenset((None, "!", _TAG + "seq"))
_MERGE_KEY = "<<"


def _raw(event: Any) -> RawSpan:
    s, e = event.start_mark, event.end_mark
    return (s.line, s.column, e.line, e.column)


def _point(event: Any) -> Span:
    s = event.start_mark
    return Span.point(s.line + 1, s.column + 1)


class _Frame:
    """An open mapping or sequence."""

    __slots__ = (
        "anchor",
        "container",
        "is_map",
        "item_spans",
        "key",
        "key_is_merge",
        "key_spans",
        "merge_seen",
        "merges",
        "nodes",
        "path",
        "skip_value",
        "start",
        "value_spans",
    )

    def __init__(
        self, container: Any, is_map: bool, path: str, start: Any, anchor: str | None
    ) -> None:
        self.container = container
        self.is_map = is_map
        self.path = path
        self.start = start
        self.anchor = anchor
        self.key: str | None = None  # the key waiting for its value
        # Where its items, or its keys and their values, are written (the SourceMap's tree).
        self.item_spans: list[Entry] = []
        self.value_spans: dict[str, Entry] = {}
        self.key_spans: dict[str, RawSpan] = {}
        self.key_is_merge = False  # that key is a plain ``<<``
        self.skip_value = False  # drop the value of that key (duplicate or complex key)
        self.merge_seen = False
        self.merges: list[Any] = []
        self.nodes = 1


class _Builder:
    """Turns events into values, checking every limit as events arrive.

    Nothing here recurses: open collections live on ``stack``. Values that an alias refers to are
    shared, never copied; their expanded size is counted against ``max_nodes`` each time they are
    used, so an alias bomb is stopped when its expansion passes the limit, before any consumer
    walks it.
    """

    def __init__(self, file: str, limits: Limits, result: LoadResult) -> None:
        self.file = file
        self.limits = limits
        self.result = result
        self.failed_stream = False
        self.documents_seen = 0
        self.problems = 0
        self.max_scalar_chars = limits.max_scalar_chars
        self.max_nodes = limits.max_nodes
        self._key_paths: dict[str, str] = {}
        self._reset()

    def _reset(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.aliases = 0
        self.nodes = 0
        self.smap = SourceMap()
        self.root: Any = None
        self.doc_start: Any = None
        self.skip_depth = 0  # >0 while skipping a complex key
        self.doc_failed = False

    # -- driving --------------------------------------------------------------------------------

    def run(self, events: Iterator[Any]) -> None:
        from ruamel.yaml import events as ev

        handlers: dict[type, Callable[[Any], None]] = {
            ev.ScalarEvent: self._scalar,
            ev.MappingStartEvent: self._map_start,
            ev.SequenceStartEvent: self._seq_start,
            ev.MappingEndEvent: self._end,
            ev.SequenceEndEvent: self._end,
            ev.AliasEvent: self._alias,
            ev.DocumentStartEvent: self._start_document,
            ev.DocumentEndEvent: self._end_document,
        }
        boundaries = (ev.DocumentEndEvent, ev.StreamEndEvent)
        nesting = {
            ev.MappingStartEvent: 1,
            ev.SequenceStartEvent: 1,
            ev.MappingEndEvent: -1,
            ev.SequenceEndEvent: -1,
        }
        for event in events:
            kind = type(event)
            if self.doc_failed and kind not in boundaries:
                continue
            if self.skip_depth:
                self.skip_depth += nesting.get(kind, 0)
                if self.skip_depth == 0:
                    self.stack[-1].skip_value = True
                    self.stack[-1].key = ""
                continue
            handler = handlers.get(kind)
            if handler is None:
                continue
            try:
                handler(event)
            except LoadAbort as abort:
                self._record(abort)
                if self.failed_stream:
                    return
            except Exception as exc:  # a bug in the builder, not a problem of the input
                raise BuilderError(f"{type(exc).__name__}: {exc}") from exc

    def _record(self, abort: LoadAbort) -> None:
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
        if abort.check is INPUT_LIMIT:
            # Stop reading: the rest of a bomb can cost without bound (libyaml's scanner is
            # quadratic in flow nesting depth), and one limit finding per file says enough.
            self.failed_stream = True

    def _problem(self, check: Check, message: str, span: Span, path: str = "") -> None:
        """A problem that does not stop the document (a duplicate or complex key)."""
        self.problems += 1
        if self.problems > self.limits.max_problems:
            raise LoadAbort(
                INPUT_LIMIT,
                f"more than {self.limits.max_problems} duplicate or complex keys in this file; "
                "stopped reading it",
                span,
            )
        self.result.findings.append(
            make_finding(
                check,
                message,
                self.file,
                span,
                logical_path=path,
                document=len(self.result.documents),
            )
        )

    # -- helpers --------------------------------------------------------------------------------

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise LoadAbort(
                INPUT_LIMIT,
                f"document expands to more than {self.limits.max_nodes} nodes "
                "(aliases or merge keys multiply content; --max-nodes)",
                _point(event),
            )

    def _child_path(self, parent: str, key: str) -> str:
        suffix = self._key_paths.get(key)
        if suffix is None:
            suffix = child_path("", key)
            if not suffix.startswith("["):
                suffix = "." + suffix
            self._key_paths[key] = suffix
        if parent or suffix[0] == "[":
            return parent + suffix
        return suffix[1:]

    def _place(self, value: Any, entry: Entry, event: Any, nodes: int) -> None:
        """Attach a finished value (and where it is written) to its parent, or make it the
        document's root."""
        stack = self.stack
        if not stack:
            self.root = value
            self.smap.root = entry
            return
        top = stack[-1]
        top.nodes += nodes
        self._attach(top, value, entry, event)

    def _attach(self, top: _Frame, value: Any, entry: Entry, event: Any) -> None:
        """Put ``value`` into the open collection ``top``: an item, a key, or a key's value."""
        if not top.is_map:
            top.container.append(value)
            top.item_spans.append(entry)
            return
        key = top.key
        if key is None:
            raw = entry.raw if isinstance(entry, Spans) else entry
            self._place_key(top, value, raw, event)
            return
        top.key = None
        if top.skip_value:
            top.skip_value = False
            return
        if top.key_is_merge:
            top.key_is_merge = False
            self._merge_value(top, value, event)
            return
        top.container[key] = value
        top.value_spans[key] = entry

    def _place_key(self, top: _Frame, value: Any, raw: RawSpan, event: Any) -> None:
        is_merge = (
            value == _MERGE_KEY
            and getattr(event, "style", None) in ("", None)
            and getattr(event, "tag", "") is None
            and getattr(event, "value", None) == _MERGE_KEY
        )
        if isinstance(value, dict | list):  # an alias to a collection, used as a key
            self._problem(
                YAML_SYNTAX,
                "a mapping or sequence cannot be used as a key",
                _point(event),
                top.path,
            )
            top.key = ""
            top.skip_value = True
            return
        key = value if isinstance(value, str) else _key_text(value)
        key_spans = top.key_spans
        if key in top.container or (is_merge and top.merge_seen):
            first = key_spans.get(key)
            where = f"; the first occurrence is at line {first[0] + 1}" if first else ""
            self._problem(
                DUPLICATE_KEY,
                f"duplicate key {key!r}{where}",
                SourceMap._span(raw),
                self._child_path(top.path, key),
            )
            top.key = key
            top.skip_value = True  # keep the first value, parse on
            return
        top.key = key
        if is_merge:
            top.key_is_merge = True
            top.merge_seen = True
        key_spans.setdefault(key, raw)

    def _merge_value(self, top: _Frame, value: Any, event: Any) -> None:
        if isinstance(value, dict):
            top.merges.append(value)
            return
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            top.merges.extend(value)
            return
        raise LoadAbort(
            YAML_SYNTAX,
            "the merge key << needs a mapping or a list of mappings (usually an alias: <<: *name)",
            _point(event),
        )

    def _current_path(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if top.is_map:
            return self._child_path(top.path, top.key) if top.key is not None else top.path
        return f"{top.path}[{len(top.container)}]"

    def _register_anchor(self, anchor: str, event: Any) -> None:
        if anchor in self.anchors or anchor in self.open_anchors:
            raise LoadAbort(
                YAML_SYNTAX,
                f"anchor &{anchor} is defined twice in this document",
                _point(event),
            )

    # -- events ---------------------------------------------------------------------------------

    def _start_document(self, event: Any) -> None:
        self._reset()
        self.doc_start = event
        self.documents_seen += 1
        if self.documents_seen > self.limits.max_documents:
            raise LoadAbort(
                INPUT_LIMIT,
                f"more than {self.limits.max_documents} documents in one file; stopped reading it",
                _point(event),
            )
        version = getattr(event, "version", None)
        if version is not None and tuple(version) != (1, 2):
            major, minor = tuple(version)[:2]
            raise LoadAbort(
                YAML_SYNTAX,
                f"%YAML {major}.{minor} directive: hvcheck reads YAML 1.2 only "
                "(remove the directive)",
                _point(event),
            )

    def _check_depth(self, event: Any) -> None:
        if len(self.stack) >= self.limits.max_depth:
            raise LoadAbort(
                INPUT_LIMIT,
                f"nesting deeper than {self.limits.max_depth} levels (--max-depth)",
                _point(event),
            )

    def _scalar(self, event: Any) -> None:
        # The hot path: most events are plain scalars. Keep attribute lookups few.
        text: str = event.value
        if len(text) > self.max_scalar_chars:
            raise LoadAbort(
                INPUT_LIMIT,
                f"scalar of {len(text)} characters exceeds {self.max_scalar_chars} "
                "(--max-scalar-chars)",
                _point(event),
            )
        anchor = event.anchor
        if anchor is not None:
            self._register_anchor(anchor, event)
        style = event.style
        # ``ctag`` is the slot behind ScalarEvent's ``tag`` property (0.18.6 to 0.19 alike).
        if event.ctag is None and not style:
            value: Any = text
            if text in _WORDS:
                value = _WORDS[text]
            elif text[0] in _NUMBER_START:
                value = self._resolve_number(text, event)
        else:
            value = self._resolve_tagged(text, event)
            if style == '"' and isinstance(value, str):
                bad = _FORBIDDEN_RAW.search(value)
                if bad is not None:
                    raise LoadAbort(
                        ENCODING,
                        f"character {_describe_char(bad.group())} is not allowed in a value, "
                        "even as an escape",
                        _point(event),
                    )
        self.nodes += 1
        if self.nodes > self.max_nodes:
            self._count(0, event)
        if anchor is not None:
            self.anchors[anchor] = (value, 1)
        start, end = event.start_mark, event.end_mark
        raw = (start.line, start.column, end.line, end.column)
        stack = self.stack
        if not stack:
            self.root = value
            self.smap.root = raw
            return
        # The common cases inlined: a sequence item, a key's value, a new plain string key.
        top = stack[-1]
        top.nodes += 1
        if not top.is_map:
            top.container.append(value)
            top.item_spans.append(raw)
            return
        key = top.key
        if key is not None:
            if not top.skip_value and not top.key_is_merge:
                top.key = None
                top.container[key] = value
                top.value_spans[key] = raw
                return
        elif type(value) is str and value not in top.container and value != _MERGE_KEY:
            top.key = value
            key_spans = top.key_spans
            if value not in key_spans:
                key_spans[value] = raw
            return
        self._attach(top, value, raw, event)

    def _resolve_tagged(self, text: str, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            return text  # quoted, or the non-specific tag "!": a string
        if tag not in _SCALAR_TAGS:
            raise LoadAbort(
                UNSUPPORTED_TAG,
                f"tag {_show_tag(tag)} is not supported; host files use plain YAML values",
                _point(event),
            )
        kind = tag[len(_TAG) :]
        if kind == "str":
            return text
        if text in _WORDS:
            value = _WORDS[text]
        elif text and text[0] in _NUMBER_START:
            value = self._resolve_number(text, event)
        else:
            value = text
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, int | float) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "null": value is None,
        }[kind]
        if not ok:
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise LoadAbort(YAML_SYNTAX, f"{shown!r} is not a valid !!{kind}", _point(event))
        if kind == "float":
            return float(value)
        return value

    def _resolve_number(self, text: str, event: Any) -> Any:
        """A plain scalar that starts like a number: an int, a float, or else a string."""
        if _INT_DEC.fullmatch(text):
            self._check_number(text, event)
            return int(text, 10)
        if _INT_OCT.fullmatch(text):
            self._check_number(text, event)
            return int(text[2:], 8)
        if _INT_HEX.fullmatch(text):
            self._check_number(text, event)
            return int(text[2:], 16)
        if _FLOAT.fullmatch(text):
            self._check_number(text, event)
            return float(text)
        special = _SPECIAL_FLOATS.get(text.lower())
        if special is not None and text[-3:] in ("inf", "Inf", "INF", "nan", "NaN", "NAN"):
            return special
        return text

    def _check_number(self, text: str, event: Any) -> None:
        if len(text) > self.limits.max_number_chars:
            raise LoadAbort(
                INPUT_LIMIT,
                f"number literal of {len(text)} characters exceeds "
                f"{self.limits.max_number_chars} (quote it if it is a string)",
                _point(event),
            )

    def _map_start(self, event: Any) -> None:
        self._start(event, True)

    def _seq_start(self, event: Any) -> None:
        self._start(event, False)

    def _start(self, event: Any, is_map: bool) -> None:
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None:
            self._problem(
                YAML_SYNTAX,
                "a mapping or sequence cannot be used as a key",
                _point(event),
                stack[-1].path,
            )
            self.skip_depth = 1
            return
        tag = event.tag
        if tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            raise LoadAbort(
                UNSUPPORTED_TAG,
                f"tag {_show_tag(tag)} is not supported; host files use plain YAML values",
                _point(event),
            )
        self._check_depth(event)
        anchor = event.anchor
        if anchor is not None:
            self._register_anchor(anchor, event)
            self.open_anchors.add(anchor)
        self._count(1, event)
        container: Any = {} if is_map else []
        stack.append(_Frame(container, is_map, self._current_path(), event, anchor))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if frame.is_map:
            if frame.key is not None and not frame.skip_value and not frame.key_is_merge:
                container[frame.key] = None  # defensive: a key without a value
            for source in frame.merges:
                self._count(len(source), event)
                for k, v in source.items():
                    container.setdefault(k, v)
        start = frame.start.start_mark
        raw = (start.line, start.column, event.end_mark.line, event.end_mark.column)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (container, frame.nodes)
        spans = (
            Spans(raw, frame.value_spans, frame.key_spans)
            if frame.is_map
            else Spans(raw, frame.item_spans, None)
        )
        self._place(container, spans, event, frame.nodes)

    def _alias(self, event: Any) -> None:
        name = event.anchor
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise LoadAbort(
                INPUT_LIMIT,
                f"more than {self.limits.max_aliases} aliases in one document (--max-aliases)",
                _point(event),
            )
        if name in self.open_anchors:
            raise LoadAbort(
                INPUT_LIMIT,
                f"alias *{name} refers to a node that contains it (recursive alias)",
                _point(event),
            )
        found = self.anchors.get(name)
        if found is None:
            raise LoadAbort(
                YAML_SYNTAX, f"alias *{name} refers to an undefined anchor", _point(event)
            )
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
