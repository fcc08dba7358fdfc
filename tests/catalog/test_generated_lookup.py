"""The generated tables as the bundled catalog uses them: read on first use, indexed, never cached.

What the rules ask: is a name a QEMU device model (and in which versions and architectures); does a
Linux module bind a device, in which kernels, for the host's kernel; what pci.ids calls a vendor.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.catalog.generated import GeneratedTables
from hvcheck.catalog.gentables import (
    GeneratedTableError,
    _fast_row,
    load_aliases,
    load_qemu,
    parse_flow_row,
)
from hvcheck.catalog.pci.ids import DeviceIds

GENERATED = Path(__file__).resolve().parents[2] / "catalogs" / "generated"


def test_the_row_readers_agree_with_a_full_yaml_parse() -> None:
    text = (GENERATED / "qemu.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    fast: dict[str, list[object]] = {"devices": [], "machines": []}
    slow: list[object] = []
    section = ""
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")):
            section = line.split(":", 1)[0]
        elif section in fast and line.startswith("  - {"):
            fast[section].append(_fast_row(section, line))
            slow.append(parse_flow_row(line.strip()[2:]))
    assert fast["devices"] == data["devices"] and fast["machines"] == data["machines"]
    assert slow == data["devices"] + data["machines"]


def test_qemu_devices_by_name_and_alias_with_versions_and_arches() -> None:
    table = load_qemu(GENERATED / "qemu.yaml")
    assert table.versions == ("5.2", "7.2", "10.0", "11.1")
    e1000 = table.device("e1000-82540em")  # QEMU's alias of e1000
    assert e1000 is not None and e1000.name == "e1000"
    xhci = table.device("qemu-xhci")
    assert xhci is not None and xhci.versions == ("5.2", "7.2", "10.0", "11.1")
    assert "s390x" not in xhci.arches_in("7.2") and "s390x" in xhci.arches_in("10.0")
    assert table.device("ivshmem") is None  # gone before QEMU 5.2
    q35 = table.machine("q35", "x86_64")
    assert q35 is not None and q35.name.startswith("pc-q35-")


def test_kernel_bindings_hold_per_kernel() -> None:
    table = load_aliases(GENERATED / "linux-pci-aliases.tsv")
    i40e = table.module("i40e")
    assert i40e is not None
    x710 = DeviceIds("8086", "1572")
    assert i40e.evaluate(x710, None).match is True
    # 8086:0dd2 joined the table in Linux 6.1: unknown until the kernel is known
    newer = DeviceIds("8086", "0dd2")
    assert i40e.evaluate(newer, None).match is None
    assert i40e.evaluate(newer, "6.1.0-18-amd64").match is True
    assert i40e.evaluate(newer, "5.10.0-32-amd64").match is False
    assert i40e.evaluate(newer, "4.19.0-26-amd64").match is None  # older than the table
    assert i40e.evaluate(DeviceIds("8086", "100e"), None).match is False
    # built into Debian's kernels from 6.12: no modules.alias row says anything there
    virtio = table.module("virtio-pci")
    assert virtio is not None and [k.label for k in virtio.shipped_in] == ["5.10", "6.1"]
    assert virtio.evaluate(DeviceIds("1af4", "1041"), "6.12.57+deb13-amd64").match is None


def test_the_bundled_catalog_uses_the_tables(catalog: Catalog) -> None:
    assert catalog.qemu_device("usb-tablet", "kvm") is not None
    assert catalog.qemu_device("usb-tablet", "xen") is not None
    assert catalog.qemu_device("usb-tablet", "esxi") is None  # not a QEMU product
    assert catalog.kernel_binding("ixgbe", "kvm") is not None
    assert catalog.kernel_binding("ixgbe", "hyperv") is None
    # pci.ids: the hand-written vendor list first, the full database for the rest
    assert catalog.drivers.vendor_name("8086") == "Intel Corporation"
    assert catalog.drivers.vendor_name("0168") == "Chengdu ZeoberCom Co."
    assert catalog.drivers.registry_title() == "pci.ids 2026.10.24"
    assert catalog.drivers.device_name("1af4", "1110") == "QEMU Inter-VM shared memory device"


def test_virtio_pci_binds_only_what_its_probe_takes(catalog: Catalog) -> None:
    from hvcheck.catalog.drivers import evaluate_binding

    binding = catalog.drivers.binding_for("virtio_pci", "linux-module", "kvm")
    assert binding is not None and binding.probe_accepts == ["1af4:1000-107f"]
    assert evaluate_binding(binding, DeviceIds("1af4", "1041")).match is True
    assert evaluate_binding(binding, DeviceIds("1af4", "1110")).match is False  # ivshmem


def test_loaded_tables_are_never_pickled() -> None:
    catalog = load_catalog()
    assert catalog.generated.qemu is not None  # loaded now
    copy = pickle.loads(pickle.dumps(catalog))
    assert copy.generated._loaded == {} and copy.generated.directory == catalog.generated.directory
    assert copy.drivers.generated is copy.generated
    assert copy.qemu_device("qemu-xhci", "kvm") is not None  # read again on first use


def test_missing_tables_are_absent_and_broken_ones_say_where(tmp_path: Path) -> None:
    assert GeneratedTables(str(tmp_path)).qemu is None
    assert GeneratedTables(None).linux_aliases is None
    (tmp_path / "linux-pci-aliases.tsv").write_text("pattern\tmodule\tkernels\n")
    with pytest.raises(GeneratedTableError, match=r"linux-pci-aliases.tsv: no '# kernel:' lines"):
        _ = GeneratedTables(str(tmp_path)).linux_aliases
    (tmp_path / "linux-pci-aliases.tsv").write_text(
        "# kernel: 6.1.0-57-amd64 release=bookworm\npattern\tmodule\tkernels\n"
        "pci:v*d*sv*sd*bc01sc08i02*\tnvme\t6.1.0-57-amd64\nbroken\tahci\t\n"
    )
    tables = GeneratedTables(str(tmp_path))
    assert tables.linux_aliases is not None and tables.linux_aliases.module("nvme") is not None
    with pytest.raises(GeneratedTableError, match=r"linux-pci-aliases.tsv:4: expected pattern"):
        tables.linux_aliases.module("ahci")
