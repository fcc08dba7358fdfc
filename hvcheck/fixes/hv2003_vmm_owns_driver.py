"""HV2003: move a driver out of a hybrid VMM, into the host OS, the one place it can run."""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import host_side as _host_side
from hvcheck.fixes._common import move_driver
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit

SAFE = True
TITLE = "move the driver to the host OS (location: host-os)"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    ctx = doc.context
    if (
        ctx is None
        or ctx.product is None
        or _host_side(ctx.product.driver_locations) != ["host-os"]
    ):
        return []
    return move_driver(finding, doc, "host-os")
