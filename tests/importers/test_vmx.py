"""VMware .vmx -> an ESXi guest."""

from __future__ import annotations

import pytest

from hvcheck.importers import ImportRefused, import_files
from hvcheck.importers.vmx import guest_os
from tests.importers.helpers import by_kind, comments, fixture, guest, run, validate, warnings_text


def test_vmx_devices_counts_and_kinds() -> None:
    _, (host,) = run("vmx", fixture("vmx", "app01.vmx"))
    assert host.spec.hypervisor.product == "esxi"
    vm = guest(host, "app01")
    assert (vm.vcpus, vm.memory_mb) == (4, 8192)
    assert vm.os is not None
    assert (vm.os.family, vm.os.name, vm.os.version, vm.os.arch) == (
        "linux",
        "Red Hat Enterprise Linux",
        "9",
        "x64",
    )
    # ethernet2 is not present; ethernet3 is an SR-IOV virtual function
    assert [(d.id, d.model, d.mode) for d in by_kind(vm, "nic")] == [
        ("app01-ethernet0", "vmxnet3", "paravirtual"),
        ("app01-ethernet1", "e1000e", "emulated"),
        ("app01-ethernet3", "sriov", "passthrough"),
    ]
    assert [(d.model, d.mode) for d in by_kind(vm, "storage")] == [
        ("pvscsi", "paravirtual"),
        ("lsisas1068", "emulated"),
        ("vmware-ahci", "emulated"),
    ]
    disks = by_kind(vm, "disk")
    assert [(d.model, d.controller, d.unit, d.media) for d in disks] == [
        ("pvscsi", "app01-scsi0", 0, "vmdk"),
        ("pvscsi", "app01-scsi0", 1, "vmdk"),
        ("lsisas1068", "app01-scsi1", 0, "vmdk"),
    ]
    assert [(d.bus, d.controller, d.media) for d in by_kind(vm, "cdrom")] == [
        ("sata", "app01-sata0", "iso")
    ]
    assert vm.hw_version == 19
    assert vm.firmware is not None
    assert (vm.firmware.type, vm.firmware.secure_boot) == ("uefi", True)
    (gpu,) = by_kind(vm, "pci")
    assert (gpu.model, gpu.mode, gpu.backed_by) == ("directpath", "passthrough", "pci-0000:af:00.0")
    (phys,) = host.spec.devices
    assert phys.pci is not None and (phys.pci.vendor, phys.pci.device) == ("10de", "1eb8")
    assert [d.model for d in by_kind(vm, "video")] == ["svga"]
    assert [d.model for d in by_kind(vm, "sound")] == ["hdaudio"]


def test_vmx_unmapped_settings_are_comments_and_warnings() -> None:
    result, _ = run("vmx", fixture("vmx", "app01.vmx"))
    warned = warnings_text(result)
    for item in ("other settings: nvram, pciBridgeN, tools, uuid, sched* (2)",):
        assert item in warned
        assert item in comments(result.text)


def test_vmx_keys_and_values_are_case_insensitive_and_unknown_values_reported() -> None:
    vmx = (
        b'CONFIG.VERSION = "8"\nDISPLAYNAME = "Odd|22VM"\nGUESTOS = "WINDOWS9-64"\n'
        b'ETHERNET0.PRESENT = "TRUE"\nETHERNET0.VIRTUALDEV = "VMXNET9"\n'
        b'ETHERNET1.PRESENT = "TRUE"\n'
        b'SCSI0.PRESENT = "TRUE"\nSCSI0:0.PRESENT = "TRUE"\n'
        b'IDE0:0.PRESENT = "TRUE"\nIDE0:0.DEVICETYPE = "CDROM-RAW"\n'
    )
    result = import_files("vmx", ["odd.vmx"], sources={"odd.vmx": vmx})
    (host,) = validate(result.text)
    (vm,) = host.spec.partitions
    assert vm.id == "Odd-VM"  # |22 is a double quote
    assert vm.os is not None and (vm.os.name, vm.os.arch) == ("Windows 10", "x64")
    assert [d.model for d in by_kind(vm, "nic")] == ["vmxnet9", "vlance"]
    assert [d.model for d in by_kind(vm, "cdrom")] == ["vmware-ide"]
    text = warnings_text(result)
    assert "ethernet0.virtualDev 'vmxnet9' is not one hvcheck knows" in text
    assert "no virtualDev: VMware picks BusLogic or LSI Logic by the guest OS" in result.text


