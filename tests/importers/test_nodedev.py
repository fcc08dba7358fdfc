"""`hvcheck import nodedev`: libvirt node devices (virsh nodedev-dumpxml), one file or a directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck
from tests.importers.helpers import fixture, validate

CORPUS = os.environ.get("HVCHECK_LIBVIRT_CORPUS", "")


def imported(*paths: str):  # type: ignore[no-untyped-def]
    run = hvcheck("import", "nodedev", *paths)
    assert run.code == 0, run.err
    (host,) = validate(run.out)
    return run, host


def test_a_host_dump_of_several_documents() -> None:
    run, host = imported(fixture("nodedev", "kvm-host-dump.xml"))
    spec = host.spec
    assert host.metadata.name == "X11SCH-F"  # the computer's model, never its serial or UUID
    assert "0123456789" not in run.out and "00000000-0000" not in run.out
    devices = {d.address: d for d in spec.devices}
    assert list(devices) == [
        "0000:01:00.0", "0000:03:00.0", "0000:04:00.0", "0000:04:02.0", "0000:04:02.1", "0000:07:00.0",
    ]  # fmt: skip
    pf = devices["0000:04:00.0"]
    assert (pf.sriov, pf.sriov_total_vfs, pf.iommu_group) == (True, 64, 7)
    assert pf.pci is not None and (pf.pci.vendor, pf.pci.device, pf.pci.class_code) == (
        "8086",
        "1572",
        "020000",
    )
    assert pf.name == "Intel Corporation Ethernet Controller X710 for 10GbE SFP+"
    assert devices["0000:04:02.0"].physfn == "pci-0000:04:00.0"
    assert devices["0000:01:00.0"].in_use is False  # vfio-pci: reserved for pass-through
    assert devices["0000:04:02.1"].in_use is False  # no driver bound
    drivers = {d.name: d.drives for d in spec.drivers}
    assert drivers == {
        "igb": ["pci-0000:03:00.0"],
        "i40e": ["pci-0000:04:00.0"],
        "iavf": ["pci-0000:04:02.0"],
        "nvme": ["pci-0000:07:00.0"],
    }
    assert all(d.observed and d.location == "host-os" for d in spec.drivers)
    assert "node devices that are not PCI devices: net" in run.err
    check = hvcheck("check", "-", stdin=run.out)
    assert check.code == 0, check.out


def test_libvirt_corpus_files_and_a_directory_of_them(tmp_path: Path) -> None:
    run, host = imported(fixture("nodedev", "pci_8086_10c9_sriov_pf.xml"))
    (dev,) = host.spec.devices
    assert (dev.address, dev.iommu_group, dev.in_use) == ("0000:02:00.0", 12, False)
    # a VF whose physical function is not among the devices read: the link is left out
    run, host = imported(fixture("nodedev", "pci_0000_02_10_7_sriov_pf_vfs_all_header_type.xml"))
    (vf,) = host.spec.devices
    assert vf.physfn is None and vf.pcie_type == "bridge" and vf.sriov_total_vfs == 7
    assert "its physical function pci-0000:02:00.1 is not among the devices read" in run.err
    run, host = imported(fixture("nodedev", "pci_0000_42_00_0_vpd.xml"))
    assert "MT2113X00000" not in run.out  # vital product data (a serial number) is never copied
    assert "vital product data not copied" in run.out
    # the fixture folder as one host: the dump and the corpus files together
    run, host = imported(str(Path(fixture("nodedev"))))
    assert len(host.spec.devices) == 10
    assert "described twice" not in run.err


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<domain type='kvm'/>", "the root element is <domain>, not <device>"),
        (b"<device><name>x</name>", "XML syntax error at line 1"),
        (b"<!DOCTYPE d [<!ENTITY e 'x'>]><device/>", "DTDs and entities are not accepted"),
        (b"\x00\x01", "the file is binary"),
    ],
)
def test_refusals(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    run = hvcheck("import", "nodedev", str(path))
    assert run.code == 2 and reason in run.err, run.err


def test_an_empty_directory_is_refused(tmp_path: Path) -> None:
    run = hvcheck("import", "nodedev", str(tmp_path))
    assert run.code == 2 and "the directory holds no *.xml files" in run.err


@pytest.mark.skipif(not CORPUS, reason="HVCHECK_LIBVIRT_CORPUS is not set")
def test_every_node_device_of_the_libvirt_corpus() -> None:
    folder = Path(CORPUS) / "nodedevschemadata"
    for path in sorted(folder.glob("*.xml")):
        run = hvcheck("import", "nodedev", str(path))
        assert run.code in (0, 2), run.err
        if run.code == 0:
            validate(run.out)
    run, host = imported(str(folder))
    assert len(host.spec.devices) >= 8
