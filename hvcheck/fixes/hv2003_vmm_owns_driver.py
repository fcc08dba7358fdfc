"""HV2003: move a driver out of a hybrid VMM, into the host OS, the one place it can run."""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import move_to_host_os
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit

SAFE = True
TITLE = "move the driver to the host OS (location: host-os)"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    return move_to_host_os(finding, doc)
