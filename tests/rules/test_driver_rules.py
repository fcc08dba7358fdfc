"""Driver-binding, PCI-registry and HCL rules (HV12xx, HV32xx) beyond their case files: catalogs
other than the bundled ones, severity settings, and the examples' sample HCL."""

from __future__ import annotations

from pathlib import Path

from hvcheck.catalog import Catalog, load_catalog
from hvcheck.engine import Options, check_text
from hvcheck.findings import Severity
from tests.conftest import EXAMPLES

FIXTURES = Path(__file__).parents[1] / "catalog" / "fixtures"

ESX_CONTROLLER = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "7.0 U3"}
  devices:
    - {id: vmhba1, class: storage, pci: {vendor: "1000", device: "0014", subvendor: "1137", subdevice: "020e"}}
  drivers:
    - {name: megaraid_sas, kind: native, location: hypervisor, drives: [vmhba1]}
"""


def _codes(text: str, catalog: Catalog, options: Options | None = None) -> list[tuple[str, str]]:
    report = check_text(text, "host.yaml", catalog, options)
    return [(f.code, f.severity.label) for f in report.findings]


def test_hcl_severity_is_configurable() -> None:
    catalog = load_catalog([str(FIXTURES / "all.json")])
    assert ("HV3204", "error") in _codes(ESX_CONTROLLER, catalog)
    relaxed = Options(severity={"hcl-mismatch": Severity.WARNING})
    assert ("HV3204", "warning") in _codes(ESX_CONTROLLER, catalog, relaxed)
    strict = Options(severity={"HV3203": Severity.ERROR})
    moved = ESX_CONTROLLER.replace('"7.0 U3"', '"8.0 U2"')
    assert ("HV3203", "error") in _codes(moved, catalog, strict)


def test_the_examples_sample_hcl_is_an_all_json(catalog: Catalog) -> None:
    sample = load_catalog([str(EXAMPLES / "catalogs" / "vsan-hcl-sample.json")])
    assert sample.drivers.has_hcl("esxi", "ESXi 7.0 U3")
    assert not catalog.drivers.has_hcl("esxi", "ESXi 7.0 U3")


def test_unlisted_vendor_is_unknown_with_only_partial_registries(tmp_path: Path) -> None:
    partial = tmp_path / "vendors.yaml"
    partial.write_text(
        """\
apiVersion: hvcheck/v1
kind: Catalog
sources:
  s1: {title: a few vendors}
drivers:
  pci_ids:
    - {title: our vendor list, complete: false, vendors: {"8086": Intel Corporation}, sources: [s1]}
""",
        encoding="utf-8",
    )
    catalog = load_catalog([str(partial)], bundled=False)
    host = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: h1}
spec:
  hypervisor: {product: kvm}
  devices:
    - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}, in_use: false}
    - {id: nic1, class: network, pci: {vendor: "14e4", device: "165f"}, in_use: false}
"""
    report = check_text(host, "host.yaml", catalog)
    found = [f for f in report.findings if f.code == "HV1204"]
    assert [(f.span.line, f.severity) for f in found] == [(8, Severity.INFO)]
    assert "which are partial, so whether it is registered is unknown" in found[0].message


def test_a_vfio_override_alias_counts_as_a_binding() -> None:
    catalog = load_catalog([str(FIXTURES / "modules.alias")])
    host = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: kvm01}
spec:
  hypervisor: {product: kvm, version: "8.2"}
  host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
  devices:
    - {id: gpu0, class: accelerator, pci: {vendor: "10de", device: "1eb8"}}
    - {id: gpu1, class: accelerator, pci: {vendor: "10de", device: "20b0"}}
  drivers:
    - {name: nvgrace-gpu-vfio-pci, kind: linux-module, location: host-os, drives: [gpu0, gpu1]}
"""
    report = check_text(host, "host.yaml", catalog)
    found = [f for f in report.findings if f.code in ("HV1201", "HV1203")]
    assert [(f.code, f.span.line) for f in found] == [("HV1201", 11)]
    assert "'gpu1'" in found[0].message
