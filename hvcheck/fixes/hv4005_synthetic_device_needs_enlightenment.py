"""HV4005: give a guest without integration services the emulated model instead of the synthetic.

Unsafe: the VM gets a different virtual device (the catalog's ``emulated_alternative``, such as
``legacy-nic`` for ``synthetic-nic``), slower and seen by the guest as other hardware. Only when
the catalog names the alternative and the VM's stated generation has it.
"""

from __future__ import annotations

from hvcheck.findings import Finding
from hvcheck.fixes._common import device_path
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit, SetValue

SAFE = False
TITLE = "use the catalog's emulated alternative of the synthetic device"


def edits(finding: Finding, doc: FixDocument) -> list[Edit]:
    ctx = doc.context
    where = device_path(finding.logical_path)
    if ctx is None or ctx.product is None or where is None:
        return []
    path, part_index, dev_index = where
    partitions = ctx.spec.partitions
    if part_index >= len(partitions) or dev_index >= len(partitions[part_index].devices):
        return []
    part = partitions[part_index]
    model = ctx.model_of(part.devices[dev_index])
    if model is None or model.emulated_alternative is None:
        return []
    alternative = ctx.catalog.device_model(model.emulated_alternative, ctx.product.id)
    if alternative is None or alternative.mode != "emulated":
        return []
    if alternative.generations and part.generation not in alternative.generations:
        return []  # the VM's generation is unstated, or it has no such device
    out: list[Edit] = [SetValue(f"{path}.model", alternative.id)]
    if doc.get(f"{path}.mode") != "emulated":
        out.append(SetValue(f"{path}.mode", "emulated"))
    return out
