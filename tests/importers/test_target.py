"""`hvcheck import ... --target PRODUCT:RELEASE`: the same hardware as a host of another hypervisor."""

from __future__ import annotations

from pathlib import Path

from hvcheck.model.host import HostDocument
from tests.cli.helpers import Run, hvcheck
from tests.importers.helpers import comments, fixture, validate

THIS = fixture("sysfs", "this-machine.tar.gz")
DELL = fixture("sysfs", "dell-r210ii.tar.gz")
HYPERV = fixture("hyperv-json", "dl380-ws2022.json")


def retarget(
    fmt: str, target: str, *paths: str, extra: tuple[str, ...] = ()
) -> tuple[Run, HostDocument]:
    run = hvcheck("import", fmt, "--target", target, *extra, *paths)
    assert run.code == 0, run.err
    (host,) = validate(run.out)
    return run, host


def checked(text: str) -> Run:
    """`... | hvcheck check -`."""
    run = hvcheck("check", "-", "--show-unknown", stdin=text)
    assert run.code in (0, 1), run.err
    assert "HV00" not in run.out  # the description reads without input errors
    return run


def test_esxi_8_without_known_drivers_marks_them_unknown_and_says_why() -> None:
    run, host = retarget("sysfs", "esxi:8.0", THIS)
    spec = host.spec
    assert (spec.hypervisor.product, spec.hypervisor.version) == ("esxi", "8.0")
    assert spec.host_os is None and spec.kvm is None and spec.drivers == []
    assert len(spec.devices) == 6  # the same hardware
    assert all(d.driver == "unknown" for d in spec.devices if d.in_use)
    assert "no VMware ESXi 8.0 driver is known for pci-0000:00:01.0 (1af4:1045)" in run.err
    assert "they are marked driver: unknown" in run.err
    check = checked(run.out)
    assert "HV3001 unknown" in check.out
    assert " error " not in check.out  # nothing false: the missing drivers are unknown


def test_esxi_drivers_from_a_loaded_map_file_but_not_for_every_device(tmp_path: Path) -> None:
    maps = tmp_path / "default.map.d"
    maps.mkdir()
    (maps / "dell.map").write_text(
        "regtype=native,bus=pci,id=10000072........,driver=lsi_msgpt2\n"
        "regtype=native,bus=pci,id=14e4163b........,driver=nbnx2\n"
    )
    run, host = retarget("sysfs", "esxi:8.0", DELL, extra=("--catalog", str(maps)))
    drivers = {d.name: d.drives for d in host.spec.drivers}
    assert drivers["lsi_msgpt2"] == ["pci-0000:01:00.0"]
    assert "pci-0000:02:00.1" in drivers["nbnx2"]
    unknown = {d.id for d in host.spec.devices if d.driver == "unknown"}
    assert "pci-0000:00:1a.0" in unknown  # the USB, SATA, SMBus and video functions: not known
    assert "no VMware ESXi 8.0 driver is known for pci-0000:00:1a.0 (8086:1c2d)" in run.err
    assert " error " not in checked(run.out).out


def test_esxi_drivers_stated_when_every_device_has_one(tmp_path: Path) -> None:
    maps = tmp_path / "all.map"
    maps.write_text("regtype=native,bus=pci,id=1af4............,driver=virtio_test\n")
    run, host = retarget("sysfs", "esxi:8.0", THIS, extra=("--catalog", str(maps)))
    (driver,) = host.spec.drivers
    assert (driver.name, driver.kind, driver.location, driver.observed) == (
        "virtio_test",
        "native",
        "hypervisor",
        False,
    )
    assert len(driver.drives) == 5
    bridge = next(d for d in host.spec.devices if d.address == "0000:00:00.0")
    assert bridge.in_use is False  # no Linux driver bound on the source, none needed
    checked(run.out)


