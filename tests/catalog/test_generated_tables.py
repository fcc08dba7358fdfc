"""The generated catalog tables (catalogs/generated/, built by scripts/build-catalogs).

Always: each committed table parses, its header names every input with a 64-hex sha256, and its
rows are sorted and unique. Where the inputs directory ($HVCHECK_CATALOG_INPUTS, else
~/.cache/hvcheck-catalog-inputs) holds the recorded .deb files with their recorded sha256, each
table is rebuilt in-process and must equal the committed file byte for byte; otherwise those tests
skip. Nothing here uses the network.
"""

from __future__ import annotations

import functools
import importlib
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
GENERATED = REPO / "catalogs" / "generated"
PCI_IDS = GENERATED / "pci.ids"
ALIASES = GENERATED / "linux-pci-aliases.tsv"
QEMU = GENERATED / "qemu.yaml"

SHA256 = re.compile(r"[0-9a-f]{64}")
INPUT_FIELDS = {"package", "version", "arch", "release", "suite", "role", "sha256", "url"}
QEMU_ARCHES = ["x86_64", "i386", "aarch64", "arm", "ppc64", "ppc", "s390x", "riscv64", "alpha"]


def _builder() -> ModuleType:
    """scripts/catalog_build, imported from the scripts directory."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("catalog_build")


def _header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _header_inputs(path: Path) -> list[dict[str, str]]:
    """The `# input: name=value ...` lines of a table's leading comment block."""
    inputs = []
    for line in _header(path):
        if line.startswith("# input: "):
            pairs = [part.partition("=") for part in line.removeprefix("# input: ").split()]
            inputs.append({name: value for name, _, value in pairs})
    return inputs


def _assert_inputs(inputs: list[dict[str, str]], where: str) -> None:
    assert inputs, f"{where} names no input"
    for item in inputs:
        assert set(item) == INPUT_FIELDS, f"{where}: input fields {sorted(item)}"
        assert SHA256.fullmatch(item["sha256"]), f"{where}: {item['package']} has no 64-hex sha256"
        assert item["url"].startswith("http") and item["url"].endswith(".deb"), item["url"]
        assert item["version"] and item["package"], item


# --- (a) the committed tables ---------------------------------------------------------------------


def test_pci_ids_header_names_its_input_and_the_command() -> None:
    header = _header(PCI_IDS)
    assert "# command: scripts/build-catalogs pci-ids" in header
    assert "# check: scripts/build-catalogs --check pci-ids" in header
    inputs = _header_inputs(PCI_IDS)
    _assert_inputs(inputs, "pci.ids")
    assert [item["package"] for item in inputs] == ["pci.ids"]


