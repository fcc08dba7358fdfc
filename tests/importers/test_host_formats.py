"""lspci -nnk and esxcli hardware pci list -> physical devices and drivers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from hvcheck.importers import ImportRefused, import_files
from tests.importers.helpers import comments, fixture, run, serious, validate, warnings_text


def test_lspci_devices_classes_ids_and_drivers(catalog: Catalog) -> None:
    result, (host,) = run("lspci", fixture("lspci", "kvm-host-nnk.txt"))
    assert host.spec.hypervisor.product == "kvm"
    devices = {d.address: d for d in host.spec.devices}
    assert len(devices) == 7
    assert {a: d.device_class for a, d in devices.items()} == {
        "0000:00:00.0": "other",
        "0000:00:14.0": "usb",
        "0000:00:17.0": "storage",
        "0000:18:00.0": "network",
        "0000:18:00.1": "network",
        "0000:5e:00.0": "storage",
        "0000:af:00.0": "display",
    }
    nic = devices["0000:18:00.0"]
    assert nic.pci is not None
    assert (nic.pci.vendor, nic.pci.device, nic.pci.subvendor, nic.pci.subdevice) == (
        "8086",
        "1572",
        "8086",
        "0007",
    )
    assert nic.name == "Intel Corporation Ethernet Controller X710 for 10GbE SFP+"
    assert (nic.pci.class_code, nic.pci.revision) == ("0200", "02")
    usb = devices["0000:00:14.0"]
    assert usb.pci is not None and usb.pci.class_code == "0c0330"  # with the prog-if
    drivers = {d.name: d for d in host.spec.drivers}
    assert set(drivers) == {"xhci_hcd", "ahci", "i40e", "nvme"}
    assert all((d.kind, d.location) == ("linux-module", "host-os") for d in drivers.values())
    assert drivers["i40e"].drives == ["pci-0000:18:00.0", "pci-0000:18:00.1"]
    # vfio-pci is not a host driver: the GPU is reserved for pass-through
    gpu = devices["0000:af:00.0"]
    assert gpu.in_use is False
    assert not any(gpu.id in d.drives for d in drivers.values())
    assert "bound to vfio-pci: reserved for pass-through" in result.text
    # a device without a driver is not used by the host
    assert devices["0000:00:00.0"].in_use is False
    assert result.warnings == []
    assert serious(check_text(result.text, "h.yaml", catalog).findings) == []


def test_lspci_vv_detail_lines_are_counted() -> None:
    result, (host,) = run("lspci", fixture("lspci", "desktop-vvnnk.txt"))
    assert [d.device_class for d in host.spec.devices] == ["display", "other", "other"]
    assert {d.name for d in host.spec.drivers} == {"i915", "snd_hda_intel"}
    smbus = host.spec.devices[2]
    assert smbus.in_use is False  # only "Kernel modules", no driver in use
    (warning,) = result.warnings
    assert "11 detail lines of lspci -v/-vv" in str(warning)
    assert "11 detail lines of lspci -v/-vv" in comments(result.text)


def test_lspci_numeric_only_and_without_k() -> None:
    text = b"00:02.0 0300: 8086:0106 (rev 09)\n\tSubsystem: 1043:844d\n00:1f.2 0106: 8086:1c02\n"
    result = import_files("lspci", ["n.txt"], sources={"n.txt": text})
    assert "no 'Kernel driver in use' lines" in warnings_text(result)
    assert "drivers:" not in result.text
    assert "in_use" not in result.text  # unknown, not assumed unused


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (Path(fixture("lspci", "no-ids.txt")).read_bytes(), "run `lspci -nnk`"),
        (b"hello world\n", "line 1 is not a device line"),
        (b"\tKernel driver in use: x\n", "line 1 is not a device line"),
        (b"\n\n", "no device lines found"),
    ],
)
def test_not_lspci_is_refused(source: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as info:
        import_files("lspci", ["l.txt"], sources={"l.txt": source})
    assert reason in info.value.reason


def test_esxcli_devices_modules_and_passthrough(catalog: Catalog) -> None:
    result, (host,) = run("esxcli", fixture("esxcli", "esxi-host.txt"))
    assert host.spec.hypervisor.product == "esxi"
    devices = {d.id: d for d in host.spec.devices}
    assert list(devices) == ["pci-0000:00:00.0", "vmnic0", "vmnic1", "vmhba0", "pci-0000:af:00.0"]
    assert devices["vmhba0"].device_class == "storage"
    assert devices["vmnic1"].pci is not None and devices["vmnic1"].pci.subdevice == "0000"
    drivers = {d.name: d for d in host.spec.drivers}
    assert {n: (d.kind, d.location, d.drives) for n, d in drivers.items()} == {
        "i40en": ("native", "hypervisor", ["vmnic0", "vmnic1"]),
        "lsi_mr3": ("native", "hypervisor", ["vmhba0"]),
    }
    gpu = devices["pci-0000:af:00.0"]
    assert gpu.in_use is False and "reserved for DirectPath I/O" in result.text
    assert devices["pci-0000:00:00.0"].in_use is False
    warned = warnings_text(result)
    assert "every module is written as kind 'native'" in warned
    assert "fields not represented (registers, interrupts, slots): Segment, Bus" in warned
    assert serious(check_text(result.text, "e.yaml", catalog).findings) == []


def test_esxcli_older_form_and_decimal_ids() -> None:
    text = (
        b"000:001:00.0\n   Address: 000:001:00.0\n   Vendor ID: 32902\n   Device ID: 0x10fb\n"
        b"   Device Class: 512\n   Owner: VMkernel\n   Module Name: ixgbe\n   VMkernel Name: vmnic0\n"
    )
    result = import_files("esxcli", ["o.txt"], sources={"o.txt": text})
    assert 'pci: {vendor: "8086", device: "10fb", class_code: "0200"}' in result.text
    assert "class: network" in result.text
    assert 'address: "0000:01:00.0"' in result.text


def test_not_esxcli_is_refused() -> None:
    with pytest.raises(ImportRefused) as info:
        import_files("esxcli", [fixture("esxcli", "not-esxcli.txt")])
    assert "neither a device address nor 'Key: Value'" in info.value.reason


def test_lspci_pasted_into_markdown_with_hex_dumps_imports() -> None:
    text = (
        b"# Fuji PCIe Devices\n\n```\nroot@fuji:~# lspci -nnkxq\n"
        b"00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 630 [8086:5912]\n"
        b"\tSubsystem: Fujitsu Device [1734:1221]\n\tKernel driver in use: i915\n"
        b"00: 86 80 12 59 07 04 10 00 04 00 00 03 00 00 00 00\n"
        b"10: 04 00 00 de 00 00 00 00 0c 00 00 c0 00 00 00 00\n"
        b"```\n"
    )
    result = import_files("lspci", ["fuji.md"], sources={"fuji.md": text})
    (host,) = validate(result.text)
    (dev,) = host.spec.devices
    assert dev.pci is not None and (dev.pci.vendor, dev.pci.device) == ("8086", "5912")
    (skipped,) = [w for w in result.warnings if w.line is not None]
    assert skipped.line == 1 and "4 lines that are not lspci output skipped" in skipped.message


def test_lspci_and_esxcli_bindings_are_observed(catalog: Catalog) -> None:
    for fmt, name in (("lspci", "kvm-host-nnk.txt"), ("esxcli", "esxi-host.txt")):
        _, (host,) = run(fmt, fixture(fmt, name))
        assert host.spec.drivers and all(d.observed for d in host.spec.drivers)
        # a binding the running system made is never reported as unknown or impossible
        report = check_text(run(fmt, fixture(fmt, name))[0].text, "host.yaml", catalog)
        assert [f.code for f in report.findings if f.code in ("HV1201", "HV1203")] == []
