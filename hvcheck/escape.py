"""Make untrusted text safe to print: one escaping layer for every output hvcheck writes.

Host files, file names and imported configurations come from pull requests nobody has reviewed yet,
and what hvcheck prints goes into terminals and CI logs whose runners act on some of it (GitHub's
``::command::`` lines, Azure Pipelines' ``##vso[...]`` anywhere in a line). Every value and file
name passes through one of these functions before it is written:

- :func:`clean`: a single line for a terminal or a log. Controls, DEL, C1 controls, bidirectional
  overrides and isolates, invisible format characters (zero-width space, Arabic letter mark, the
  tag block, BOM), line and paragraph separators, noncharacters and undecodable bytes are shown as
  visible escapes (``\\n``, ``\\x1b``, ``\\u200b``); ``##vso[`` and ``##[`` are broken up, so no
  value can become a CI command.
- :func:`xml_text`: :func:`clean`, plus nothing XML 1.0 forbids (so JUnit stays well-formed).
- :func:`markdown_text` / :func:`markdown_code`: :func:`clean`, plus no HTML, links, images or
  emphasis in Markdown tables and summaries, and no way out of a code span.

>>> clean("a\\nb")
'a\\\\nb'
>>> clean("x ##vso[task.setvariable variable=PWN]1")
'x ##vso\\\\x5btask.setvariable variable=PWN]1'
>>> clean("zero\\u200bwidth")
'zero\\\\u200bwidth'
>>> markdown_text("<img src=x> [a](b)")
'&lt;img src=x&gt; \\\\[a\\\\](b)'
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode bidirectional marks, overrides and isolates, invisible format
# characters, the line and paragraph separators, BOM, the tag block, noncharacters, and lone
# surrogates (undecodable bytes of a file name, decoded with surrogateescape).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff\ufdd0-\ufdef\ud800-\udfff"
    "\U000e0000-\U000e0fff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
# The same, less the C0 controls, which JSON escapes inside strings and uses between tokens.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff\ufdd0-\ufdef\ud800-\udfff"
    "\U000e0000-\U000e0fff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
# Log commands of CI systems that act on them anywhere in a line (Azure Pipelines).
_CI_COMMAND = re.compile(r"##(vso)?\[")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def clean(text: str) -> str:
    """``text`` as one safe line: every unsafe character shown as a visible escape, and CI log
    commands broken up."""
    out = _UNSAFE.sub(lambda m: _escape(m.group(0)), text)
    if "##" in out:
        out = _CI_COMMAND.sub(lambda m: m.group(0)[:-1] + "\\x5b", out)
    return out


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text (as :mod:`json` wrote it) with the same meaning, but nothing a log would act on or
    hide: invisible and format characters, noncharacters and CI log commands are written as
    ``\\uXXXX`` escapes, which every JSON parser reads back as the same characters.

    ``#`` only occurs inside JSON strings, so ``##vso[`` is always inside one.

    >>> json_safe('"x ##vso[y] \u200b"')
    '"x ##vso\\\\u005by] \\\\u200b"'
    """
    out = _JSON_UNSAFE.sub(lambda m: _json_escape(m.group(0)), text)
    if "##" in out:
        out = _CI_COMMAND.sub(lambda m: m.group(0)[:-1] + "\\u005b", out)
    return out


def xml_text(text: str) -> str:
    """:func:`clean` text, which is also valid XML 1.0 character data (before entity escaping)."""
    return clean(text)


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell or paragraph: :func:`clean`, HTML escaped, and the characters
    that make links, images, emphasis, code or table cells escaped with a backslash."""
    out = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|!#~])", r"\\\1", out)


def markdown_code(text: str) -> str:
    """Text for inside a Markdown code span (`` `...` ``): :func:`clean`, with backticks, which
    would end the span, replaced by a visible escape, and ``|`` escaped for tables."""
    return clean(text).replace("`", "\\x60").replace("|", "\\|")


def display_path(path: str) -> str:
    """A file name to show: :func:`clean`, and ``./`` in front of a relative name that starts with
    punctuation, so that a file named ``::error::x.yaml`` cannot start a CI log command line."""
    shown = clean(path)
    if shown and not (shown[0].isalnum() or shown[0] in "./_~<"):
        return "./" + shown
    return shown


def safe_unicode(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes) replaced by visible escapes, so that it can
    be encoded as UTF-8 (JSON, SARIF, GitLab), and nothing else changed."""
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return text
    return "".join(_escape(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