def test_pci_ids_parses_and_is_sorted() -> None:
    vendors: list[str] = []
    devices: dict[str, list[str]] = {}
    classes: list[str] = []
    section = ""
    patterns = {
        "vendor": re.compile(r"[0-9a-f]{4}  \S"),
        "device": re.compile(r"\t[0-9a-f]{4}  \S"),
        "subsystem": re.compile(r"\t\t[0-9a-f]{4} [0-9a-f]{4}  \S"),
        "class": re.compile(r"C [0-9a-f]{2}  \S"),
        "subclass": re.compile(r"\t[0-9a-f]{2}  \S"),
        "prog-if": re.compile(r"\t\t[0-9a-f]{2}  \S"),
    }
    nested = {"": [], "vendor": ["subsystem"], "class": ["subclass", "prog-if"]}
    for number, line in enumerate(PCI_IDS.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if patterns["vendor"].match(line):
            section = "vendor"
            vendors.append(line[:4])
            devices[line[:4]] = []
        elif patterns["class"].match(line):
            section = "class"
            classes.append(line[2:4])
        elif section == "vendor" and patterns["device"].match(line):
            devices[vendors[-1]].append(line[1:5])
        elif not any(patterns[kind].match(line) for kind in nested[section]):
            pytest.fail(f"pci.ids:{number}: unexpected line {line!r}")
    assert len(vendors) > 2000 and sum(map(len, devices.values())) > 15000 and len(classes) > 15
    assert vendors == sorted(set(vendors)), "vendor IDs are not sorted and unique"
    for vendor, ids in devices.items():
        assert ids == sorted(set(ids)), f"device IDs of vendor {vendor} are not sorted and unique"
    assert classes == sorted(set(classes))
    assert "8086" in vendors and "15ad" in vendors


def test_linux_aliases_table_parses_and_is_sorted() -> None:
    header = _header(ALIASES)
    assert "# command: scripts/build-catalogs linux-aliases" in header
    inputs = _header_inputs(ALIASES)
    _assert_inputs(inputs, "linux-pci-aliases.tsv")
    # "# kernel: <kernel release> release=<Debian release> pci_aliases=<n> packages=<a>,<b>"
    kernels = {line.split()[2]: line for line in header if line.startswith("# kernel: ")}
    assert kernels, "no `# kernel:` lines"
    for line in kernels.values():
        packages = line.rpartition("packages=")[2].split(",")
        assert set(packages) <= {item["package"] for item in inputs}, line
    lines = ALIASES.read_text(encoding="utf-8").splitlines()[len(header) :]
    assert lines[0] == "pattern\tmodule\tkernels"
    keys = []
    seen_kernels: set[str] = set()
    for number, line in enumerate(lines[1:], len(header) + 2):
        pattern, module, kernel_list = line.split("\t")
        assert pattern.startswith("pci:v") and re.fullmatch(r"[\w-]+", module), (
            f"line {number}: {line!r}"
        )
        listed = kernel_list.split(",")
        assert listed and set(listed) <= set(kernels), (
            f"line {number}: unknown kernel in {kernel_list}"
        )
        assert len(listed) == len(set(listed)), f"line {number}: {kernel_list}"
        seen_kernels.update(listed)
        keys.append((pattern, module))
    assert keys == sorted(keys), "rows are not sorted by (pattern, module)"
    assert len(keys) == len(set(keys)), "duplicate (pattern, module) rows"
    assert seen_kernels == set(kernels)
    assert ("pci:v000015ADd000007B0sv*sd*bc*sc*i*", "vmxnet3") in set(keys)


@functools.cache
def _load_qemu() -> dict[str, Any]:
    data = YAML(typ="safe").load(QEMU.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_qemu_table_parses_and_names_its_inputs() -> None:
    data = _load_qemu()
    assert (data["apiVersion"], data["kind"], data["table"]) == (
        "hvcheck/v1",
        "GeneratedTable",
        "qemu",
    )
    assert data["command"] == "scripts/build-catalogs qemu"
    inputs = data["inputs"]
    _assert_inputs(inputs, "qemu.yaml inputs")
    keys = [(i["release"], i["package"], i["version"]) for i in inputs]
    assert len(keys) == len(set(keys))
    # the header comment names the QEMU packages; all of them are in `inputs:`
    in_header = _header_inputs(QEMU)
    _assert_inputs(in_header, "qemu.yaml header")
    assert {tuple(sorted(i.items())) for i in in_header} == {
        tuple(sorted(i.items())) for i in inputs if i["role"] == "qemu"
    }
    # the builder's own reader of `inputs:` agrees with a YAML parser
    recorded = _builder().recorded_inputs("qemu", QEMU.read_text(encoding="utf-8"))
    assert [dict(item.as_pairs()) for item in recorded] == [
        {key: str(value) for key, value in i.items()} for i in inputs
    ]


def test_qemu_rows_are_sorted_unique_and_consistent() -> None:
    data = _load_qemu()
    versions = [entry["qemu"] for entry in data["qemu_versions"]]
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))))
    assert len(versions) == len(set(versions))
    for kind, arch_key in (("devices", "arches"), ("machines", "arch")):
        rows = data[kind]
        assert rows, f"no {kind}"
        names = [row["name"] for row in rows]
        assert names == sorted(names), f"{kind} are not sorted by name"
        frozen = [repr(sorted(row.items())) for row in rows]
        assert len(frozen) == len(set(frozen)), f"duplicate {kind} rows"
        for row in rows:
            arches = row[arch_key] if isinstance(row[arch_key], list) else [row[arch_key]]
            assert arches and set(arches) <= set(QEMU_ARCHES), row
            assert row["qemu"] and set(row["qemu"]) <= set(versions), row
            assert isinstance(row["aliases"], list)
    devices = {(row["name"], arch) for row in data["devices"] for arch in row["arches"]}
    assert {
        ("virtio-net-pci", "x86_64"),
        ("e1000", "x86_64"),
        ("virtio-blk-ccw", "s390x"),
    } <= devices
    # `virt (alias of virt-7.2)` lines become aliases of their machine, not rows of their own
    machines = {(row["name"], row["arch"]) for row in data["machines"]}
    assert not {("virt", "aarch64"), ("pseries", "ppc64"), ("s390-ccw-virtio", "s390x")} & machines
    aliases = {(alias, row["arch"]) for row in data["machines"] for alias in row["aliases"]}
    assert {
        ("q35", "x86_64"),
        ("pc", "x86_64"),
        ("virt", "aarch64"),
        ("pseries", "ppc64"),
    } <= aliases
    assert {("s390-ccw-virtio", "s390x")} <= aliases
    for entry in data["qemu_versions"]:
        assert {"x86_64", "aarch64", "s390x", "ppc64", "riscv64"} <= set(entry["arches"]), entry


# --- (b) rebuilding from the recorded inputs ------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "path"),
    [
        ("pci-ids", PCI_IDS),
        pytest.param("linux-aliases", ALIASES, marks=pytest.mark.slow),
        pytest.param("qemu", QEMU, marks=pytest.mark.slow),
    ],
)
def test_rebuilding_from_the_recorded_inputs_gives_the_committed_table(
    table: str, path: Path, tmp_path: Path
) -> None:
    builder = _builder()
    committed = path.read_bytes()
    inputs = builder.recorded_inputs(table, committed.decode("utf-8"))
    store = builder.InputStore(builder.default_inputs_dir())
    missing = store.missing(inputs)
    if missing:
        pytest.skip(
            f"{len(missing)} of the {len(inputs)} inputs {path.name} records are not in {store.root} "
            f"with their recorded sha256 (first: {missing[0][1]}); "
            f"`scripts/build-catalogs --check {table}` downloads them"
        )
    tools = (
        {"dpkg-deb": "dpkg", "depmod": "kmod"} if table == "linux-aliases" else {"dpkg-deb": "dpkg"}
    )
    for tool, package in tools.items():
        if shutil.which(tool, path="/usr/sbin:/sbin:/usr/bin:/bin") is None:
            pytest.skip(f"{tool} (Debian's {package}) is not installed")
    rebuilt = builder.build_table(table, inputs, store, tmp_path)
    assert rebuilt == committed, f"{path.name} differs from what its recorded inputs build"
