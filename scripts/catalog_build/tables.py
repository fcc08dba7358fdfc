"""The registry of generated tables: each one's name, output file, how it resolves its inputs
(network) and how it builds from them (no network)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog_build import linux_aliases, pciids, qemu
from catalog_build.archive import Archive, release_rank
from catalog_build.common import BuildError
from catalog_build.inputs import Input, InputStore, check_inputs


@dataclass(frozen=True)
class Table:
    name: str
    output: str
    """The table's path, relative to the repository."""
    summary: str
    resolve: Callable[[Archive], list[Input]]
    build: Callable[[Sequence[Input], InputStore, Path], bytes]
    recorded: Callable[[str], list[Input]]


TABLES: dict[str, Table] = {
    module.NAME: Table(
        module.NAME, module.OUTPUT, module.SUMMARY, module.resolve, module.build, module.recorded
    )
    for module in (pciids, linux_aliases, qemu)
}


def get_table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise BuildError(f"unknown table {name!r}; tables: {', '.join(TABLES)}") from None


def canonical(inputs: Sequence[Input]) -> list[Input]:
    """Inputs in the order tables record them, whatever order they were found in."""
    return sorted(
        inputs,
        key=lambda item: (
            release_rank(item.release),
            item.release,
            item.role,
            item.package,
            item.version,
        ),
    )


def recorded_inputs(name: str, text: str) -> list[Input]:
    """The inputs a committed table records."""
    return get_table(name).recorded(text)


def build_table(
    name: str, inputs: Sequence[Input], store: InputStore, workdir: Path | None = None
) -> bytes:
    """Builds table `name` from `inputs`, which `store` must hold with their recorded sha256."""
    table = get_table(name)
    ordered = canonical(inputs)
    check_inputs(ordered, table.output)
    store.require(ordered)
    scratch = Path(tempfile.mkdtemp(prefix=f"build-catalogs-{name}.", dir=workdir))
    try:
        return table.build(ordered, store, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
