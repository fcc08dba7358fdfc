"""The ``guests`` catalog section (catalogs/guests-*.yaml) and the queries rules ask of it."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from hvcheck.catalog import Catalog, CatalogError, default_catalog_dir, load_catalog
from hvcheck.catalog.guest_index import (
    at_least,
    at_most,
    guest_type_support,
    host_os_status,
    os_matches,
    release_in_range,
)
from hvcheck.catalog.guests import Feature, GuestOsMatch, IntegrationKind
from hvcheck.catalog.store import load_catalog_file
from hvcheck.model.host import GuestOS, HostOS, Integration, PartitionFeatures

FILES = ("guests-esxi.yaml", "guests-kvm-xen.yaml", "guests-hybrid.yaml")


def _os(family: str, name: str, version: str | None = None, kernel: str | None = None) -> GuestOS:
    return GuestOS.model_validate(
        {"family": family, "name": name, "version": version, "kernel": kernel, "arch": "x64"}
    )


def _host(name: str, arch: str = "x64", edition: str | None = None) -> HostOS:
    return HostOS.model_validate(
        {"family": "windows", "name": name, "arch": arch, "edition": edition}
    )


@pytest.mark.parametrize("name", FILES)
def test_bundled_file_validates_and_cites_its_own_sources(name: str) -> None:
    files, findings = load_catalog_file(default_catalog_dir() / name)
    assert findings == []
    assert len(files) == 1


def test_literals_follow_the_host_format() -> None:
    kind = Integration.model_fields["kind"].annotation
    assert set(get_args(IntegrationKind)) == set(get_args(get_args(kind)[0]))
    assert set(get_args(Feature)) <= set(PartitionFeatures.model_fields)


def test_every_model_named_is_a_device_model_of_its_products(catalog: Catalog) -> None:
    guests = catalog.guests
    named = [
        *((e.products, e.models) for e in guests.guest_drivers),
        *((e.products, e.models) for e in guests.device_requirements),
        *((e.products, e.models) for e in guests.controller_limits),
        *((e.products, e.controller_models) for e in guests.disk_limits),
    ]
    for products, models in named:
        for product in products:
            assert catalog.product(product) is not None, product
            for model in models:
                assert catalog.device_model(model, product) is not None, (product, model)


def test_windows_virtio_drivers_bind_the_models_pci_ids(catalog: Catalog) -> None:
    entries = [e for e in catalog.guests.guest_drivers if "virtio-win" in e.integration_kinds]
    assert {d for e in entries for d in e.drivers} == {
        "netkvm",
        "viostor",
        "vioscsi",
        "balloon",
        "vioserial",
        "viorng",
    }
    for entry in entries:
        (model,) = entry.models
        known = catalog.device_model(model, "kvm")
        assert known is not None and known.pci_id in entry.hardware_ids
        transitional, modern = sorted(entry.hardware_ids)
        assert transitional.startswith("1af4:10") and int(transitional[5:], 16) < 0x1040
        assert int(modern[5:], 16) >= 0x1041


@pytest.mark.parametrize(
    ("version", "low", "high", "expected"),
    [
        ("6.7 U3", "6.5", "6.7", True),
        ("6.5", "6.5", "6.7", True),
        ("7.0 U3", "6.5", "6.7", False),
        ("6.0", "6.5", "6.7", False),
        ("8.0 U2", "8.0", "8.0", True),
        ("2005 R2 SP1", "2005 R2", None, True),
        ("2005", "2005 R2", None, False),
        (None, "6.5", "6.7", None),
        (None, None, None, True),
    ],
)
def test_release_ranges(
    version: str | None, low: str | None, high: str | None, expected: bool | None
) -> None:
    assert release_in_range(version, low, high) is expected


def test_version_comparisons() -> None:
    assert at_least("5.15.0-91-generic", "2.4.19")
    assert not at_least("2.4.18-3", "2.4.19")
    assert at_most("6.7 U3", "6.7") and not at_most("7.0", "6.7")


@pytest.mark.parametrize(
    ("match", "os", "expected"),
    [
        ({"family": "linux"}, _os("linux", "Alpine Linux", "3.19"), "yes"),
        ({"family": "linux"}, _os("windows", "Windows 11"), "no"),
        ({"family": "linux", "min_kernel": "2.4.19"}, _os("linux", "Debian", "12"), "unstated"),
        ({"family": "linux", "min_kernel": "2.4.19"}, _os("linux", "RH", "7.3", "2.4.18"), "older"),
        ({"family": "linux", "min_kernel": "2.4.19"}, _os("linux", "RH", "9", "2.4.20-8"), "yes"),
        (
            {"family": "windows", "names": ["Windows Server 2019"]},
            _os("windows", "windows server 2019"),
            "yes",
        ),
        (
            {"family": "windows", "names": ["Windows XP SP3"]},
            _os("windows", "Windows XP", "SP3"),
            "yes",
        ),
        ({"family": "windows", "names": ["Windows 7"]}, _os("windows", "Windows Vista"), "no"),
        ({"family": "freebsd", "max_version": "9.3"}, _os("freebsd", "FreeBSD", "10.0"), "newer"),
    ],
)
def test_os_matches(match: dict[str, object], os: GuestOS, expected: str) -> None:
    assert os_matches(GuestOsMatch.model_validate(match), os) == expected


def test_guest_driver_answers(catalog: Catalog) -> None:
    guests = catalog.guests
    found = guests.guest_driver("esxi", "vmxnet3", _os("linux", "Debian", "12"))
    assert found.status == "found" and found.entry is not None
    assert found.entry.provided_by == "in-box"
    win = guests.guest_driver("kvm", "virtio-blk", _os("windows", "Windows Server 2022"))
    assert win.entry is not None and win.entry.drivers == ["viostor"]
    assert win.entry.provided_by == "integration"
    old = guests.guest_driver("esxi", "e1000", _os("linux", "Red Hat Linux", "7.3", "2.4.18-3"))
    assert old.status == "older"
    assert guests.guest_driver("esxi", "e1000", _os("linux", "Debian", "12")).status == "unstated"
    assert (
        guests.guest_driver("esxi", "vmxnet3", _os("freebsd", "FreeBSD", "14")).status == "unknown"
    )
    # A product that does not offer the model has no answer either.
    assert (
        guests.guest_driver("hyperv", "vmxnet3", _os("linux", "Debian", "12")).status == "unknown"
    )


def test_limits(catalog: Catalog) -> None:
    guests = catalog.guests
    features = guests.passthrough_limit("esxi", "6.7 U3")
    assert features is not None and features.max_devices_per_vm is None
    assert "snapshots" in features.unavailable_features

    def cap(release: str | None, hw: int | None) -> int | None:
        found = guests.passthrough_limit("esxi", release, hw)
        return found.max_devices_per_vm if found else None

    assert cap("6.7 U3", 10) == 6
    assert cap("6.5", 13) == 16
    assert cap("6.7", 4) == 0
    assert cap("4.0", None) == 2
    assert cap("4.1", None) is None  # only the 4.0 documentation is at hand: unknown
    assert cap("7.0 U3", 19) == 16
    assert cap("8.0", 20) == 32
    assert cap("8.0 U1", 20) == 64
    assert cap("8.0 U2", 21) == 128
    assert cap("8.0 U3", 21) == 128
    assert cap("9.0", 22) is None  # not in the sources: unknown
    assert guests.passthrough_limit("esxi", None) is None
    eight = guests.passthrough_limit("esxi", "8.0 U2")
    assert eight is not None and eight.max_devices_per_vm is None
    scsi, depends = guests.controller_limit("esxi", "pvscsi")
    assert scsi is not None and (scsi.max_per_vm, scsi.max_disks, scsi.reserved_units) == (
        4,
        15,
        [7],
    )
    assert depends  # a later hardware version allows more: unknown without hw_version
    pv14, depends = guests.controller_limit("esxi", "pvscsi", 13)
    assert pv14 is not None and (pv14.max_disks, pv14.max_unit, depends) == (64, 64, False)
    old, depends = guests.controller_limit("esxi", "lsilogic", 14)
    assert old is not None and (old.max_unit, depends) == (15, False)
    hw = catalog.release_facts.device_hardware_for("esxi", "vmxnet3", "nic")
    assert hw is not None and hw.min_hw_version == 7
    e1000e = catalog.release_facts.device_hardware_for("esxi", "e1000e", "nic")
    assert e1000e is not None and e1000e.min_hw_version == 8
    assert guests.device_requirement("esxi", "vmxnet3") is None  # now in release_facts
    vs = guests.guest_limit("virtual-server", "2005 R2 SP1")
    assert vs is not None and (vs.guest_arch, vs.max_vcpus, vs.max_memory_mb) == (["x86"], 1, 3712)
    wvpc = guests.guest_limit("windows-virtual-pc", None)
    assert wvpc is not None and wvpc.max_memory_mb == 3712
    ide = guests.disk_limit("virtual-server", "ide")
    assert ide is not None and ide.max_size_gb == 127
    assert guests.disk_bus_of_controller("virtual-server", "adaptec-7870") == "scsi"


def test_host_os_support(catalog: Catalog) -> None:
    vs = catalog.guests.host_os_support_for("virtual-server", "2005 R2 SP1")
    assert vs is not None
    assert host_os_status(vs, _host("Windows Server 2003 R2")) == "supported"
    assert host_os_status(vs, _host("Windows Server 2003", "x86")) == "supported"
    assert host_os_status(vs, _host("Windows XP Professional", "x86")) == "evaluation"
    assert host_os_status(vs, _host("Windows XP", "x86", "Professional")) == "evaluation"
    assert host_os_status(vs, _host("Windows XP", "x86", "Home")) == "unsupported"
    assert host_os_status(vs, _host("Windows Server 2008", "x64")) == "supported"
    r2 = catalog.guests.host_os_support_for("virtual-server", "2005 R2")
    assert (
        r2 is not None and host_os_status(r2, _host("Windows Server 2008", "x64")) == "unsupported"
    )
    assert host_os_status(vs, _host("Windows XP", "x86")) == "edition-unstated"
    assert host_os_status(vs, _host("Windows 2000 Server", "x86")) == "unsupported"
    assert catalog.guests.host_os_support_for("virtual-server", "2005") is None
    wvpc = catalog.guests.host_os_support_for("windows-virtual-pc", None)
    assert wvpc is not None
    assert host_os_status(wvpc, _host("Windows 7", edition="Professional")) == "supported"
    assert host_os_status(wvpc, _host("Windows 7", edition="Starter")) == "unsupported"


def test_xen_guest_types(catalog: Catalog) -> None:
    pv = catalog.guests.guest_type("xen", "pv")
    pvh = catalog.guests.guest_type("xen", "pvh")
    hvm = catalog.guests.guest_type("xen", "hvm")
    assert pv is not None and pvh is not None and hvm is not None
    assert (pv.emulated_devices, pvh.device_model, hvm.device_model) == (False, "none", "required")
    row, match = guest_type_support(pv, _os("windows", "Windows Server 2022"))
    assert match == "yes" and row is not None and row.support == "unsupported"
    row, match = guest_type_support(pvh, _os("linux", "Debian", "12"))
    assert row is not None and row.support == "supported"
    assert guest_type_support(pv, _os("freebsd", "FreeBSD", "14.0")) == (None, "no")
    assert catalog.guests.guest_type("kvm", "pv") is None


def test_later_files_take_precedence(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\n"
        "sources:\n  lab: {title: Our lab notes}\n"
        "guests:\n  guest_drivers:\n"
        "    - {products: [esxi], models: [vmxnet3], os: {family: freebsd}, provided_by: in-box,"
        " drivers: [vmx], sources: [lab]}\n"
        "  passthrough_limits:\n"
        "    - {products: [esxi], min_version: '7.0', max_version: '7.0', max_devices_per_vm: 16,"
        " sources: [lab]}\n",
        encoding="utf-8",
    )
    catalog = load_catalog([str(extra)])
    answer = catalog.guests.guest_driver("esxi", "vmxnet3", _os("freebsd", "FreeBSD", "14"))
    assert answer.status == "found" and answer.entry is not None
    assert answer.entry.drivers == ["vmx"]
    limit = catalog.guests.passthrough_limit("esxi", "7.0 U3")
    assert limit is not None and limit.max_devices_per_vm == 16


def test_an_entry_must_cite_a_source_of_its_own_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\n"
        "guests:\n  disk_limits:\n"
        "    - {products: [virtual-pc], bus: scsi, max_size_gb: 2040, sources: [nowhere]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog([str(bad)])
    (finding,) = info.value.findings
    assert finding.logical_path == "guests.disk_limits[0].sources[0]"
    assert "'nowhere' is not defined" in finding.message


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\nsources:\n  s: {title: t}\n"
        "guests:\n  guest_limits:\n    - {products: [virtual-pc], max_cpus: 1, sources: [s]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog([str(bad)])
    assert "max_cpus" in info.value.findings[0].message
