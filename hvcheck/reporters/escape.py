"""Make untrusted text (file names, values inside messages) safe to print in a terminal or CI log."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def clean(text: str) -> str:
    """``text`` with every control or bidi character shown as an escape (``\\n``, ``\\x1b``)."""

    def sub(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch == "\n":
            return "\\n"
        if ch == "\r":
            return "\\r"
        if ch == "\t":
            return "\\t"
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(sub, text)