def test_hyperv_2022_gets_a_parent_partition_and_windows_drivers_in_it() -> None:
    run, host = retarget("sysfs", "hyperv:2022", THIS)
    spec = host.spec
    (parent,) = spec.partitions
    assert (parent.id, parent.role, parent.os) == ("root", "parent", None)
    assert "placeholder: the parent partition of Microsoft Hyper-V 2022" in run.out
    # virtio-win's netkvm and viostor bind two devices; three others have no Windows driver known
    drivers = {d.name: d for d in spec.drivers}
    assert drivers["netkvm"].drives == ["pci-0000:00:03.0"]
    assert drivers["netkvm"].location == "parent" and drivers["netkvm"].partition == "root"
    assert sum(1 for d in spec.devices if d.driver == "unknown") == 3
    check = checked(run.out)
    assert "HV1103 error" in check.out  # this virtual CPU has no VT-x/AMD-V: a stated fact


def test_kvm_keeps_the_observed_linux_drivers_and_the_host_os() -> None:
    _, host = retarget("sysfs", "kvm", THIS)
    spec = host.spec
    assert spec.host_os is not None and spec.kvm is not None
    (driver,) = spec.drivers
    assert driver.name == "virtio-pci" and driver.observed is True
    assert driver.location == "host-os"


def test_xen_moves_linux_drivers_into_dom0() -> None:
    run, host = retarget("sysfs", "xen:4.17", DELL)
    spec = host.spec
    assert spec.host_os is None and spec.kvm is None
    (dom0,) = spec.partitions
    assert (dom0.id, dom0.role) == ("dom0", "parent")
    assert all(d.location == "parent" and d.partition == "dom0" for d in spec.drivers)
    assert all(not d.observed for d in spec.drivers)  # not observed in a dom0
    checked(run.out)


def test_lspci_and_esxcli_sources() -> None:
    run, host = retarget("lspci", "kvm", fixture("lspci", "kvm-host-nnk.txt"))
    assert host.spec.hypervisor.product == "kvm"
    assert "i40e" in {d.name for d in host.spec.drivers}
    run, host = retarget(
        "esxcli", "kvm", *sorted(str(p) for p in Path(fixture("esxcli")).glob("*.txt"))[:1]
    )
    assert host.spec.hypervisor.product == "kvm"
    assert "the host OS is unknown: Linux KVM with QEMU runs on one" in run.err


def test_linux_modules_from_the_generated_alias_table() -> None:
    run, host = retarget("hyperv-json", "kvm", HYPERV)
    drivers = {d.name: d for d in host.spec.drivers}
    assert drivers["i40e"].drives == ["pci-12:00.0", "pci-12:00.1"]
    assert "catalogs/generated/linux-pci-aliases.tsv" in run.out
    assert host.spec.partitions == []  # the VMs are Hyper-V's, not carried over
    assert "`hvcheck matrix` on the hyperv host" in comments(run.out)


def test_refusals() -> None:
    run = hvcheck("import", "sysfs", "--target", "vbox:7", THIS)
    assert run.code == 2 and "unknown product 'vbox'" in run.err
    run = hvcheck("import", "sysfs", "--target", "esxi:99", THIS)
    assert run.code == 2 and "VMware ESXi has no release '99' in the catalogs" in run.err
    run = hvcheck("import", "libvirt", "--target", "esxi:8.0", fixture("libvirt", "web01.xml"))
    assert run.code == 2 and "libvirt describes guests" in run.err


def test_matrix_on_the_captured_host(tmp_path: Path) -> None:
    run = hvcheck("import", "sysfs", THIS, "-o", str(tmp_path / "host.yaml"))
    assert run.code == 0
    grid = hvcheck(
        "matrix", str(tmp_path / "host.yaml"), "-t", "esxi:8.0", "-t", "hyperv:2022", "-t", "kvm"
    )
    assert grid.code == 0, grid.err
    assert "esxi:8.0" in grid.out and "hyperv:2022" in grid.out
