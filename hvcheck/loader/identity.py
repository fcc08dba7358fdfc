"""Name a place in a document by the ids on the way to it, not by list positions.

``spec.partitions[2].devices[0].model`` becomes ``spec.partitions[web01].devices[web01-net].model``
when the third partition has ``id: web01`` and its first device ``id: web01-net``: the identity of a
finding that survives inserting, removing or reordering other list items. A list item is named by
its ``id`` (or a driver's ``name``, a cluster member's ``host``, a shared resource's ``name``), a
scalar item by its value (``drives[nic0]``), and anything else by its position.

>>> data = {"spec": {"partitions": [{"id": "root"}, {"id": "web01", "devices": [{"id": "n0"}]}]}}
>>> identity_path(data, "spec.partitions[1].devices[0].model")
'spec.partitions[web01].devices[n0].model'
>>> identity_path(data, "spec.partitions[7]")
'spec.partitions[7]'
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')
_NAMING_KEYS = ("id", "name", "host")


def identity_path(data: Any, path: str) -> str:
    """``path`` (positional, as :func:`~hvcheck.loader.sourcemap.child_path` writes it) with each
    list index replaced by the name of the item at that index, where it has one."""
    out: list[str] = []
    node = data
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:  # not a path this module wrote: keep the rest as it is
            out.append(path[pos:])
            break
        pos = m.end()
        key, index, quoted = m.groups()
        if index is not None:
            i = int(index)
            item = node[i] if isinstance(node, list) and i < len(node) else None
            out.append(f"[{_name(item, i)}]")
            node = item
            continue
        name = key if key is not None else quoted.replace('\\"', '"').replace("\\\\", "\\")
        out.append(m.group(0))
        node = node.get(name) if isinstance(node, dict) else None
    return "".join(out)


def _name(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in _NAMING_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value:
                return value
        return str(index)
    if isinstance(item, str) and item:
        return item
    if isinstance(item, int | float) and not isinstance(item, bool):
        return f"={item}"
    return str(index)
