"""The drivers catalog section: bindings, driver kinds, the HCL and the PCI registries, the bundled
data, and the foreign formats --catalog reads (modules.alias, ESXi .map, INF, pci.ids, all.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog, CatalogError, load_catalog
from hvcheck.catalog.drivers import (
    HclConstraint,
    device_ids,
    driver_key,
    evaluate_binding,
    firmware_ok,
    hcl_for_device,
    release_key,
)
from hvcheck.catalog.foreign import foreign_format
from hvcheck.catalog.pci.ids import DeviceIds
from hvcheck.model.host import PciId

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "apiVersion: hvcheck/v1\nkind: Catalog\nsources:\n  s1: {title: test}\n"


def _load(tmp_path: Path, body: str, name: str = "extra.yaml") -> Catalog:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return load_catalog([str(path)])


def _errors(tmp_path: Path, body: str) -> list[tuple[int, int, str]]:
    with pytest.raises(CatalogError) as info:
        _load(tmp_path, body)
    return [(f.span.line, f.span.column, f.message) for f in info.value.findings]


# --- the bundled data ------------------------------------------------------------------------------


def test_bundled_sections_load(catalog: Catalog) -> None:
    d = catalog.drivers
    assert {b.driver for b in d.bindings} >= {"vmxnet3", "vmw_pvscsi", "virtio_pci", "netkvm"}
    assert all(b.sources for b in d.bindings)
    assert d.kind_support("esxi", "native") is not None
    assert d.kind_support("esxi", "vmklinux") is not None
    assert d.kind_support("hyperv", "native") is None
    registry = d.complete_registry()
    assert registry is not None and registry.title == "pci.ids 2026.08.22"
    assert len(registry.vendors) > 2000
    assert d.vendor_name("8086") == "Intel Corporation"
    assert d.vendor_name("15AD") == "VMware"
    assert d.vendor_name("8680") is None
    assert d.class_name("010802") == "NVM Express"
    assert d.class_name("0108") == "Non-Volatile memory controller"
    assert d.class_name("0c03") == "USB controller"
    # no HCL data is bundled: it is not redistributable (reference §8)
    assert not d.has_hcl("esxi", "8.0 U2")
    for cls in ("network", "storage", "display", "usb", "input", "serial", "accelerator"):
        assert d.class_rule(cls) is not None, cls
    assert d.class_rule("other") is None


def test_bundled_bindings_match_their_sources(catalog: Catalog) -> None:
    d = catalog.drivers
    vmxnet3 = d.binding_for("vmxnet3", "linux-module", "kvm")
    assert vmxnet3 is not None and vmxnet3.complete
    assert evaluate_binding(vmxnet3, DeviceIds("15ad", "07b0")).match is True
    assert evaluate_binding(vmxnet3, DeviceIds("8086", "100f")).match is False
    netkvm = d.binding_for("netkvm", "windows-x64", "kvm")
    assert netkvm is not None
    assert evaluate_binding(netkvm, DeviceIds("1af4", "1041", "1af4", "1100", revision="01")).match
    nmlx = d.binding_for("nmlx5_core", "native", "esxi")
    assert nmlx is not None and not nmlx.complete
    assert d.binding_for("nmlx5_core", "native", "kvm") is None  # ESXi only
    # Linux modules other than these bind by the kernels' alias table (catalogs/generated)
    assert d.binding_for("nvme", "linux-module", None) is None
    nvme = catalog.kernel_binding("nvme", "kvm")
    assert nvme is not None
    verdict = nvme.evaluate(DeviceIds("144d", "a80a"), None)
    assert (verdict.match, verdict.needs) == (None, ("class_code",))


def test_kind_thresholds_compare_releases(catalog: Catalog) -> None:
    vmklinux = catalog.drivers.kind_support("esxi", "vmklinux")
    native = catalog.drivers.kind_support("esxi", "native")
    assert vmklinux is not None and native is not None
    removed, deprecated = release_key(vmklinux.removed), release_key(vmklinux.deprecated)
    assert release_key("6.7 U3") < removed <= release_key("7.0") < release_key("7.0 U3")
    assert deprecated <= release_key("6.5") and deprecated <= release_key("6.7 U3")
    assert release_key("5.1") < release_key(native.introduced) <= release_key("5.5 U3")


def test_release_key() -> None:
    assert release_key("ESXi 8.0") == release_key("8.0") == release_key("8.0 U0") == (8,)
    assert release_key("ESXi 7.0 U3c") == release_key("7.0.3") == (7, 0, 3)
    assert release_key("7.0 U3") < release_key("8.0") < release_key("8.0 U2")
    assert release_key(None) == ()


def test_driver_names_compare_like_linux_module_names() -> None:
    assert driver_key("virtio-pci") == driver_key("virtio_pci") == driver_key("VIRTIO_PCI")


def test_device_ids_from_the_host_model() -> None:
    pci = PciId(vendor="8086", device="1572", subvendor="103C", subdevice="22fa", class_code="0200")
    ids = device_ids(pci)
    assert (ids.vendor, ids.subvendor, ids.class_code) == ("8086", "103c", "0200")


def test_firmware_criteria() -> None:
    exact = HclConstraint(driver_name="lsi_mr3", firmware_versions=["52.20.0-4341"])
    assert firmware_ok(exact, "52.20.0-4341")
    assert not firmware_ok(exact, "52.26.0-5179")
    minimum = HclConstraint(
        driver_name="lsi_mr3", firmware_versions=["52.20.0-4341"], firmware_match="MINIMUM"
    )
    assert firmware_ok(minimum, "52.26.0-5179")
    assert firmware_ok(minimum, "52.20.0-4341")
    assert not firmware_ok(minimum, "51.14.0-3900")


# --- catalog validation ----------------------------------------------------------------------------


def test_binding_patterns_are_validated_with_positions(tmp_path: Path) -> None:
    body = """\
