"""catalogs/generated/linux-pci-aliases.tsv: the PCI aliases of modules.alias, as depmod writes
it for the amd64 kernel of each Debian release, merged into one row per (pattern, module)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from catalog_build.archive import Archive, Record, release_rank
from catalog_build.common import BuildError, log, natural_key, run, unpack_deb, which
from catalog_build.inputs import Input, InputStore, parse_header_inputs

NAME = "linux-aliases"
OUTPUT = "catalogs/generated/linux-pci-aliases.tsv"
META = "linux-image-amd64"
COLUMNS = ("pattern", "module", "kernels")
SUMMARY = (
    "Linux kernel PCI driver bindings (modules.alias) for the amd64 kernel of each Debian release"
)

_MODULE_FILE = re.compile(r"\.ko(\.(xz|zst|gz))?$")
_META_DEP = re.compile(r"\b(linux-image-[^\s,(|]+)\s*\(\s*=\s*([^)\s]+)\s*\)")


def _dependency_names(depends: str) -> list[str]:
    return [alt.split("(")[0].strip() for dep in depends.split(",") for alt in dep.split("|")]


def resolve(archive: Archive) -> list[Input]:
    """For each release: the kernel package that linux-image-amd64 depends on, and the split-out
    linux-modules-*/linux-base-* packages that newer kernels keep their modules in."""
    inputs: list[Input] = []
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    for release in archive.releases():
        meta = archive.newest(META, release)
        if meta is None:
            log(f"{NAME}: {release.name} has no {META}; skipped")
            continue
        match = _META_DEP.search(meta.depends)
        if match is None:
            raise BuildError(
                f"{META} {meta.version} ({release.name}) depends on no linux-image-*: {meta.depends}"
            )
        image = archive.exact(match.group(1), match.group(2), release)
        abi = image.package.removeprefix("linux-image-")
        group: list[Record] = [image]
        for name in _dependency_names(image.depends):
            if name in (f"linux-modules-{abi}", f"linux-base-{abi}"):
                group.append(archive.exact(name, image.version, release))
        key = tuple((record.package, record.version) for record in group)
        if key in seen:
            log(f"{NAME}: {release.name} has the same kernel as {seen[key]}")
            continue
        seen[key] = release.name
        inputs += [record.to_input(release.name, "kernel") for record in group]
    if not inputs:
        raise BuildError(f"no reachable Debian release has an amd64 kernel ({META})")
    return inputs


def _module_dir(root: Path) -> Path:
    found = [
        path
        for base in ("lib/modules", "usr/lib/modules")
        if (root / base).is_dir()
        for path in sorted((root / base).iterdir())
        if path.is_dir() and not path.is_symlink() and (path / "kernel").is_dir()
    ]
    if len(found) != 1:
        raise BuildError(f"expected one lib/modules/<kernel>/kernel directory, found {len(found)}")
    kdir = found[0]
    # depmod -b ROOT looks in ROOT/lib/modules (kmod < 31) or ROOT/usr/lib/modules (newer builds)
    for base in ("lib/modules", "usr/lib/modules"):
        link = root / base / kdir.name
        if not link.exists():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.relpath(kdir, link.parent))
    return kdir


def kernel_aliases(
    group: Sequence[Input], store: InputStore, workdir: Path
) -> tuple[str, set[tuple[str, str]]]:
    """Unpacks one kernel's packages, runs depmod, returns (kernel release, {(pattern, module)})."""
    depmod = which("depmod", "kmod")
    root = Path(tempfile.mkdtemp(prefix="kernel.", dir=workdir))
    try:
        for item in group:
            unpack_deb(store.path(item), root)
        kdir = _module_dir(root)
        run([depmod, "-b", root, kdir.name], what=f"depmod for {kdir.name}")
        alias_file = kdir / "modules.alias"
        if not alias_file.is_file():
            raise BuildError(f"depmod wrote no modules.alias for {kdir.name}")
        # depmod skips a module it cannot read (say, a compression its kmod was built without)
        # with only a warning: every module file must have its modules.dep line
        shipped = sum(1 for path in kdir.rglob("*.ko*") if _MODULE_FILE.search(path.name))
        indexed = sum(
            1 for line in (kdir / "modules.dep").read_text(encoding="utf-8").splitlines() if line
        )
        if shipped != indexed:
            raise BuildError(
                f"depmod indexed {indexed} of the {shipped} modules of {kdir.name} (is this kmod too "
                "old for their compression?)"
            )
        aliases: set[tuple[str, str]] = set()
        for number, line in enumerate(alias_file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.startswith("alias pci:"):
                continue
            parts = line.split()
            if len(parts) != 3:
                raise BuildError(f"{kdir.name} modules.alias line {number} is malformed: {line!r}")
            aliases.add((parts[1], parts[2]))
        if not aliases:
            raise BuildError(f"{kdir.name}: modules.alias has no pci: aliases")
        return kdir.name, aliases
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _groups(inputs: Sequence[Input]) -> list[list[Input]]:
    by_release: dict[str, list[Input]] = defaultdict(list)
    for item in inputs:
        by_release[item.release].append(item)
    return [
        by_release[name] for name in sorted(by_release, key=lambda name: (release_rank(name), name))
    ]


def build(inputs: Sequence[Input], store: InputStore, workdir: Path) -> bytes:
    groups = _groups(inputs)
    workers = max(1, min(len(groups), os.cpu_count() or 1, 4))
    log(f"{NAME}: unpacking {len(groups)} kernel(s) and running depmod ({workers} at a time)")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda group: kernel_aliases(group, store, workdir), groups))
    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    kernel_lines: list[str] = []
    for group, (kernel, aliases) in zip(groups, results, strict=True):
        packages = ",".join(item.package for item in group)
        kernel_lines.append(
            f"# kernel: {kernel} release={group[0].release} pci_aliases={len(aliases)} packages={packages}"
        )
        for pair in aliases:
            merged[pair].add(kernel)
    header = [
        f"# Generated by scripts/build-catalogs {NAME}; do not edit (regenerate with the command below).",
        "#",
        "# Linux kernel PCI driver bindings: every `alias pci:...` line of modules.alias, as depmod",
        "# (kmod) writes it for the modules of each Debian amd64 kernel below, merged across kernels:",
        "# one row per (pattern, module) with the kernel releases whose modules.alias carries it.",
        "# A pattern is a modprobe fnmatch pattern over a device's PCI modalias",
        "# (pci:v<vendor>d<device>sv<subvendor>sd<subdevice>bc<class>sc<subclass>i<prog-if>).",
        "#",
        f"# command: scripts/build-catalogs {NAME}",
        f"# check: scripts/build-catalogs --check {NAME}",
        "# tool: depmod -b <unpacked packages> <kernel release>",
        *kernel_lines,
        *(item.header_line() for item in inputs),
    ]
    rows = [
        f"{pattern}\t{module}\t{','.join(sorted(kernels, key=natural_key))}"
        for (pattern, module), kernels in sorted(merged.items())
    ]
    return ("\n".join([*header, "\t".join(COLUMNS), *rows]) + "\n").encode("utf-8")


def recorded(text: str) -> list[Input]:
    return parse_header_inputs(text, OUTPUT)
