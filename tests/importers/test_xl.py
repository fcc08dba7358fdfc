"""Xen xl.cfg -> a Xen guest."""

from __future__ import annotations

import pytest

from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from hvcheck.importers import ImportRefused, import_files
from hvcheck.importers.xl import parse
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


def test_hvm_guest_devices() -> None:
    result, (host,) = run("xl", fixture("xl", "hvm.cfg"))
    assert host.spec.hypervisor.product == "xen"
    assert {p.id: p.role for p in host.spec.partitions} == {
        "dom0": "parent",
        "winsrv": "child",
        "netdom": "driver-domain",
    }
    vm = guest(host, "winsrv")
    assert (vm.vcpus, vm.memory_mb) == (2, 4096)
    assert [(d.model, d.mode, d.served_by) for d in by_kind(vm, "nic")] == [
        ("qemu-e1000", "emulated", "dom0"),
        ("xen-netfront", "paravirtual", "netdom"),
    ]
    assert [(d.id, d.model) for d in by_kind(vm, "disk")] == [
        ("winsrv-hda", "qemu-ide"),
        ("winsrv-xvdb", "xen-blkfront"),
    ]
    assert [d.model for d in by_kind(vm, "cdrom")] == ["qemu-ide"]
    assert [d.backed_by for d in by_kind(vm, "pci")] == ["pci-0000:03:00.0", "pci-0000:04:00.1"]
    assert sorted(d.id for d in host.spec.devices) == ["pci-0000:03:00.0", "pci-0000:04:00.1"]
    assert [d.model for d in by_kind(vm, "video")] == ["stdvga"]
    warned = warnings_text(result)
    assert (vm.virt_mode, vm.device_model) == ("hvm", "qemu-xen")
    assert [(d.bus, d.media) for d in vm.devices if d.kind in ("disk", "cdrom")] == [
        ("ide", "physical"),
        ("ide", "iso"),
        ("xen", "physical"),
    ]
    for item in (
        "viridian = 1 (Hyper-V enlightenments offered to the guest)",
        "other settings: on_crash, usbdevice",
    ):
        assert item in warned
        assert item in comments(result.text)


def test_pv_guest_uses_split_drivers(catalog: Catalog) -> None:
    result, (host,) = run("xl", fixture("xl", "pv.cfg"))
    vm = guest(host, "web-pv")
    assert [(d.kind, d.model, d.mode) for d in vm.devices] == [
        ("nic", "xen-netfront", "paravirtual"),
        ("disk", "xen-blkfront", "paravirtual"),
    ]
    assert "other settings: kernel, extra" in warnings_text(result)
    findings = check_text(result.text, "pv.yaml", catalog).findings
    assert [f.code for f in findings if f.code == "HV1007"] == []
    assert serious(findings) == []


def test_builder_hvm_and_defaults() -> None:
    cfg = b'name="old"\nbuilder="hvm"\nvif=["bridge=xenbr0"]\nstdvga=1\n'
    result = import_files("xl", ["old.cfg"], sources={"old.cfg": cfg})
    (host,) = validate(result.text)
    vm = guest(host, "old")
    assert [d.model for d in by_kind(vm, "nic")] == ["qemu-rtl8139"]
    assert [d.model for d in by_kind(vm, "video")] == ["stdvga"]


def test_an_arm_guest_with_a_device_tree_node_passed_through(catalog: Catalog) -> None:
    cfg = (
        b'name="edge"\ntype="pvh"\nkernel="/boot/Image"\nvcpus=2\nmemory=1024\n'
        b'dtdev=["/soc/ethernet@ff0e0000", "soc/bad"]\n'
    )
    result = import_files("xl", ["edge.cfg"], sources={"edge.cfg": cfg})
    (host,) = validate(result.text)
    vm = guest(host, "edge")
    assert [(d.kind, d.model, d.mode, d.backed_by) for d in vm.devices] == [
        ("other", "xen-dt-passthrough", "passthrough", "dt-soc-ethernet-ff0e0000"),
        ("other", "xen-dt-passthrough", "passthrough", None),
    ]
    (node,) = host.spec.devices
    assert (node.address, node.on_pci) == ("/soc/ethernet@ff0e0000", False)
    assert "dtdev 1 'soc/bad': not an absolute device tree path" in warnings_text(result)
    # the host's architecture is not in an xl.cfg: the Arm-only rating stays unknown
    findings = check_text(result.text, "edge.yaml", catalog).findings
    assert [f for f in findings if "non-PCI" in f.message] == []


def test_grammar() -> None:
    cfg = parse(
        "t.cfg",
        b"# comment\na = 1; b = 'two' # trailing\nc = [ 'x',\n  \"y\\\"z\", ]\nd = [[ 1, 2 ], [3]]\n"
        b"e = 0x10\nc += [ 'w' ]\n",
    )
    assert cfg == {"a": 1, "b": "two", "c": ["x", 'y"z', "w"], "d": [[1, 2], [3]], "e": 16}


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (b'name = "x"\nvif = [ "bridge=xenbr0"\nmemory = 512\n', "line 3: expected ',' or ']'"),
        (b'ethernet0.present = "TRUE"\n', "unexpected"),
        (b"<domain/>", "unexpected"),
        (b"# only a comment\n", "it has no settings"),
        (b"name\n", "expected '='"),
    ],
)
def test_not_xl_is_refused(source: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as info:
        import_files("xl", ["x.cfg"], sources={"x.cfg": source})
    assert reason in info.value.reason


def test_broken_fixture_is_refused() -> None:
    with pytest.raises(ImportRefused):
        import_files("xl", [fixture("xl", "broken.cfg")])


def test_a_line_xl_would_refuse_is_skipped_with_a_warning() -> None:
    cfg = b'install-method = debootstrap\nname = "krs"\nmemory = 512\n'
    result = import_files("xl", ["ubu.cfg"], sources={"ubu.cfg": cfg})
    (host,) = validate(result.text)
    assert [p.id for p in host.spec.partitions if p.role == "child"] == ["krs"]
    (warning,) = [w for w in result.warnings if w.line is not None]
    assert warning.line == 1 and "xl would refuse this file" in warning.message
