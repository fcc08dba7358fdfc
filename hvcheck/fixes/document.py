"""What a fix sees of the document a finding is in: its data, the validated host, the catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from hvcheck.catalog import Catalog
from hvcheck.fixes.edits import Unapplicable, value_at
from hvcheck.loader import Document
from hvcheck.model import ParsedHost
from hvcheck.rules.context import HostContext


@dataclass
class FixDocument:
    """One loaded document, and (when it validates as a host) its model and rule context."""

    document: Document
    catalog: Catalog
    text: str
    parsed: ParsedHost | None = None

    @property
    def data(self) -> Any:
        return self.document.data

    def get(self, path: str, default: Any = None) -> Any:
        """The plain value at ``path``, or ``default``."""
        try:
            return value_at(self.document.data, path)
        except Unapplicable:
            return default

    def source(self, path: str) -> str | None:
        """The text the value at ``path`` is written as, when it is written on one line."""
        raw = self.document.source_map.values.get(path)
        if raw is None or raw[0] != raw[2]:
            return None
        return self.text.splitlines()[raw[0]][raw[1] : raw[3]]

    @cached_property
    def context(self) -> HostContext | None:
        """The rules' view of the host (graph, product, catalogs), or None if it did not validate."""
        if self.parsed is None:
            return None
        return HostContext.of(self.parsed, self.catalog)