def test_vmx_encoding_is_honoured() -> None:
    vmx = '.encoding = "windows-1252"\ndisplayName = "Büro"\nmemsize = "512"\n'.encode("cp1252")
    result = import_files("vmx", ["b.vmx"], sources={"b.vmx": vmx})
    assert "from b.vmx: VMware virtual machine 'Büro'" in comments(result.text)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (b"This is not a vmx\n", 'line 1 is not KEY = "VALUE"'),
        (b'foo = "bar"\n', "none of config.version"),
        (b"", "it has no KEY"),
    ],
)
def test_not_vmx_is_refused(source: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as info:
        import_files("vmx", ["x.vmx"], sources={"x.vmx": source})
    assert reason in info.value.reason


def test_not_vmx_fixture_is_refused() -> None:
    with pytest.raises(ImportRefused):
        import_files("vmx", [fixture("vmx", "not-a-vmx.vmx")])


@pytest.mark.parametrize(
    ("raw", "family", "name", "arch"),
    [
        ("windows2019srv-64", "windows", "Windows Server 2019", "x64"),
        ("windows2019srvNext-64", "windows", "Windows Server 2022", "x64"),
        ("winXPPro", "windows", "Windows XP", "x86"),
        ("ubuntu-64", "linux", "Ubuntu", "x64"),
        ("arm-debian12-64", "linux", "Debian", "arm64"),
        ("freebsd13-64", "freebsd", "FreeBSD", "x64"),
        ("darwin21-64", "other", "darwin21-64", None),
    ],
)
def test_guest_os_ids(raw: str, family: str, name: str, arch: str | None) -> None:
    os = guest_os(raw)
    assert (os.family, os.name, os.arch) == (family, name, arch)


def test_vmx_legacy_windows_code_pages_decode() -> None:
    """VMware writes Korean Windows as windows-949-2000: code page 949."""
    vmx = '.encoding = "windows-949-2000"\ndisplayName = "우분투"\nmemsize = "2048"\n'.encode(
        "cp949"
    )
    result = import_files("vmx", ["ko.vmx"], sources={"ko.vmx": vmx})
    validate(result.text)
    assert "VMware virtual machine '우분투'" in comments(result.text)
    assert not [w for w in result.warnings if "U+FFFD" in w.message]


def test_vmx_invalid_bytes_are_replaced_and_reported_with_their_line() -> None:
    vmx = b'.encoding = "UTF-8"\nconfig.version = "8"\nannotation = "caf\xe9"\ndisplayName = "vm"\n'
    result = import_files("vmx", ["bad.vmx"], sources={"bad.vmx": vmx})
    validate(result.text)
    (warning,) = [w for w in result.warnings if "U+FFFD" in w.message]
    assert (warning.line, str(warning).split(": warning")[0]) == (3, "bad.vmx:3")


def test_vmx_unknown_encoding_and_unterminated_quote_are_warnings_not_refusals() -> None:
    vmx = b'.encoding = "klingon"\nconfig.version = "8"\ndisplayName = "open\nmemsize = "64"\n'
    result = import_files("vmx", ["k.vmx"], sources={"k.vmx": vmx})
    (host,) = validate(result.text)
    (vm,) = host.spec.partitions
    assert vm.memory_mb == 64
    said = {w.line: w.message for w in result.warnings if w.line is not None}
    assert "not an encoding hvcheck knows" in said[1]
    assert "no closing quote" in said[3]


@pytest.mark.parametrize(
    ("keys", "product"),
    [
        ('sched.cpu.min = "0"\nvirtualHW.productCompatibility = "hosted"\n', "esxi"),
        ('scsi0:0.fileName = "/vmfs/volumes/ds1/vm/vm.vmdk"\n', "esxi"),
        ('gui.exitOnCLIHLT = "FALSE"\nsound.autodetect = "TRUE"\n', "vmware-workstation"),
        (
            'sound.autodetect = "TRUE"\ngui.fitGuestUsingNativeDisplayResolution = "FALSE"\n',
            "vmware-fusion",
        ),
        ('ide1:0.fileName = "/Users/jeff/win.iso"\n', "vmware-fusion"),
        ('virtualHW.version = "4"\nuuid.action = "create"\n', "vmware-gsx"),
        ('virtualHW.version = "19"\n', "esxi"),
    ],
)
def test_vmx_product_comes_from_its_own_keys(keys: str, product: str) -> None:
    vmx = f'config.version = "8"\ndisplayName = "vm"\n{keys}'.encode()
    result = import_files("vmx", ["p.vmx"], sources={"p.vmx": vmx})
    (host,) = validate(result.text)
    assert host.spec.hypervisor.product == product
    assert host.spec.hypervisor.version is None  # a .vmx never names the release
    (vm,) = host.spec.partitions
    assert vm.integration is None  # nor whether VMware Tools are installed
    assert "whether VMware Tools are installed in the guest" in comments(result.text)
