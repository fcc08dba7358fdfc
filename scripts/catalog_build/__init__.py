"""Builds hvcheck's generated catalog tables from Debian packages.

The entry point is ``scripts/build-catalogs``; :mod:`catalog_build.cli` holds its logic. Each table
module (:mod:`~catalog_build.pciids`, :mod:`~catalog_build.linux_aliases`, :mod:`~catalog_build.qemu`)
resolves its inputs from the Debian archive (network) and builds its table from the downloaded
packages alone (no network), so the same inputs always give byte-identical output.
"""

from __future__ import annotations

from catalog_build.common import BuildError
from catalog_build.inputs import Input, InputStore, default_inputs_dir
from catalog_build.tables import TABLES, Table, build_table, recorded_inputs

__all__ = [
    "TABLES",
    "BuildError",
    "Input",
    "InputStore",
    "Table",
    "build_table",
    "default_inputs_dir",
    "recorded_inputs",
]
