"""HV2006: state that the guest's integration software is installed, once it is.

Unsafe: the fix writes ``integration: {present: true}`` (or turns ``present`` to true), which is
true only after you install Virtual Machine Additions in the guest. Only for guests the catalog
says can have them installed; for a guest with none, there is nothing to install.
"""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import partition_path
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import AddKey, Edit, SetValue

SAFE = False
TITLE = "state integration.present: true (after installing the integration software)"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    ctx = doc.context
    where = partition_path(finding.logical_path)
    if ctx is None or where is None:
        return []
    path, index = where
    parts = ctx.spec.partitions
    if index >= len(parts):
        return []
    support = ctx.enlightenment(parts[index]).support
    if support is None or support.integration != "install":
        return []
    integration = doc.get(f"{path}.integration")
    if integration is None:
        return [AddKey(path, "integration", {"present": True}, after=("os", "role", "id"))]
    if isinstance(integration, dict) and integration.get("present") is False:
        return [SetValue(f"{path}.integration.present", True)]
    return []
