"""Shared fixtures: the bundled catalog, loaded once, and paths to the repository's parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, load_catalog

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
