"""HV6302: list the driver the virtio boot controller needs in integration.drivers_at_install.

Unsafe: the entry says the driver was loaded during setup (and, where the partition states no
integration software, that it is installed), which is true only once you install the guest that
way. Only when the catalog names exactly one driver for the controller's model.
"""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._boot import add_install_driver
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit

SAFE = False
TITLE = "list the boot controller's driver in integration.drivers_at_install"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    return add_install_driver(finding, doc)
