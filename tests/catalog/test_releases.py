"""The release catalog (catalogs/releases.yaml): releases, host requirements and their lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, CatalogError, default_catalog_dir, load_catalog
from hvcheck.catalog.release_lookup import find_release, releases_of, requirements_for
from hvcheck.catalog.releases import (
    REQUIREMENT_FIELDS,
    HostRequirement,
    edition_in_name,
    edition_matches,
)
from hvcheck.catalog.store import load_catalog_file
from hvcheck.catalog.versions import version_key

PRODUCTS = (
    "hyperv",
    "hyperv-client",
    "esxi",
    "xen",
    "kvm",
    "virtual-server",
    "virtual-pc",
    "windows-virtual-pc",
)


def _write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text("apiVersion: hvcheck/v1\nkind: Catalog\n" + text, encoding="utf-8")
    return path


def test_bundled_file_validates_and_cites_its_own_sources() -> None:
    files, findings = load_catalog_file(default_catalog_dir() / "releases.yaml")
    assert findings == []
    (data,) = files
    assert data.releases and data.host_requirements
    for entry in [*data.releases, *data.host_requirements]:
        assert entry.sources and all(s in data.sources for s in entry.sources)
    for source in data.sources.values():
        assert source.url and source.note


def test_every_product_has_host_requirements_and_known_products(catalog: Catalog) -> None:
    for product in PRODUCTS:
        assert catalog.product(product) is not None, product
        assert any(e.product == product for e in catalog.host_requirements.values()), product
    for entry in [*catalog.releases.values(), *catalog.host_requirements.values()]:
        assert catalog.product(entry.product) is not None, entry


def test_requirement_ranges_name_listed_releases(catalog: Catalog) -> None:
    """A range bound that is not a listed release would silently cover nothing or everything."""
    for entry in catalog.host_requirements.values():
        listed = {r.version for r in releases_of(catalog, entry.product)}
        for bound in (entry.min_version, entry.max_version):
            if bound is not None:
                assert bound in listed, (entry.id, bound)


def test_client_hyperv_has_the_same_architecture_facts_as_hyperv(catalog: Catalog) -> None:
    server, client = catalog.products["hyperv"], catalog.products["hyperv-client"]
    skip = {"id", "name", "aliases", "traits"}
    assert {k: v for k, v in server.model_dump().items() if k not in skip} == {
        k: v for k, v in client.model_dump().items() if k not in skip
    }


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("7.0 U3", "8.0"),
        ("6.7", "7.0"),
        ("7.0", "7.0 U1"),
        ("8.0 U2", "8.0 U3"),
        ("2012", "2012 R2"),
        ("2012 R2", "2016"),
        ("2016", "2019"),
        ("2019", "2022"),
        ("2022", "2025"),
        ("2008 R2", "2012"),
        ("10", "11"),
        ("4.17", "4.19"),
    ],
)
def test_versions_compare_in_release_order(older: str, newer: str) -> None:
    assert version_key(older) < version_key(newer)


@pytest.mark.parametrize(
    ("product", "version", "release"),
    [
        ("esxi", "8.0", "8.0"),
        ("esxi", "8.0 U2", "8.0 U2"),
        ("esxi", "8.0U2", "8.0 U2"),
        ("esxi", "8.0 Update 2", "8.0 U2"),
        ("esxi", "8.0.2", "8.0 U2"),
        ("esxi", "8.0 U2b", "8.0 U2"),
        ("esxi", "7.0 U3c build-19193900", "7.0 U3"),
        ("esxi", "6.7 U3", "6.7"),
        ("esxi", "6.7.0", "6.7"),
        ("hyperv", "2012 R2", "2012 R2"),
        ("hyperv", "2012r2", "2012 R2"),
        ("hyperv", "Windows Server 2022 Datacenter", "2022"),
        ("hyperv", "2008 R2 SP1", "2008 R2"),
        ("hyperv", "2008 SP2", "2008"),
        ("hyperv", "Windows Server 2008 SP2", "2008"),
        ("hyperv", "2016", "2016"),
        ("hyperv-client", "Windows 11", "11"),
        ("hyperv-client", "11 23H2", "11"),
        ("hyperv-client", "10", "10"),
        ("hyperv-client", "8.1", "8.1"),
        ("xen", "4.17", "4.17"),
        ("xen", "4.19.1", "4.19"),
        ("xen", "4.22.0", "4.22"),
        ("esxi", "9.0", "9.0"),
        ("esxi", "ESX 9.0", "9.0"),
        ("esxi", "4.1", "4.1"),
        ("virtual-server", "2005 R2 SP1", "2005 R2 SP1"),
        ("virtual-server", "2005 R2", "2005 R2"),
        ("virtual-pc", "2007 SP1", "2007"),
        ("windows-virtual-pc", "6.1.7600.16393", "6.1"),
    ],
)
def test_find_release(catalog: Catalog, product: str, version: str, release: str) -> None:
    match = find_release(catalog, product, version)
    assert match.status == "found"
    assert match.release is not None and match.release.version == release


@pytest.mark.parametrize(
    ("product", "version", "status"),
    [
        ("esxi", "10.0", "unknown-version"),
        ("esxi", "8", "unknown-version"),
        ("esxi", "3.5", "unknown-version"),
        ("xen", "4", "unknown-version"),
        ("xen", "4.14", "unknown-version"),
        ("hyperv", "2028", "unknown-version"),
        ("hyperv", "10.0.17763", "unknown-version"),
        ("hyperv-client", "7", "unknown-version"),
        ("xen", "3.4", "unknown-version"),
        ("esxi", None, "missing-version"),
        ("esxi", "  ", "missing-version"),
        ("kvm", "8.2", "unversioned-product"),
        ("bhyve", "14.0", "unversioned-product"),
    ],
)
def test_no_release_is_guessed(
    catalog: Catalog, product: str, version: str | None, status: str
) -> None:
    match = find_release(catalog, product, version)
    assert (match.status, match.release) == (status, None)


def test_esxi_requirements_by_release(catalog: Catalog) -> None:
    def req(version: str | None) -> dict[str, object]:
        return requirements_for(catalog, "esxi", "VMware ESXi", version)[1].values

    assert "nx" not in req("5.0")
    assert req("5.1")["nx"] == "required"
    assert req("6.5")["min_memory_gb"] == 4 and req("6.5")["recommended_memory_gb"] == 8
    assert req("6.7 U3")["min_memory_gb"] == 4
    assert "boot_device" not in req("6.7")
    seven = req("7.0 U3")
    assert seven["min_memory_gb"] == 8 and seven["recommended_memory_gb"] == 8
    assert seven["boot_device"].min_size_gb == 32  # type: ignore[attr-defined]
    assert req("8.0 U3")["recommended_memory_gb"] == 12
    assert req("8.0")["min_cores"] == 2
    assert req("8.0")["hw_virt"] == "for-64-bit-guests"
    # An unknown release gets only what holds for every release.
    assert set(req("10.0")) == {"cpu_arch", "hw_virt", "device_assignment"}
    assert req(None) == req("10.0")
    assert req("5.5")["cpu_instructions"] == ["lahf_sahf"]
    assert "cpu_instructions" not in req("8.0 U1")
    assert req("8.0 U2")["cpu_instructions"] == ["xsave"]


def test_hyperv_requirements_by_release(catalog: Catalog) -> None:
    def req(product: str, version: str) -> dict[str, object]:
        return requirements_for(catalog, product, product, version)[1].values

    assert "slat" not in req("hyperv", "2008")
    assert req("hyperv", "2008 R2")["slat"] == "recommended"
    assert req("hyperv", "2012 R2")["slat"] == "recommended"
    assert req("hyperv", "2016")["slat"] == "required"
    assert req("hyperv", "2012 R2")["windows_11_guests"] is False
    assert req("hyperv", "2019")["windows_11_guests"] is True
    assert "dynamic_processor_compatibility" not in req("hyperv", "2022")
    assert req("hyperv", "2025")["dynamic_processor_compatibility"] is True
    assert "device_assignment" not in req("hyperv", "2012 R2")
    assert req("hyperv", "2016")["device_assignment"].acs_root_ports  # type: ignore[attr-defined]
    assert req("hyperv-client", "10")["slat"] == "required"
    assert "windows_11_guests" not in req("hyperv-client", "10")
    assert "Education" in req("hyperv-client", "10")["client_editions"]  # type: ignore[operator]
    assert req("hyperv-client", "11")["excluded_editions"] == ["Home"]
    assert req("hyperv-client", "10")["min_memory_gb"] == 4
    assert req("hyperv", "2016")["cpu_instructions"] == ["cmpxchg16b", "lahf_sahf", "prefetchw"]
    assert {"sse4_2", "popcnt"} <= set(req("hyperv", "2025")["cpu_instructions"])  # type: ignore[call-overload]
    assert "cpu_instructions" not in req("hyperv", "2012 R2")


def test_xen_requirements_by_release(catalog: Catalog) -> None:
    def pvh(version: str) -> object:
        return requirements_for(catalog, "xen", "Xen", version)[1].values["pvh_dom0"]

    assert pvh("4.17").missing == []  # type: ignore[attr-defined]
    assert "resizable-bar" in pvh("4.20").missing  # type: ignore[attr-defined]
    assert "resizable-bar" not in pvh("4.22").missing  # type: ignore[attr-defined]
    assert "pci-passthrough-to-domu" in pvh("4.21").missing  # type: ignore[attr-defined]
    arch = requirements_for(catalog, "xen", "Xen", "4.19")[1].values["cpu_arch"]
    assert arch == ["x86_64", "arm64", "arm32"]


def test_requirements_cite_the_entry_that_set_each_field(catalog: Catalog) -> None:
    _, reqs = requirements_for(catalog, "esxi", "VMware ESXi", "8.0")
    assert reqs.entries["recommended_memory_gb"].id == "esxi-8.0-onward"
    assert reqs.entries["min_memory_gb"].id == "esxi-7.0-onward"
    assert reqs.sources("recommended_memory_gb") == ["vmware-esxi-80-hw"]
    assert reqs.label == "VMware ESXi 8.0"
    _, unknown = requirements_for(catalog, "esxi", "VMware ESXi", "10.0")
    assert unknown.label == "VMware ESXi 10.0" and unknown.release is None


def test_requirement_fields_are_everything_but_the_bookkeeping() -> None:
    assert "sources" not in REQUIREMENT_FIELDS and "min_version" not in REQUIREMENT_FIELDS
    assert {"hw_virt", "slat", "nx", "boot_device", "pvh_dom0"} <= set(REQUIREMENT_FIELDS)
    assert set(REQUIREMENT_FIELDS) | {
        "id",
        "product",
        "min_version",
        "max_version",
        "note",
        "sources",
    } == set(HostRequirement.model_fields)


def test_a_user_catalog_replaces_an_entry_and_adds_a_release(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'sources:\n  lab: {title: Our lab notes, url: "https://example.org/lab"}\n'
        "releases:\n"
        '  - {product: esxi, version: "10.0", name: VMware ESXi 10.0, sources: [lab]}\n'
        "host_requirements:\n"
        "  - id: esxi-8.0-onward\n    product: esxi\n"
        '    min_version: "8.0"\n    recommended_memory_gb: 16\n    sources: [lab]\n',
    )
    catalog = load_catalog([str(path)])
    assert catalog.origin["host-requirement:esxi-8.0-onward"] == str(path)
    assert catalog.origin["release:esxi 10.0"] == str(path)
    match, reqs = requirements_for(catalog, "esxi", "VMware ESXi", "10.0")
    assert match.status == "found"
    assert reqs.values["recommended_memory_gb"] == 16
    assert reqs.values["min_memory_gb"] == 8  # still from the bundled 7.0-onward entry


def test_a_later_entry_wins_a_tie(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "sources:\n  lab: {title: Our lab notes}\n"
        "host_requirements:\n"
        '  - {id: lab-esxi-7, product: esxi, min_version: "7.0", min_memory_gb: 16,'
        " sources: [lab]}\n",
    )
    catalog = load_catalog([str(path)])
    _, reqs = requirements_for(catalog, "esxi", "VMware ESXi", "7.0 U1")
    assert reqs.values["min_memory_gb"] == 16
    _, eight = requirements_for(catalog, "esxi", "VMware ESXi", "8.0")
    assert eight.values["min_memory_gb"] == 16


def test_an_undefined_source_is_reported_with_its_path(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "releases:\n"
        '  - {product: esxi, version: "9.0", name: VMware ESXi 9.0, sources: [nowhere]}\n',
    )
    _, findings = load_catalog_file(path)
    assert [f.logical_path for f in findings] == ["releases[0].sources[0]"]
    assert (findings[0].span.line, findings[0].span.column) == (4, 70)


@pytest.mark.parametrize(
    "text",
    [
        "  - {id: x, product: esxi, hw_virt: always, sources: [s]}\n",
        "  - {id: x, product: esxi, min_cores: 0, sources: [s]}\n",
        "  - {id: x, product: esxi, cpu_arch: [sparc], sources: [s]}\n",
        '  - {id: x, product: esxi, min_memory_gb: "8", sources: [s]}\n',
        "  - {id: x, product: esxi, boot_device: {min_size_gb: 32, shared: false}, sources: [s]}\n",
        "  - {id: x, product: esxi, sources: []}\n",
    ],
)
def test_invalid_requirements_are_refused(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "sources:\n  s: {title: S}\nhost_requirements:\n" + text)
    with pytest.raises(CatalogError):
        load_catalog([str(path)], bundled=False)


def test_editions_match_whole_words() -> None:
    known = ["Pro", "Professional", "Enterprise", "Education", "Home", "Mobile Enterprise"]
    assert edition_matches("Pro", known) == "Pro"
    assert edition_matches("pro for workstations", known) == "Pro"
    assert edition_matches("Enterprise LTSC", known) == "Enterprise"
    assert edition_matches("Mobile Enterprise", known) == "Mobile Enterprise"
    assert edition_matches("Professional", known) == "Professional"
    assert edition_matches("Starter", known) is None
    assert edition_matches("Prophet", known) is None
    assert edition_in_name("Windows 11 Pro", known) == "Pro"
    assert edition_in_name("Windows 10 Mobile Enterprise", known) == "Mobile Enterprise"
    assert edition_in_name("Windows 10 Home N", known) == "Home"
    assert edition_in_name("Windows 11", known) is None
    assert edition_in_name("Windows 11 Prophet", known) is None
