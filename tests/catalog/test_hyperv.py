"""The Hyper-V catalog section (catalogs/hyperv-guests.yaml, catalogs/hyperv-limits.yaml) and its queries."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from hvcheck.catalog import Catalog, CatalogError, default_catalog_dir, load_catalog
from hvcheck.catalog.guests import IntegrationKind
from hvcheck.catalog.hyperv import GuestMatch, ReleaseRange
from hvcheck.catalog.hyperv_lookup import guest_matches, kind_matches, release_in
from hvcheck.catalog.store import load_catalog_file
from hvcheck.model.host import GuestOS, Integration

FILES = ("hyperv-guests.yaml", "hyperv-limits.yaml")
PRODUCTS = ("hyperv", "hyperv-client")


def _os(
    name: str, version: str | None = None, family: str = "linux", arch: str | None = "x64"
) -> GuestOS:
    return GuestOS.model_validate(
        {"family": family, "name": name, "version": version, "arch": arch}
    )


@pytest.mark.parametrize("name", FILES)
def test_bundled_file_validates_and_cites_its_own_sources(name: str) -> None:
    files, findings = load_catalog_file(default_catalog_dir() / name)
    assert findings == []
    assert len(files) == 1
    section = files[0].hyperv
    assert any(entries for _, entries in section.sections())


def test_an_undefined_source_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\nhyperv:\n  vm_limits:\n"
        "    - {id: vcpus, label: virtual processors, products: [hyperv], counts: vcpus, max: 4,"
        " sources: [nowhere]}\n",
        encoding="utf-8",
    )
    _, findings = load_catalog_file(path)
    assert [f.logical_path for f in findings] == ["hyperv.vm_limits[0].sources[0]"]
    assert findings[0].span.line == 5


def test_unknown_keys_in_the_section_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\nhyperv:\n  vm_limit: []\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError):
        load_catalog([str(path)], bundled=False)


def test_integration_kinds_match_the_host_format() -> None:
    annotation = Integration.model_fields["kind"].annotation
    literal = next(a for a in get_args(annotation) if get_args(a))
    assert set(get_args(IntegrationKind)) == set(get_args(literal))


# --- release and guest matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "release", "inside"),
    [
        ("2016", "2019", "2019", True),
        ("2016", "2019", "2016", True),
        ("2016", "2019", "2022", False),
        ("2016", "2019", "2012 R2", False),
        ("2016", None, "2025", True),
        (None, "7.9", "7.9.2009", True),
        (None, "7.9", "7.10", False),
        ("8.1", "8", "8.10", True),
        ("8.1", "8", "8.0", False),
        ("2016", "2019", None, False),
        (None, None, None, True),
    ],
)
def test_release_ranges(lo: str | None, hi: str | None, release: str | None, inside: bool) -> None:
    rng = ReleaseRange(min_version=lo, max_version=hi)
    assert release_in(rng, release) is inside


def test_guest_matching() -> None:
    win7 = GuestMatch(family="windows", names=["Windows 7 SP1"])
    assert guest_matches(win7, _os("Windows 7", "SP1", "windows"))
    assert guest_matches(win7, _os("windows 7 sp1", None, "windows"))
    assert not guest_matches(win7, _os("Windows 7", None, "windows"))
    lts = GuestMatch(family="linux", names=["Ubuntu"], versions=["20.04"])
    assert guest_matches(lts, _os("Ubuntu", "20.04.6"))
    assert not guest_matches(lts, _os("Ubuntu", "20.10"))
    assert not guest_matches(lts, _os("Ubuntu"))  # release unknown: no match
    any32 = GuestMatch(arch="x86")
    assert guest_matches(any32, _os("Windows 10", None, "windows", "x86"))
    assert not guest_matches(any32, _os("Windows 10", None, "windows", None))


def test_a_guest_without_an_integration_kind_runs_what_ships_with_it() -> None:
    assert kind_matches(["lis-builtin"], None)
    assert not kind_matches(["lis-download"], None)
    assert kind_matches(["lis-download"], "lis-download")
    assert kind_matches([], "vmware-tools")


# --- queries over the bundled catalogs ------------------------------------------------------------


def test_per_vm_limits_by_release_and_generation(catalog: Catalog) -> None:
    hv = catalog.hyperv

    def limit(limit_id: str, release: str | None, gen: int, product: str = "hyperv") -> int | None:
        found = hv.limit(product, limit_id, release, gen)
        return found.max if found is not None else None

    assert limit("vcpus", "2016", 2) == 240
    assert limit("vcpus", "2019", 2) == 240
    assert limit("vcpus", "2022", 2) == 1024
    assert limit("vcpus", "2012 R2", 2) is None  # not in the sources: unknown
    assert limit("memory-mb", "2025", 2) == 240 * 1024 * 1024
    assert limit("scsi-controllers", "2022", 2) == 4
    assert limit("scsi-disks", "2019", 1) == 64
    assert limit("vcpus", "2025", 2) == 2048
    assert limit("vcpus", "2022", 1) == 64
    assert limit("memory-mb", "2019", 1) == 1024 * 1024
    assert limit("memory-mb", "2019", 2) == 12 * 1024 * 1024
    assert limit("synthetic-nics", "2016", 2) == 8
    assert limit("synthetic-nics", "2019", 1) == 64
    assert limit("synthetic-nics", "2022", 2) == 64
    assert limit("synthetic-nics", "2012 R2", 2) is None
    assert limit("legacy-nics", None, 1) == 4
    assert limit("legacy-nics", "2022", 2) is None  # generation 2 has none at all
    assert limit("ide-disks", "11", 1, "hyperv-client") == 4
    assert limit("vcpus", "11", 2, "hyperv-client") is None


def test_generation_profiles(catalog: Catalog) -> None:
    hv = catalog.hyperv
    for product in PRODUCTS:
        g1, g2 = hv.generation(product, 1), hv.generation(product, 2)
        assert g1 is not None and g2 is not None
        assert (g1.firmware, g1.secure_boot) == ("bios", False)
        assert (g2.firmware, g2.secure_boot) == ("uefi", True)
        assert "ide" in g1.boot_buses and "ide" not in g2.buses
        assert g2.cdrom_media == ["iso"]
    assert hv.bus_of("hyperv", "ide-controller") == "ide"
    assert hv.bus_of("hyperv", "scsi-dvd") == "scsi"
    assert hv.bus_of("hyperv", "synthetic-nic") is None


def test_device_models_carry_their_generations(catalog: Catalog) -> None:
    def gens(model: str) -> list[int]:
        found = catalog.device_model(model, "hyperv")
        assert found is not None, model
        return list(found.generations)

    assert gens("legacy-nic") == [1]
    assert gens("dec-21140") == [1]
    assert gens("floppy") == [1]
    assert gens("ide-dvd") == [1]
    assert gens("scsi-dvd") == [2]
    assert gens("synthetic-nic") == [1, 2]
    assert gens("dda") == [1, 2]
    # Virtual Server offers the same DEC 21140 and knows nothing of generations
    vs = catalog.device_model("legacy-nic", "virtual-server")
    assert vs is not None and "hyperv-client" in vs.products


@pytest.mark.parametrize(
    ("os", "generations"),
    [
        (_os("Windows 11", None, "windows"), [2]),
        (_os("Windows 10", None, "windows", "x86"), [1]),
        (_os("Windows 10", None, "windows", "x64"), [1, 2]),
        (_os("Windows Server 2008 R2", None, "windows"), [1]),
        (_os("Ubuntu", "24.04"), [1, 2]),
        (_os("Ubuntu", "12.04"), [1]),
        (_os("SUSE Linux Enterprise Server", "11.4"), [1]),
        (_os("SLES", "15"), [1, 2]),
        (_os("openSUSE", "12.3"), [1]),
        (_os("Oracle Linux UEK R3", "QU2"), [1]),
        (_os("FreeBSD", "13.5", "freebsd"), [1, 2]),
        (_os("FreeBSD", "10.1", "freebsd"), [1]),
        (_os("CentOS", "7.9.2009"), [1, 2]),
    ],
)
def test_generation_support(catalog: Catalog, os: GuestOS, generations: list[int]) -> None:
    entry = catalog.hyperv.generation_support_for("hyperv", os)
    assert entry is not None
    assert list(entry.generations) == generations


def test_unlisted_guests_are_unknown(catalog: Catalog) -> None:
    hv = catalog.hyperv
    assert hv.generation_support_for("hyperv", _os("Alpine Linux", "3.19")) is None
    assert hv.generation_support_for("hyperv", _os("Ubuntu", "23.10")) is None
    assert hv.generation_support_for("esxi", _os("Ubuntu", "22.04")) is None


@pytest.mark.parametrize(
    ("os", "kind", "feature", "expected"),
    [
        (_os("Ubuntu", "14.04"), None, "sr-iov", "not-available"),
        (_os("Ubuntu", "16.04"), None, "sr-iov", "available"),
        (_os("Ubuntu", "20.04"), "lis-builtin", "dynamic-memory", "available"),
        (_os("Ubuntu", "20.04"), "lis-download", "dynamic-memory", None),
        (_os("Ubuntu", "22.04"), None, "dynamic-memory", None),
        (_os("RHEL", "7.2"), None, "pci-passthrough", "not-available"),
        (_os("RHEL", "7.3"), None, "pci-passthrough", "available"),
        (_os("RHEL", "7.3"), "lis-builtin", "sr-iov", "not-available"),
        (_os("RHEL", "7.3"), "lis-download", "sr-iov", "available"),
        (_os("RHEL", "7.8"), "lis-download", "sr-iov", None),
        (_os("RHEL", "7.0"), None, "file-copy", None),
        (_os("CentOS", "7.9.2009"), None, "many-vcpus", "available"),
        (_os("RHEL", "8.0"), None, "many-vcpus", "not-available"),
        (_os("RHEL", "8.10"), None, "many-vcpus", "available"),
        (_os("Red Hat Enterprise Linux", "10.0"), None, "secure-boot", "available"),
        (_os("FreeBSD", "12.4", "freebsd"), None, "dynamic-memory", "not-available"),
        (_os("FreeBSD", "12.4", "freebsd"), None, "pci-passthrough", "available"),
        (_os("FreeBSD", "11.0", "freebsd"), None, "uefi-boot", None),
        (_os("FreeBSD", "9.3", "freebsd"), "bis", "kvp", "available"),
        (_os("Windows Server 2012 R2", None, "windows"), None, "pci-passthrough", "needs-update"),
        (_os("Windows Server 2022", None, "windows"), None, "pci-passthrough", None),
        (_os("Windows 10", None, "windows", "x86"), None, "sr-iov", "not-available"),
        (_os("Windows 10", None, "windows", "x64"), None, "sr-iov", "available"),
        (_os("Windows 7", "SP1", "windows"), None, "sr-iov", "not-available"),
    ],
)
def test_feature_matrix(
    catalog: Catalog, os: GuestOS, kind: str | None, feature: str, expected: str | None
) -> None:
    found = catalog.hyperv.feature_availability("hyperv", os, kind, feature, "2019")
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("os", "feature", "release", "expected"),
    [
        (_os("Ubuntu", "20.04"), "sr-iov", "2012 R2", "not-available"),
        (_os("Ubuntu", "20.04"), "kvp", "2012 R2", "available"),
        (_os("Ubuntu", "20.04"), "sr-iov", "2016", "available"),
        (_os("Ubuntu", "20.04"), "sr-iov", None, None),
        (_os("RHEL", "9.4"), "kvp", "2012 R2", None),
        (_os("FreeBSD", "12.4", "freebsd"), "pci-passthrough", "2012 R2", "not-available"),
        (_os("FreeBSD", "9.0", "freebsd"), "kvp", "2019", None),
    ],
)
def test_feature_matrix_by_host_release(
    catalog: Catalog, os: GuestOS, feature: str, release: str | None, expected: str | None
) -> None:
    found = catalog.hyperv.feature_availability("hyperv", os, None, feature, release)
    assert (found[0] if found else None) == expected


def test_guest_vcpu_caps(catalog: Catalog) -> None:
    hv = catalog.hyperv

    def cap(name: str, version: str | None, gen: int) -> int | None:
        found = hv.guest_limit("hyperv", _os(name, version, "windows"), gen)
        return found.max_vcpus if found else None

    assert cap("Windows 7", "SP1", 1) == 4
    assert cap("Windows Server 2008", "SP2", 2) == 8
    assert cap("Windows 11", None, 2) == 32
    assert cap("Windows Server 2022", None, 2) == 1024
    assert cap("Windows Server 2022", None, 1) == 64
    assert cap("Windows Server 2025", None, 2) == 2048
    assert cap("Windows Vista", "SP2", 1) == 2
    assert hv.guest_limit_families("hyperv") == {"windows"}


def test_dda_facts_and_restrictions(catalog: Catalog) -> None:
    hv = catalog.hyperv
    facts = hv.dda_facts("hyperv")
    assert facts is not None
    assert release_in(facts.host, "2016") and not release_in(facts.host, "2012 R2")
    assert (facts.default_high_mmio_mb, facts.mmio_buffer_mb, facts.stop_action) == (
        512,
        512,
        "turn-off",
    )

    def forbidden(release: str | None) -> set[str]:
        return {s for r in hv.dda_restrictions_for("hyperv", release) for s in r.forbids}

    assert forbidden("2019") == {"save-restore", "live-migration", "dynamic-memory", "ha"}
    assert forbidden("2022") == {"save-restore", "live-migration", "dynamic-memory", "ha"}
    assert forbidden("2025") == {"save-restore", "live-migration", "dynamic-memory"}
    assert hv.dda_facts("hyperv-client") is None


def test_daemons_templates_and_dynamic_memory(catalog: Catalog) -> None:
    hv = catalog.hyperv
    daemons = {d.service: d.daemon for d in hv.daemons_for("hyperv", "linux", None)}
    assert daemons == {"kvp": "hv_kvp_daemon", "vss": "hv_vss_daemon", "fcopy": "hv_fcopy_daemon"}
    assert hv.daemons_for("hyperv", "linux", "lis-download") == []
    assert hv.daemons_for("hyperv", "freebsd", "bis") == []
    template = hv.secure_boot_template("hyperv", _os("Debian", "12"), "2022")
    assert template is not None and template.template == "MicrosoftUEFICertificateAuthority"
    assert hv.secure_boot_template("hyperv", _os("Debian", "12"), "2012 R2") is None
    assert hv.secure_boot_template("hyperv", _os("Windows Server 2022", None, "windows")) is None
    rule = hv.dynamic_memory_rule("hyperv", _os("Ubuntu", "20.04"))
    assert rule is not None and rule.multiple_of_mb == 128 and rule.arch == ["x64"]
    need = hv.memory_requirement("hyperv", _os("Windows Server 2012 R2", None, "windows"))
    assert need is not None and (need.min_memory_mb, need.recommended_memory_mb) == (512, 2048)
    assert hv.memory_requirement("hyperv", _os("Windows Server 2022", None, "windows")) is None


def test_catalog_references_are_consistent(catalog: Catalog) -> None:
    """Every model, feature and generation the section names exists for its products."""
    hv = catalog.hyperv
    features = set(hv.features)
    for row in hv.feature_matrix:
        assert set(row.features) <= features, row.os
    for feature in hv.features.values():
        for product in feature.products:
            for model in feature.device_models:
                assert catalog.device_model(model, product) is not None, (feature.id, model)
    for profile in hv.generations:
        for product in profile.products:
            for model in profile.boot_models:
                found = catalog.device_model(model, product)
                assert found is not None, model
                assert profile.generation in found.generations, (model, profile.generation)
    for product, model, _ in hv.model_buses:
        assert catalog.device_model(model, product) is not None, model
    for limit in hv.vm_limits:
        for product in limit.products:
            for model in limit.models:
                assert catalog.device_model(model, product) is not None, model


def test_a_user_catalog_entry_takes_precedence(tmp_path: Path) -> None:
    extra = tmp_path / "site.yaml"
    extra.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\n"
        "sources:\n  site: {title: Our own load tests}\n"
        "hyperv:\n  vm_limits:\n"
        "    - {id: vcpus, label: virtual processors, products: [hyperv],"
        ' host: {min_version: "2019", max_version: "2022"}, generations: [2], counts: vcpus,'
        " max: 1024, sources: [site]}\n",
        encoding="utf-8",
    )
    catalog = load_catalog([str(extra)])
    assert catalog.hyperv.limit("hyperv", "vcpus", "2022", 2).max == 1024  # type: ignore[union-attr]
    assert catalog.hyperv.limit("hyperv", "vcpus", "2019", 2).max == 1024  # type: ignore[union-attr]
    assert catalog.hyperv.limit("hyperv", "vcpus", "2016", 2).max == 240  # type: ignore[union-attr]
