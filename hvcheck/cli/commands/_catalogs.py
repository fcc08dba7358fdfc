"""Loading catalogs for commands that need them, with the user-facing errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hvcheck.cli.output import fail, print_findings

if TYPE_CHECKING:
    from hvcheck.catalog import Catalog


def load_catalog_or_exit(paths: Sequence[str]) -> Catalog:
    """The bundled catalogs plus ``paths``; an invalid catalog ends the command (exit 2)."""
    from hvcheck.catalog import CatalogError
    from hvcheck.engine.catalog_cache import load_catalog_cached

    try:
        return load_catalog_cached(tuple(paths))
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was checked") from None
