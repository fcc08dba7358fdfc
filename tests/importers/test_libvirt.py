"""libvirt domain XML -> KVM / Xen guests."""

from __future__ import annotations

import pytest

from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from hvcheck.engine.suppress import inline_suppressions
from hvcheck.findings import Finding
from hvcheck.importers import ImportRefused, import_files
from hvcheck.importers.libvirt import libosinfo_os
from tests.importers.helpers import (
    by_kind,
    comments,
    fixture,
    guest,
    run,
    serious,
    validate,
    warnings_text,
)


def test_kvm_domain_devices_counts_and_kinds() -> None:
    _, (host,) = run("libvirt", fixture("libvirt", "web01.xml"))
    assert host.spec.hypervisor.product == "kvm"
    assert host.spec.host_os is None  # a placeholder host: no hardware, no host OS
    vm = guest(host, "web01")
    assert vm.role == "child"
    assert vm.vcpus == 4 and vm.memory_mb == 4096
    assert vm.os is not None and (vm.os.family, vm.os.name, vm.os.version, vm.os.arch) == (
        "linux",
        "Ubuntu",
        "22.04",
        "x64",
    )
    nics = by_kind(vm, "nic")
    assert [(d.model, d.mode) for d in nics] == [
        ("virtio-net", "paravirtual"),
        ("qemu-e1000e", "emulated"),
    ]
    assert [d.model for d in by_kind(vm, "disk")] == ["virtio-blk", "virtio-scsi"]
    assert [d.model for d in by_kind(vm, "cdrom")] == ["qemu-ahci"]
    storage = {d.id: d for d in by_kind(vm, "storage")}
    assert {d.model for d in storage.values()} == {"virtio-scsi", "qemu-ahci"}
    # a disk on a controller is served by that controller
    data = next(d for d in vm.devices if d.id == "web01-sdb")
    assert (data.bus, data.controller, data.unit, data.media) == (
        "scsi",
        "web01-scsi0",
        1,
        "physical",
    )
    boot = next(d for d in vm.devices if d.id == "web01-vda")
    assert (boot.bus, boot.controller, boot.media) == ("virtio", None, "qcow2")
    assert vm.machine == "pc-q35-7.2"
    assert vm.firmware is not None and vm.firmware.type == "uefi"
    # the boot disk follows <os><boot dev='hd'/>
    assert [d.id for d in vm.devices if d.boot] == ["web01-vda"]
    # passthrough: a placeholder physical device named by its address
    (pt,) = [d for d in vm.devices if d.mode == "passthrough"]
    assert (pt.kind, pt.model, pt.backed_by) == ("pci", "vfio-pci", "pci-0000:3b:00.0")
    (phys,) = host.spec.devices
    assert phys.id == "pci-0000:3b:00.0" and phys.address == "0000:3b:00.0"
    assert [d.model for d in by_kind(vm, "video")] == ["qxl"]
    assert {d.model for d in by_kind(vm, "other")} == {"virtio-balloon", "virtio-rng"}


def test_kvm_domain_unmapped_items_are_comments_and_warnings() -> None:
    result, _ = run("libvirt", fixture("libvirt", "web01.xml"))
    warned = warnings_text(result)
    for item in (
        "Hyper-V enlightenments offered to the guest (mode custom): relaxed, vapic, spinlocks",
        "<graphics type='spice'>",
        "<controller type='pci'> (bus topology) (x3)",
        "domain settings: uuid, currentMemory, clock, on_poweroff",
    ):
        assert item in warned
        assert item in comments(result.text)  # also a comment in the file
    assert all(
        str(w).startswith(fixture("libvirt", "web01.xml") + ": warning: ") for w in result.warnings
    )


def test_kvm_domain_uses_catalogued_models_only(catalog: Catalog) -> None:
    result = import_files("libvirt", [fixture("libvirt", "web01.xml")])
    report = check_text(result.text, "web01.yaml", catalog)
    assert [f.message for f in report.findings if f.code == "HV1007"] == []
    assert serious(report.findings) == []


def test_xen_domain_with_backend_domain_and_placeholder_dom0() -> None:
    result, (host,) = run("libvirt", fixture("libvirt", "win-xen.xml"))
    assert host.spec.hypervisor.product == "xen"
    roles = {p.id: p.role for p in host.spec.partitions}
    assert roles == {"dom0": "parent", "win2019": "child", "netdom": "driver-domain"}
    vm = guest(host, "win2019")
    assert vm.os is not None and vm.os.name == "Windows Server 2019"
    nics = by_kind(vm, "nic")
    assert [(d.model, d.served_by) for d in nics] == [
        ("xen-netfront", "netdom"),
        ("qemu-rtl8139", "dom0"),
    ]
    assert [(d.model, d.mode) for d in by_kind(vm, "disk")] == [
        ("qemu-ide", "emulated"),
        ("xen-blkfront", "paravirtual"),
    ]
    (pt,) = [d for d in vm.devices if d.mode == "passthrough"]
    assert pt.model == "xen-pci-passthrough" and pt.backed_by == "pci-0000:05:00.1"
    assert "placeholder: the parent partition (dom0)" in result.text


