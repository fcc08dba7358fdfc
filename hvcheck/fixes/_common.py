"""Helpers the fix modules share: where a finding's subject sits in the document."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from hvcheck.findings import Finding
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit, SetValue, Unapplicable, split_path
from hvcheck.model.host import HostDocument, Version

_PARTITION = re.compile(r"^(spec\.partitions\[(\d+)\])")
_DEVICE = re.compile(r"^(spec\.partitions\[(\d+)\]\.devices\[(\d+)\])")


def partition_path(path: str) -> tuple[str, int] | None:
    """``spec.partitions[2]`` and 2 for any path inside that partition."""
    m = _PARTITION.match(path)
    return (m.group(1), int(m.group(2))) if m else None


def device_path(path: str) -> tuple[str, int, int] | None:
    """The virtual device's path, its partition's index and its own index."""
    m = _DEVICE.match(path)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def host_side(locations: Sequence[str]) -> list[str]:
    """Where a product runs drivers of physical devices the host keeps (not passed to guests)."""
    return [loc for loc in locations if loc != "guest"]


def move_driver(finding: Finding, doc: FixDocument, target: str) -> list[Edit]:
    """Set the ``location`` of the driver the finding points at to ``target``, when that is all it
    takes (a driver that also names a ``partition`` is left to the user)."""
    path = finding.logical_path
    if not re.fullmatch(r"spec\.drivers\[\d+\]\.location", path):
        return []
    driver = doc.get(path.removesuffix(".location"))
    if not isinstance(driver, dict) or "partition" in driver or driver.get("location") == target:
        return []
    return [SetValue(path, target)]


def move_to_host_os(finding: Finding, doc: FixDocument) -> list[Edit]:
    """Move the finding's driver into the host OS, when that is the only host-side place the
    product runs drivers (a hybrid VMM); otherwise no edit."""
    ctx = doc.context
    if ctx is None or ctx.product is None or host_side(ctx.product.driver_locations) != ["host-os"]:
        return []
    return move_driver(finding, doc, "host-os")


_VERSION_META = typing.get_args(Version)[1:]


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, with lists and dicts opened to their items."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    if origin in (list, dict):
        args = typing.get_args(annotation)
        return _unwrap(args[-1]) if args else []
    return [annotation]


def is_version_field(path: str) -> bool:
    """True if the value at ``path`` of a host document is one of the format's version fields."""
    try:
        steps = split_path(path)
    except Unapplicable:
        return False
    current: list[Any] = [HostDocument]
    for step in steps:
        if isinstance(step, int):
            continue
        found: list[Any] = []
        for model in current:
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                continue
            for name, info in model.model_fields.items():
                if (info.alias or name) == step:
                    if info.annotation is Version or any(m in _VERSION_META for m in info.metadata):
                        found.append(Version)
                    found.extend(_unwrap(info.annotation))
        current = found
    return any(
        c is Version or (typing.get_origin(c) is typing.Annotated and c == Version) for c in current
    )
