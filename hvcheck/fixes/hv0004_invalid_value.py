"""HV0004: quote a version written as a number, keeping every digit as it was typed.

``version: 7.10`` is the number 7.1 to YAML; the fix writes ``version: "7.10"``, the text that was
typed, so nothing is lost. Only fields that hold versions are changed (the host format's
``Version`` fields); other invalid values are left to the user.
"""

from __future__ import annotations

import re

from hvcheck.findings import Finding
from hvcheck.fixes._common import is_version_field
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit, SetValue

SAFE = True
TITLE = "quote the version, as it was typed"

_NUMBER = re.compile(r"^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$")


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    path = finding.logical_path
    value = doc.get(path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    if not is_version_field(path):
        return []
    typed = doc.source(path)
    if typed is None or not _NUMBER.match(typed):
        return []
    return [SetValue(path, typed, text=f'"{typed}"')]
