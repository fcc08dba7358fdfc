"""`hvcheck import sysfs`: a Linux machine's /sys and /proc, live, captured, or hostile."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from hvcheck.importers import sysfs
from tests.cli.helpers import hvcheck
from tests.importers.helpers import comments, fixture, validate

REPO = Path(__file__).resolve().parents[2]
LIVE = Path("/sys/bus/pci/devices")
needs_sysfs = pytest.mark.skipif(not LIVE.is_dir(), reason="no /sys/bus/pci/devices here")


def imported(*args: str) -> tuple[str, str]:
    run = hvcheck("import", "sysfs", *args)
    assert run.code == 0, run.err
    return run.out, run.err


def host_of(text: str):  # type: ignore[no-untyped-def]
    (host,) = validate(text)
    return host


# --- this machine --------------------------------------------------------------------------------


@needs_sysfs
def test_this_machine_live_has_every_pci_device_and_checks_without_input_errors() -> None:
    out, _ = imported("/")
    host = host_of(out)
    assert len(host.spec.devices) == len(os.listdir(LIVE))
    assert {d.address for d in host.spec.devices} == set(os.listdir(LIVE))
    assert host.spec.hypervisor.product == "kvm"
    assert host.spec.host_os is not None and host.spec.host_os.family == "linux"
    check = hvcheck("check", "-", "--format", "json", stdin=out)
    assert check.code in (0, 1), check.err
    assert '"code": "HV0' not in check.out  # no syntax, schema or input finding


@needs_sysfs
def test_no_root_reads_the_running_machine() -> None:
    default, _ = imported()
    named, _ = imported("/")
    assert default == named


def test_the_capture_of_this_ci_machine() -> None:
    out, err = imported(fixture("sysfs", "this-machine.tar.gz"))
    host = host_of(out)
    spec = host.spec
    assert len(spec.devices) == 6
    by_address = {d.address: d for d in spec.devices}
    net = by_address["0000:00:03.0"]
    assert net.pci is not None and (net.pci.vendor, net.pci.device) == ("1af4", "1041")
    assert net.pci.class_code == "020000" and net.device_class == "network"
    assert by_address["0000:00:00.0"].in_use is False  # the host bridge: no driver bound
    (driver,) = spec.drivers
    assert (driver.name, driver.kind, driver.location, driver.observed) == (
        "virtio-pci",
        "linux-module",
        "host-os",
        True,
    )
    assert len(driver.drives) == 5
    assert spec.cpu is not None and (spec.cpu.vendor, spec.cpu.arch) == ("amd", "x86_64")
    assert spec.cpu.features.hw_virt is False  # a virtual CPU without nested virtualization
    assert spec.cpu.features.iommu is False  # no DMAR/IVRS table and no IOMMU group
    assert spec.memory_gb == 24.0
    assert spec.firmware is not None and spec.firmware.type == "bios"
    assert spec.kvm is not None and spec.kvm.dev_kvm is True and spec.kvm.iommu_enabled is False
    assert spec.host_os is not None and spec.host_os.kernel == "6.18.44-fc-v1300"
    assert "runs under a hypervisor" in comments(out)
    assert "the TPM unknown" in err  # never "none": the kernel cannot tell


def test_a_captured_tree_in_a_directory_reads_like_the_tarball(tmp_path: Path) -> None:
    with tarfile.open(fixture("sysfs", "supermicro-sriov.tar.gz")) as archive:
        archive.extractall(tmp_path, filter="tar")
    from_dir, _ = imported(str(tmp_path))
    from_tar, _ = imported(fixture("sysfs", "supermicro-sriov.tar.gz"))
    assert host_of(from_dir).spec == host_of(from_tar).spec


# --- assembled servers ---------------------------------------------------------------------------


def test_dell_r210ii_raid_nics_and_a_kernel_that_left_the_iommu_off() -> None:
    out, err = imported(fixture("sysfs", "dell-r210ii.tar.gz"))
    spec = host_of(out).spec
    assert len(spec.devices) == 13 and spec.devices_complete is True
    drivers = {d.name: d for d in spec.drivers}
    # module names, not driver names: ehci-pci is ehci_pci, i801_smbus is i2c_i801
    assert {"mpt3sas", "bnx2", "mgag200", "ehci_pci", "i2c_i801", "pcieport"} <= set(drivers)
    assert drivers["bnx2"].drives == ["pci-0000:02:00.0", "pci-0000:02:00.1"]
    assert "kernel driver 'i801_smbus' of module i2c_i801" in out
    raid = next(d for d in spec.devices if d.address == "0000:01:00.0")
    assert raid.pci is not None and (raid.pci.subvendor, raid.pci.subdevice) == ("1000", "3060")
    assert raid.device_class == "storage"
    cpu = spec.cpu
    assert cpu is not None and (cpu.sockets, cpu.cores, cpu.threads) == (2, 16, 32)
    assert cpu.features.hw_virt and cpu.features.slat and cpu.features.iommu
    assert cpu.features.interrupt_remapping is True  # the DMAR table's INTR_REMAP flag
    assert spec.firmware is not None and spec.firmware.type == "bios"
    assert spec.kvm is not None and spec.kvm.iommu_enabled is False
    assert spec.kvm.module == "kvm_intel" and spec.kvm.parameters is not None
    assert spec.kvm.parameters["kvm_intel.nested"] == "N"
    assert "config space past 64 bytes needs root" in err
    check = hvcheck("check", "-", stdin=out)
    assert "HV1116 warning the firmware has an IOMMU but the Linux kernel has not turned it on" in (
        check.out
    )
    assert " error " not in check.out


def test_hp_dl320e_gpu_functions_iommu_groups_and_acs() -> None:
    out, err = imported(fixture("sysfs", "hp-dl320e-gen8.tar.gz"))
    spec = host_of(out).spec
    gpu = next(d for d in spec.devices if d.address == "0000:05:00.0")
    assert gpu.device_class == "display" and gpu.iommu_group == 1
    assert gpu.pcie_type == "legacy-endpoint" and gpu.interrupts == ["intx"]
    same_group = [d.address for d in spec.devices if d.iommu_group == 1]
    assert same_group == [
        "0000:00:01.0",
        "0000:05:00.0",
        "0000:05:00.1",
        "0000:05:00.2",
        "0000:05:00.3",
    ]
    assert {"nouveau", "snd_hda_intel", "xhci_pci", "i2c_nvidia_gpu", "tg3"} <= {
        d.name for d in spec.drivers
    }
    nic = next(d for d in spec.devices if d.address == "0000:03:00.0")
    assert nic.pcie_type == "endpoint" and nic.interrupts == ["intx", "msi", "msix"]
    assert nic.mmio_mb == 1.0
    assert spec.cpu is not None
    assert spec.cpu.features.acs_root_ports is False  # two root ports lack the ACS capability
    assert spec.kvm is not None and spec.kvm.iommu_enabled is True
    assert spec.firmware is not None
    assert (spec.firmware.type, spec.firmware.secure_boot, spec.firmware.tpm) == (
        "uefi",
        False,
        "2.0",
    )
    # "5.8.0-25-generic" does not name the instruction set, and the kernel has no kernel/arch
    assert spec.host_os is None
    assert "the host OS unknown: its instruction set is not readable" in err
    assert spec.kvm.cgroup_controllers == [
        "blkio", "cpu", "cpuacct", "cpuset", "devices", "hugetlb", "io", "memory", "misc", "pids", "rdma",
    ]  # fmt: skip


def test_supermicro_sriov_pf_and_vfs_and_devices_reserved_for_passthrough() -> None:
    out, _ = imported(fixture("sysfs", "supermicro-sriov.tar.gz"))
    spec = host_of(out).spec
    devices = {d.address: d for d in spec.devices}
    pf, idle = devices["0000:04:00.0"], devices["0000:04:00.1"]
    assert (pf.sriov, pf.sriov_total_vfs) == (True, 64)
    assert (idle.sriov, idle.sriov_total_vfs) == (False, 64)
    for vf in ("0000:04:02.0", "0000:04:02.1"):
        assert devices[vf].physfn == "pci-0000:04:00.0"
    for reserved in ("0000:00:17.0", "0000:01:00.0", "0000:01:00.1"):
        assert devices[reserved].in_use is False
        assert not any(devices[reserved].id in d.drives for d in spec.drivers)
    assert "bound to vfio-pci: reserved for pass-through" in out
    assert spec.cpu is not None and spec.cpu.features.acs_root_ports is True
    assert spec.firmware is not None and spec.firmware.secure_boot is True
    assert spec.host_os is not None and spec.host_os.arch == "x64"  # from "6.1.0-27-amd64"
    assert hvcheck("check", "-", stdin=out).code == 0


def test_the_fixtures_are_what_build_py_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "sysfs_fixture_build", fixture("sysfs", "build.py")
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules["sysfs_fixture_build"] = build  # dataclasses look their module up
    try:
        spec.loader.exec_module(build)
    finally:
        del sys.modules["sysfs_fixture_build"]
    for machine in build.MACHINES:
        assert build.build(machine) == Path(fixture("sysfs", f"{machine.name}.tar.gz")).read_bytes()


# --- capture-host.sh -----------------------------------------------------------------------------

ALLOWED = (
    r"etc/os-release",
    r"usr/lib/os-release",
    r"proc/(cpuinfo|meminfo|cgroups|sys/kernel/(osrelease|ostype|arch))",
    r"sys/fs/cgroup/cgroup\.controllers",
    r"sys/bus/pci/devices/[0-9a-f:.]+",
    r"sys/devices/pci[0-9a-f:]+(/[0-9a-f:.]+)+/(vendor|device|subsystem_vendor|subsystem_device|"
    r"class|revision|resource|config|sriov_totalvfs|sriov_numvfs|driver|iommu_group|physfn)",
    r"sys/bus/pci/drivers/[^/]+/module",
    r"sys/firmware/acpi/tables/(DMAR|IVRS)",
    r"sys/firmware/efi/efivars/SecureBoot-8be5f19a-75f8-4d1c-9ac3-fcf43d9d1a2c",
    r"sys/firmware/efi/vars/SecureBoot-8be5f19a-75f8-4d1c-9ac3-fcf43d9d1a2c/data",
    r"sys/class/tpm/tpm\d+/(tpm_version_major|device/caps)",
    r"sys/class/dmi/id/(bios_version|product_name)",
    r"sys/devices/system/memory/block_size_bytes",
    r"sys/devices/system/cpu/cpu\d+/topology/(core_cpus_list|thread_siblings_list|physical_package_id)",
    r"sys/module/kvm(_intel|_amd)?/parameters/\w+",
)


def _members(data: bytes) -> list[tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
        return archive.getmembers()


def test_the_capture_copies_only_the_listed_files() -> None:
    import re

    for name in ("this-machine.tar.gz",):
        for info in _members(Path(fixture("sysfs", name)).read_bytes()):
            path = info.name.removeprefix("./")
            if info.isdir():
                continue  # directories are recorded as names only, empty
            assert any(re.fullmatch(p, path) for p in ALLOWED), path


@needs_sysfs
@pytest.mark.skipif(shutil.which("tar") is None, reason="no tar")
@pytest.mark.acceptance  # runs the real script on this machine
def test_capture_host_sh_captures_what_the_importer_reads_from_the_live_machine(
    tmp_path: Path,
) -> None:
    import re

    out = tmp_path / "host.tar.gz"
    script = REPO / "scripts" / "capture-host.sh"
    subprocess.run(["sh", str(script), str(out)], check=True, capture_output=True, timeout=300)
    for info in _members(out.read_bytes()):
        if not info.isdir():
            assert any(re.fullmatch(p, info.name.removeprefix("./")) for p in ALLOWED), info.name
    live, _ = imported("/")
    captured, _ = imported(str(out))
    assert host_of(captured).spec == host_of(live).spec
    again = subprocess.run(["sh", str(script), str(out)], capture_output=True, timeout=60)
    assert again.returncode == 2 and b"exists" in again.stderr  # never overwritten by accident


def test_reads_is_documented_in_docs_importers() -> None:
    docs = (REPO / "docs" / "importers.md").read_text(encoding="utf-8")
    for entry in ("proc/cpuinfo", "sys/firmware/acpi/tables/DMAR", "sys/module/kvm_intel"):
        assert entry in docs
    assert sysfs.READS


def test_an_intel_cpu_without_the_prfchw_flag_leaves_prefetchw_unknown(tmp_path: Path) -> None:
    """Older Intel processors leave the CPUID PRFCHW bit (3dnowprefetch) clear: its absence is
    unknown, so a Hyper-V 2016 host on one gets no false HV1305 error; on AMD it is stated."""
    flags = "lm vmx ept nx cx16 lahf_lm sse4_2 popcnt xsave"
    for vendor, expected in (("GenuineIntel", None), ("AuthenticAMD", False)):
        root = tmp_path / vendor
        _minimal(root)
        (root / "proc/cpuinfo").write_text(
            f"processor\t: 0\nvendor_id\t: {vendor}\nflags\t\t: {flags}\n\n"
        )
        out, _err = imported(str(root), "--target", "hyperv:2016")
        cpu = host_of(out).spec.cpu
        assert cpu is not None and cpu.features.prefetchw is expected, vendor
        assert cpu.features.cmpxchg16b is True and cpu.features.lahf_sahf is True
        check = hvcheck("check", "--select", "HV1305", "-", stdin=out)
        if expected is None:
            assert "PREFETCHW unknown: the CPU shows no 3dnowprefetch flag" in comments(out)
            assert check.code == 0 and "HV1305" not in check.out, check.out
        else:
            assert "HV1305 error" in check.out and "PREFETCHW" in check.out, check.out


# --- hostile trees -------------------------------------------------------------------------------


def _minimal(root: Path) -> Path:
    """A tree with one PCI device and a processor, to break in the tests below."""
    dev = root / "sys/devices/pci0000:00/0000:00:03.0"
    dev.mkdir(parents=True)
    for name, value in (("vendor", "0x8086"), ("device", "0x1572"), ("class", "0x020000")):
        (dev / name).write_text(value + "\n")
    (root / "sys/bus/pci/devices").mkdir(parents=True)
    (root / "sys/bus/pci/devices/0000:00:03.0").symlink_to(
        "../../../devices/pci0000:00/0000:00:03.0"
    )
    (root / "proc").mkdir()
    (root / "proc/cpuinfo").write_text(
        "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: lm vmx ept nx\n\n"
    )
    return dev


def test_a_symlink_loop_ends_with_a_message(tmp_path: Path) -> None:
    _minimal(tmp_path)
    pci = tmp_path / "sys/bus/pci/devices"
    (pci / "0000:00:04.0").symlink_to("0000:00:05.0")
    (pci / "0000:00:05.0").symlink_to("0000:00:04.0")
    out, err = imported(str(tmp_path))
    assert "PCI device 0000:00:04.0 skipped" in err and "too many levels of symbolic links" in err
    spec = host_of(out).spec
    assert [d.address for d in spec.devices] == ["0000:00:03.0"]
    assert spec.devices_complete is None  # two devices left out: not the whole inventory


def test_links_never_leave_the_root(tmp_path: Path) -> None:
    dev = _minimal(tmp_path)
    (dev / "vendor").unlink()
    (dev / "vendor").symlink_to("/etc/passwd")
    (dev / "device").unlink()
    (dev / "device").symlink_to("../../../../../../../../../../etc/hostname")
    out, err = imported(str(tmp_path))
    (device,) = host_of(out).spec.devices
    assert device.pci is None  # read as ROOT/etc/passwd, which is absent: unknown
    assert "the PCI IDs of 0000:00:03.0 are unknown" in err
    assert "root:" not in out + err


def test_an_unreadable_driver_link_is_unknown_not_no_driver(tmp_path: Path) -> None:
    dev = _minimal(tmp_path)
    (dev / "driver").write_text("not a link\n")  # a broken capture: the link's target is lost
    out, err = imported(str(tmp_path))
    (device,) = host_of(out).spec.devices
    assert device.driver == "unknown" and device.in_use is not False
    assert "the driver of 0000:00:03.0 unknown: " in err
    (dev / "driver").unlink()  # absent: the kernel bound no driver, a stated fact
    out, _ = imported(str(tmp_path))
    (device,) = host_of(out).spec.devices
    assert device.in_use is False and device.driver is None


def test_fifos_devices_huge_files_and_binary_junk(tmp_path: Path) -> None:
    dev = _minimal(tmp_path)
    (tmp_path / "proc/cpuinfo").unlink()
    os.mkfifo(tmp_path / "proc/cpuinfo")  # opening it for reading would block
    (dev / "class").write_bytes(b"\x00\xff\xfe junk")
    (dev / "resource").write_bytes(b"0" * (1 << 20))
    with open(tmp_path / "proc/meminfo", "wb") as huge:
        huge.truncate(1 << 34)  # a sparse 16 GiB file: only the limit is read
    os.symlink("/dev/zero", tmp_path / "proc/sys-kernel-osrelease")
    out, err = imported(str(tmp_path))
    host = host_of(out)
    assert "proc/cpuinfo: not a regular file (a FIFO or device?); not read" in err
    assert "binary content where text was expected" in err
    assert "larger than 8192 bytes" in err
    assert "proc/meminfo: larger than 65536 bytes; not read" in err
    assert host.spec.cpu is None and host.spec.memory_gb is None
    (device,) = host.spec.devices
    assert device.pci is not None and device.pci.class_code is None


def test_missing_everything_is_refused_and_partial_trees_are_unknown(tmp_path: Path) -> None:
    run = hvcheck("import", "sysfs", str(tmp_path))
    assert run.code == 2
    assert "not a Linux root: it has neither sys/ nor proc/" in run.err
    (tmp_path / "proc").mkdir()
    out, err = imported(str(tmp_path))
    spec = host_of(out).spec
    assert spec.devices == [] and spec.cpu is None and spec.firmware is None
    assert "the firmware unknown: sys/firmware is not readable" in err


def test_hostile_tarballs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hvcheck.importers import _tree

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind, target in (
            ("../escape", tarfile.REGTYPE, ""),
            ("proc/cpuinfo", tarfile.SYMTYPE, "/etc/passwd"),
            ("sys/loop", tarfile.SYMTYPE, "loop"),
            ("sys/fifo", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            archive.addfile(info, io.BytesIO(b""))
    bad = tmp_path / "bad.tar"
    bad.write_bytes(buffer.getvalue())
    out, err = imported(str(bad))
    assert "tarball member skipped: '../escape' (a path outside the archive root)" in err
    assert "the processor unknown: proc/cpuinfo: no such file" in err  # /etc/passwd of the tarball
    assert host_of(out).spec.devices == []
    # a gzip bomb stops at the limit
    monkeypatch.setattr(_tree, "MAX_UNPACKED", 1 << 20)
    bomb = tmp_path / "bomb.tar.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (4 << 20)))
    run = hvcheck("import", "sysfs", str(bomb))
    assert run.code == 2 and "it unpacks to more than 1 MiB; not read" in run.err
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x1f\x8b" + os.urandom(64))
    run = hvcheck("import", "sysfs", str(junk))
    assert run.code == 2 and "not a directory or a capture tarball" in run.err


def test_check_from_a_tarball_shows_no_binary_excerpt() -> None:
    run = hvcheck("check", "--from", "sysfs", fixture("sysfs", "dell-r210ii.tar.gz"))
    assert "HV1116 warning" in run.out
    assert " 1 | " not in run.out and "\\x1f" not in run.out, run.out  # no line of the gzip data
