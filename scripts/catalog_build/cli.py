"""The command line of scripts/build-catalogs."""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from catalog_build.archive import Archive
from catalog_build.common import REPO_ROOT, BuildError, atomic_write, log
from catalog_build.inputs import INPUTS_ENV, Input, InputStore, default_inputs_dir
from catalog_build.tables import TABLES, Table, build_table, get_table

DESCRIPTION = """\
Regenerates hvcheck's generated catalog tables (catalogs/generated/) from Debian packages and
records each input's package, version, URL and sha256 in the table's header.

By default the newest packages are looked up in the Debian archive (a private apt setup in a
temporary directory; the machine's apt configuration is not touched), downloaded into the inputs
directory unless already there, and the tables rewritten. --frozen rebuilds from the inputs the
committed tables record instead, and --check does so in memory and compares: both work offline
when the inputs directory holds those files.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build-catalogs",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "tables",
        nargs="*",
        metavar="TABLE",
        help=f"tables to build: {', '.join(TABLES)} (default: all)",
    )
    parser.add_argument(
        "--inputs",
        type=Path,
        metavar="DIR",
        help=f"where downloaded .deb files are kept (default: ${INPUTS_ENV}, else ~/.cache/hvcheck-catalog-inputs)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild from the recorded inputs in memory; exit 1 if a committed table differs",
    )
    parser.add_argument(
        "--frozen",
        action="store_true",
        help="rebuild from the inputs the committed tables record (no archive lookups)",
    )
    return parser


def _committed(table: Table) -> bytes | None:
    path = REPO_ROOT / table.output
    return path.read_bytes() if path.is_file() else None


def _recorded(table: Table) -> list[Input]:
    committed = _committed(table)
    if committed is None:
        return []
    return table.recorded(committed.decode("utf-8"))


def _fetch_recorded(inputs: Sequence[Input], store: InputStore) -> None:
    """Makes the store hold `inputs`, downloading from the recorded URLs what it lacks."""
    problems = store.missing(inputs)
    for item, why in problems:
        if store.path(item).exists():
            log(f"sha256 mismatch: {why}; downloading it again")
    if problems:
        store.fetch_by_url([item for item, _ in problems])


def _report_changes(table: Table, old: Sequence[Input], new: Sequence[Input]) -> None:
    before = {item.key: item for item in old}
    for item in new:
        previous = before.get(item.key)
        if previous is not None and previous.sha256 != item.sha256:
            log(
                f"{table.name}: the archive's {item.package} {item.version} has sha256 {item.sha256}, "
                f"but {table.output} recorded {previous.sha256}"
            )
    old_keys = {(item.package, item.release): item.version for item in old}
    for item in new:
        was = old_keys.get((item.package, item.release))
        if item.role != "runtime" and was is not None and was != item.version:
            log(f"{table.name}: {item.package} ({item.release}) {was} -> {item.version}")


def _diff_summary(old: bytes, new: bytes, name: str) -> str:
    diff = difflib.unified_diff(
        old.decode("utf-8", "replace").splitlines(),
        new.decode("utf-8", "replace").splitlines(),
        f"{name} (committed)",
        f"{name} (rebuilt)",
        lineterm="",
        n=1,
    )
    lines = []
    for count, line in enumerate(diff):
        if count >= 30:
            lines.append("  ...")
            break
        lines.append(f"  {line[:160]}")
    return "\n".join(lines)


def _check(tables: Sequence[Table], store: InputStore) -> int:
    differing = []
    for table in tables:
        committed = _committed(table)
        if committed is None:
            raise BuildError(f"{table.output} is not there to check; build it first")
        inputs = table.recorded(committed.decode("utf-8"))
        if not inputs:
            raise BuildError(f"{table.output} records no inputs")
        _fetch_recorded(inputs, store)
        started = time.monotonic()
        rebuilt = build_table(table.name, inputs, store)
        took = time.monotonic() - started
        if rebuilt == committed:
            log(f"{table.output}: up to date ({took:.0f} s)")
        else:
            differing.append(table.output)
            print(f"{table.output} differs from what its recorded inputs build:", file=sys.stdout)
            print(_diff_summary(committed, rebuilt, table.output), file=sys.stdout)
    if differing:
        print(f"build-catalogs --check: {len(differing)} table(s) differ: {', '.join(differing)}")
        return 1
    return 0


def _write(table: Table, data: bytes) -> None:
    path = REPO_ROOT / table.output
    if _committed(table) == data:
        log(f"{table.output}: unchanged ({len(data)} bytes)")
        return
    atomic_write(path, data)
    log(f"{table.output}: written ({len(data)} bytes)")


def _build_frozen(tables: Sequence[Table], store: InputStore) -> None:
    for table in tables:
        inputs = _recorded(table)
        if not inputs:
            raise BuildError(
                f"{table.output} is missing or records no inputs; run without --frozen"
            )
        _fetch_recorded(inputs, store)
        _write(table, build_table(table.name, inputs, store))


def _build_latest(tables: Sequence[Table], store: InputStore) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="build-catalogs-apt."))
    try:
        archive = Archive(workdir)
        try:
            archive.update()
        except BuildError as exc:
            recorded = {table.name: _recorded(table) for table in tables}
            if all(recorded.values()) and not any(store.missing(r) for r in recorded.values()):
                log(f"{exc}\nfalling back to the inputs the committed tables record (--frozen)")
                _build_frozen(tables, store)
                return
            raise
        for table in tables:
            started = time.monotonic()
            inputs = table.resolve(archive)
            _report_changes(table, _recorded(table), inputs)
            for item, why in store.missing(inputs):
                if store.path(item).exists():
                    log(f"sha256 mismatch: {why}; downloading it again")
            archive.download(inputs, store)
            _write(table, build_table(table.name, inputs, store))
            log(f"{table.name}: {len(inputs)} inputs, {time.monotonic() - started:.0f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        names = args.tables or list(TABLES)
        tables = [get_table(name) for name in dict.fromkeys(names)]
        store = InputStore((args.inputs or default_inputs_dir()).expanduser())
        store.root.mkdir(parents=True, exist_ok=True)
        if args.check:
            return _check(tables, store)
        if args.frozen:
            _build_frozen(tables, store)
        else:
            _build_latest(tables, store)
        return 0
    except BuildError as exc:
        print(f"build-catalogs: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("build-catalogs: interrupted", file=sys.stderr)
        return 130