def test_several_files_combine_into_one_host_per_product() -> None:
    result, hosts = run(
        "libvirt", fixture("libvirt", "web01.xml"), fixture("libvirt", "win-xen.xml")
    )
    assert result.hosts == 2
    assert sorted(h.spec.hypervisor.product for h in hosts) == ["kvm", "xen"]
    _, more = run("libvirt", fixture("libvirt", "web01.xml"), fixture("libvirt", "web01.xml"))
    (host,) = more
    assert [p.id for p in host.spec.partitions] == ["web01", "web01-2"]
    ids = [d.id for p in host.spec.partitions for d in p.devices]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken.xml", "XML syntax error at line 5, column 5: mismatched tag"),
        ("doctype.xml", "document type declaration (<!DOCTYPE>)"),
        ("lxc.xml", "domain type 'lxc' is not one hvcheck imports"),
    ],
)
def test_refused_with_one_line_reason(name: str, reason: str) -> None:
    with pytest.raises(ImportRefused) as info:
        import_files("libvirt", [fixture("libvirt", name)])
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


@pytest.mark.parametrize(
    "source",
    [
        b"<domain type='kvm'><!ENTITY x 'y'></domain>",
        b"<?xml version='1.0'?><!DOCTYPE d SYSTEM 'file:///etc/passwd'><domain type='kvm'/>",
        b"<host/>",
        b"",
        b"\x00\x01binary",
        b"<domain><name>x</name></domain>",
    ],
)
def test_not_domain_xml_is_refused(source: bytes) -> None:
    with pytest.raises(ImportRefused):
        import_files("libvirt", ["x.xml"], sources={"x.xml": source})


def test_unknown_models_are_kept_and_reported() -> None:
    xml = b"""<domain type='qemu'><name>odd vm/1</name>
      <os><type arch='x86_64' machine='pc'>hvm</type></os>
      <devices>
        <interface type='user'><model type='idontexist'/></interface>
        <interface type='user'/>
        <disk type='file' device='disk'><target dev='ubda' bus='uml'/></disk>
        <video><model type='none'/></video>
        <watchdog model='i6300esb'/>
        <lease><lockspace>x</lockspace></lease>
      </devices></domain>"""
    result = import_files("libvirt", ["odd.xml"], sources={"odd.xml": xml})
    (host,) = validate(result.text)
    (vm,) = host.spec.partitions
    assert vm.id == "odd-vm-1"
    assert [d.model for d in by_kind(vm, "nic")] == ["idontexist", "qemu-rtl8139"]
    text = warnings_text(result)
    assert "interface model 'idontexist' is not one hvcheck knows" in text
    assert "disk 'ubda' on bus 'uml'" in text
    assert "<video model='none'> (no video device)" in text
    assert "<lease>" in text
    assert "domain type 'qemu' is QEMU without KVM acceleration" in result.text


def test_hostile_names_cannot_change_the_document_or_suppress_findings(catalog: Catalog) -> None:
    xml = (
        b"<domain type='kvm'><name>a\"b: {c}\n# hvcheck: ignore[HV1007] x</name>"
        b"<devices><interface type='network'><source network='n # hvcheck: ignore[HV1007] y'/>"
        b"<model type='zz # hvcheck: ignore[HV1007] z'/></interface></devices></domain>"
    )
    result = import_files("libvirt", ["h.xml"], sources={"h.xml": xml})
    (host,) = validate(result.text)
    assert host.spec.partitions[0].id.startswith("a-b")
    problems: list[Finding] = []
    assert inline_suppressions(result.text, "h.yaml", problems) == []
    assert problems == []
    report = check_text(result.text, "h.yaml", catalog)
    assert "HV1007" in [f.code for f in report.findings]
    assert all(f.suppressed is None for f in report.findings)


@pytest.mark.parametrize(
    ("os_id", "expected"),
    [
        ("http://microsoft.com/win/10", ("windows", "Windows 10", None)),
        ("http://microsoft.com/win/2k22", ("windows", "Windows Server 2022", None)),
        ("http://redhat.com/rhel/9.2", ("linux", "Red Hat Enterprise Linux", "9.2")),
        ("http://debian.org/debian/12", ("linux", "Debian", "12")),
        ("http://freebsd.org/freebsd/13.1", ("freebsd", "FreeBSD", "13.1")),
        ("http://example.com/plan9/4", None),
    ],
)
def test_libosinfo_ids(os_id: str, expected: tuple[str, str, str | None] | None) -> None:
    assert libosinfo_os(os_id) == expected
