"""HV0007 encoding: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import ENCODING
from hvcheck.rules.base import ALL, Rule


class Encoding(Rule):
    """Save host files as UTF-8 text.

    Why: YAML files in repositories are UTF-8. A UTF-16 file, invalid UTF-8, or a binary file
    (NUL bytes) is reported with the position of the first bad byte instead of being guessed at.
    A UTF-8 byte-order mark is accepted.
    """

    code = ENCODING.code
    name = ENCODING.name
    default_severity = ENCODING.severity
    architectures = (ALL,)
    input_check = True
