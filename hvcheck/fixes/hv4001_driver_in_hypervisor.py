"""HV4001: move a physical device's driver out of a microkernelized hypervisor, into the parent.

On Hyper-V and Xen the parent partition (dom0) is where vendor drivers run; the fix writes
``location: parent`` and changes nothing else about the driver. Only when the product's catalog
entry lists the parent among the places drivers run.
"""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import move_driver
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit

SAFE = True
TITLE = "move the driver to the parent partition (location: parent)"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    ctx = doc.context
    if ctx is None or ctx.product is None or "parent" not in ctx.product.driver_locations:
        return []
    return move_driver(finding, doc, "parent")