drivers:
  bindings:
    - driver: vmxnet3
      kinds: [linux-module]
      modalias: ["pci:v15ADd07B0sv*sd*bc*sc*i*"]
      sources: [s1]
"""
    ((line, col, message),) = _errors(tmp_path, body)
    assert (line, col) == (9, 18)
    assert "not a PCI modalias pattern" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "      kinds: [linux-module]\n      modalias: ['pci:v*d*sv*sd*bc*sc*i*']\n"
            "      inf: ['PCI\\VEN_1AF4&DEV_1000']\n",
            "exactly one of modalias, esxi_map or inf",
        ),
        ("      kinds: [native]\n      modalias: ['pci:v*d*sv*sd*bc*sc*i*']\n", "not native"),
        ("      kinds: [windows-x64]\n", "exactly one of"),
        ("      kinds: [native]\n      esxi_map: ['15b3:101d']\n", "not an ESXi map id"),
        ("      kinds: [windows-x64]\n      inf: ['PCI\\DEV_1000&VEN_1AF4']\n", "never reports"),
    ],
)
def test_binding_entry_errors(tmp_path: Path, body: str, expected: str) -> None:
    text = f"drivers:\n  bindings:\n    - driver: d1\n{body}      sources: [s1]\n"
    errors = _errors(tmp_path, text)
    assert any(expected in m for _, _, m in errors), errors


def test_entries_must_cite_sources_of_their_file(tmp_path: Path) -> None:
    body = """\
drivers:
  pci_classes:
    - {device_class: network, class_codes: ["02"], sources: [nowhere]}
"""
    ((line, col, message),) = _errors(tmp_path, body)
    assert (line, col) == (7, 62)
    assert "source 'nowhere' is not defined" in message


def test_later_catalogs_take_precedence(tmp_path: Path) -> None:
    body = """\
drivers:
  bindings:
    - driver: vmxnet3
      kinds: [linux-module]
      modalias: ["pci:v000015ADd000007B1sv*sd*bc*sc*i*"]
      complete: true
      sources: [s1]
"""
    cat = _load(tmp_path, body)
    binding = cat.drivers.binding_for("vmxnet3", "linux-module", "kvm")
    assert binding is not None and binding.modalias == ["pci:v000015ADd000007B1sv*sd*bc*sc*i*"]


def test_hcl_entries_and_coverage(tmp_path: Path) -> None:
    body = """\
drivers:
  hcl:
    - {vendor: "1000", device: "10e2", subvendor: "1028", subdevice: "1ae2", release: ESXi 8.0 U2,
       constraints: [{driver_name: lsi_mr3}], sources: [s1]}
    - {vendor: "1000", device: "10e2", release: "8.0 U1", sources: [s1]}
  hcl_coverage:
    - {title: our list, releases: [ESXi 8.0 U2], device_classes: [storage], sources: [s1]}
