"""The boot-driver fix HV3306 (ESXi) and HV6302 (KVM) share."""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import partition_path
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import AddKey, AppendItem, Edit
from hvcheck.rules._guest import boot_controllers, install_driver


def add_install_driver(finding: Finding, doc: FixDocument) -> list[Edit]:
    """List in ``integration.drivers_at_install`` the driver each boot controller of the partition
    needs, when the catalog names exactly one; nothing when it names several."""
    ctx = doc.context
    where = partition_path(finding.logical_path)
    if ctx is None or where is None:
        return []
    path, index = where
    partitions = ctx.spec.partitions
    if index >= len(partitions):
        return []
    part = partitions[index]
    needed: list[str] = []
    for _, dev in boot_controllers(ctx, part):
        model = ctx.model_of(dev)
        if model is None:
            continue
        status, entry = install_driver(ctx, part, model.id)
        if status == "ok" or entry is None:
            continue
        if len(entry.drivers) != 1:
            return []  # the catalog offers a choice: the user decides
        if entry.drivers[0] not in needed:
            needed.append(entry.drivers[0])
    if not needed:
        return []
    integration = f"{path}.integration"
    listed = doc.get(f"{integration}.drivers_at_install")
    if isinstance(listed, list):
        return [
            AppendItem(f"{integration}.drivers_at_install", d) for d in needed if d not in listed
        ]
    if isinstance(doc.get(integration), dict):
        return [AddKey(integration, "drivers_at_install", needed, after=("drivers", "present"))]
    if doc.get(integration) is None and isinstance(doc.get(path), dict):
        value = {"present": True, "drivers_at_install": needed}
        return [AddKey(path, "integration", value, after=("os", "role", "id"))]
    return []