"""
    d = _load(tmp_path, body).drivers
    assert d.has_hcl("esxi", "8.0 U2") and d.has_hcl("esxi", "8.0 U1")
    assert not d.has_hcl("esxi", "7.0 U3") and not d.has_hcl("kvm", "8.0 U2")
    ids = DeviceIds("1000", "10e2", "1028", "1ae2")
    here, other = hcl_for_device(d, "esxi", "ESXi 8.0 U2", ids)
    assert [e.release for e in here] == ["ESXi 8.0 U2"]
    assert [e.release for e in other] == ["8.0 U1"]
    here, _ = hcl_for_device(d, "esxi", "8.0 U2", DeviceIds("1000", "10e2", "1028", "1fff"))
    assert here == []
    claim = d.coverage("esxi", "8.0 U2", "storage")
    assert claim is not None and claim.title == "our list"
    assert d.coverage("esxi", "8.0 U2", "network") is None
    assert d.coverage("esxi", "8.0 U1", None) is None


# --- foreign formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("pci.ids", "pci-ids"),
        ("modules.alias", "modules-alias"),
        ("nmlx5_core.map", "esxi-map"),
        ("netkvm.inf", "inf"),
        ("viostor.inx", "inf"),
        ("all.json", "json"),
        ("extra.yaml", None),
    ],
)
def test_foreign_formats_by_name(name: str, kind: str | None) -> None:
    assert foreign_format(Path(name)) == kind


def test_modules_alias_becomes_complete_bindings() -> None:
    d = load_catalog([str(FIXTURES / "modules.alias")]).drivers
    i40e = d.binding_for("i40e", "linux-module", "kvm")
    assert i40e is not None and i40e.complete  # the loaded file replaces the bundled partial list
    assert i40e.modalias == [
        "pci:v00008086d0000104Fsv*sd*bc02sc00i*",
        "pci:v00008086d00001572sv*sd*bc*sc*i*",
    ]
    assert evaluate_binding(i40e, DeviceIds("8086", "1580")).match is False
    assert evaluate_binding(i40e, DeviceIds("8086", "104f", class_code="0280")).match is False
    nvme = d.binding_for("nvme", "linux-module", "kvm")
    assert nvme is not None and len(nvme.modalias) == 2
    assert d.binding_for("r8152", "linux-module", "kvm") is None  # a USB alias
    vfio = d.binding_for("nvgrace-gpu-vfio-pci", "linux-module", "kvm")
    assert vfio is not None and vfio.modalias[0].startswith("vfio_pci:")


def test_map_file_becomes_a_complete_native_binding() -> None:
    d = load_catalog([str(FIXTURES / "nmlx5_core.map")]).drivers
    nmlx = d.binding_for("nmlx5_core", "native", "esxi")
    assert nmlx is not None and nmlx.complete and len(nmlx.esxi_map) == 3
    assert evaluate_binding(nmlx, DeviceIds("15b3", "1015", "15b3", "0003")).match is True
    assert evaluate_binding(nmlx, DeviceIds("15b3", "1017", "15b3", "0003")).match is False
    assert d.binding_for("cdce", "native", "esxi") is None  # a USB line


def test_inf_becomes_a_binding_named_after_its_service() -> None:
    d = load_catalog([str(FIXTURES / "netkvm.inf")]).drivers
    netkvm = d.binding_for("netkvm", "windows-x64", "hyperv")
    assert netkvm is not None and netkvm.complete
    assert netkvm.inf == [
        "PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00",
        "PCI\\VEN_1AF4&DEV_1000",
        "PCI\\VEN_1AF4&DEV_1041&SUBSYS_11001AF4&REV_01",
        "PCI\\VEN_1AF4&DEV_1041",
    ]
    # the loaded file names x64 only; the bundled entry still answers for x86
    x86 = d.binding_for("netkvm", "windows-x86", "hyperv")
    assert x86 is not None and x86.sources == ["virtio-win-netkvm", "ms-pci-identifiers"]


def test_inx_template_placeholders_leave_the_table_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "viostor.inx"
    path.write_text(
        "[Manufacturer]\n%VENDOR% = VioStor,NT$ARCH$\n[VioStor.NT$ARCH$]\n"
        "%D% = scsi_inst, PCI\\VEN_1AF4&DEV_1001&SUBSYS_0002_INX_SUBSYS_VENDOR_ID&REV_00, "
        "PCI\\VEN_1AF4&DEV_1001\n[scsi_inst.Services]\nAddService = viostor, 0x00000002, x\n",
        encoding="utf-8",
    )
    binding = load_catalog([str(path)]).drivers.binding_for("viostor", "windows-x86", None)
    assert binding is not None and not binding.complete
    assert binding.inf == ["PCI\\VEN_1AF4&DEV_1001"]
    assert binding.note is not None and "INX_SUBSYS_VENDOR_ID" in binding.note


def test_utf16_inf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "netkvm.inf"
    path.write_bytes((FIXTURES / "netkvm.inf").read_text(encoding="utf-8").encode("utf-16"))
    assert load_catalog([str(path)]).drivers.binding_for("netkvm", "windows-x64", None)


def test_pci_ids_file_becomes_a_complete_registry() -> None:
    d = load_catalog([str(FIXTURES / "pci.ids")]).drivers
    first = d.registries[0]
    assert first.title == "pci.ids 2026.08.22" and first.complete
    assert first.vendors["1000"] == "Broadcom / LSI"
    assert first.classes["010802"] == "NVM Express"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad-pci.ids",
            [(4, 1, "line 4 is not a pci.ids line"), (5, 1, "line 5 is not a pci.ids line")],
        ),
        (
            "bad-modules.alias",
            [(2, 1, "line 2 is not an 'alias pci:"), (3, 1, "line 3 is not an 'alias pci:")],
        ),
        ("bad.map", [(2, 1, "line 2 is not an ESXi driver map line"), (3, 1, "line 3 is not")]),
        (
            "bad-all.json",
            [
                (5, 15, "expected a PCI ID as 1 to 4 hexadecimal digits"),
                (7, 70, "list of firmwares"),
            ],
        ),
    ],
)
def test_foreign_errors_have_positions(name: str, expected: list[tuple[int, int, str]]) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog([str(FIXTURES / name)])
    got = [(f.span.line, f.span.column, f.message) for f in info.value.findings]
    assert [(line, col) for line, col, _ in got] == [(line, col) for line, col, _ in expected]
    for (_, _, message), (_, _, part) in zip(got, expected, strict=True):
        assert part in message
    assert all(f.code == "HV0004" for f in info.value.findings)


def test_all_json_becomes_hcl_entries_and_coverage() -> None:
    d = load_catalog([str(FIXTURES / "all.json")]).drivers
    # leading zeros dropped by some producers are restored
    entries = d.hcl_entries("esxi", "1000", "0014")
    assert sorted(e.release for e in entries) == ["ESXi 7.0 U3", "ESXi 8.0 U1"]
    first = next(e for e in entries if e.release == "ESXi 7.0 U3")
    assert (first.subvendor, first.subdevice, first.category) == ("1137", "020e", "controller")
    assert first.model == "Cisco 12G Modular Raid Controller with 2GB cache"
    assert first.link is not None and first.link.endswith("productid=44545")
    (constraint,) = first.constraints
    assert constraint.driver_name == "lsi_mr3"
    assert constraint.driver_version == "7.719.02.00-1OEM.700.1.0.15843807"
    assert constraint.firmware_versions == ["51.10.0-3612", "51.14.0-3900"]
    assert constraint.firmware_match == "EXACT"
    assert "Hybrid:RAID 0" in constraint.supported_features
    nvme = d.hcl_entries("esxi", "1e0f", "001f")[0].constraints[0]
    assert "mode: vSAN ESA" in nvme.supported_features and nvme.driver_type == "inbox"
    # the controller without vid/did and the disk without PCI identity are left out
    assert (
        sum(len(d.hcl_entries("esxi", v, i)) for v, i in (("1000", "0014"), ("1e0f", "001f"))) == 3
    )
    claim = d.coverage("esxi", "ESXi 8.0 U2", "storage")
    assert claim is not None and claim.title.startswith(
        "the vSAN HCL (all.json, updated 2024-05-06"
    )
    assert d.coverage("esxi", "8.0 U2", "network") is None  # no nic list in this file


def test_a_json_catalog_in_hvcheck_format_is_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    data = {
        "apiVersion": "hvcheck/v1",
        "kind": "Catalog",
        "sources": {"s1": {"title": "t"}},
        "drivers": {
            "pci_classes": [{"device_class": "other", "class_codes": ["ff"], "sources": ["s1"]}]
        },
    }
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert load_catalog([str(path)]).drivers.class_rule("other") is not None
    data["drivers"]["pci_classes"][0]["class_codes"] = ["f"]  # type: ignore[index]
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog([str(path)])
    assert info.value.findings[0].span.line > 1


def test_broken_json_is_a_syntax_finding(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    path.write_text('{"data": {"controller": [}', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog([str(path)])
    assert info.value.findings[0].code == "HV0001"


def test_directories_load_foreign_files(tmp_path: Path) -> None:
    for name in ("nmlx5_core.map", "pci.ids"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "notes.txt").write_text("not a catalog", encoding="utf-8")
    d = load_catalog([str(tmp_path)]).drivers
    assert d.binding_for("nmlx5_core", "native", "esxi") is not None
    assert d.registries[0].title == "pci.ids 2026.08.22"
