"""The importers' place in the architecture, and their agreement with the catalogs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hvcheck.catalog import Catalog
from hvcheck.importers import libvirt, vmx

PACKAGE = Path(__file__).resolve().parents[2] / "hvcheck" / "importers"
ALLOWED = (
    "hvcheck.importers",
    "hvcheck.findings",
    "hvcheck.model",
    "hvcheck.loader",
    "hvcheck.catalog",
    "hvcheck.atomicio",
)


def test_importers_use_only_the_model_loader_catalog_and_atomicio() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("hvcheck."):
                    assert name.startswith(ALLOWED), f"{path.name} imports {name}"


TABLES = [
    ("kvm", libvirt.NIC_MODELS),
    ("kvm", libvirt.SCSI_MODELS),
    ("kvm", libvirt.VIDEO_MODELS),
    ("kvm", libvirt.SERIAL_TARGETS),
    ("esxi", vmx.NIC_MODELS),
    ("esxi", vmx.SCSI_MODELS),
]


@pytest.mark.parametrize(("product", "table"), TABLES)
def test_mapped_models_agree_with_the_catalog(
    catalog: Catalog, product: str, table: dict[str, tuple[str, str]]
) -> None:
    for raw, (model_id, mode) in table.items():
        for prod in (product, "xen") if product == "kvm" else (product,):
            model = catalog.device_model(model_id, prod)
            if model is not None:
                assert model.mode == mode, f"{raw} -> {model_id}: catalog says {model.mode}"


def test_core_models_are_catalogued(catalog: Catalog) -> None:
    for product, model_id in [
        ("kvm", "virtio-net"),
        ("kvm", "virtio-blk"),
        ("kvm", "virtio-scsi"),
        ("kvm", "qemu-e1000"),
        ("kvm", "qemu-e1000e"),
        ("kvm", "qemu-rtl8139"),
        ("kvm", "qemu-ide"),
        ("kvm", "qemu-ahci"),
        ("kvm", "qxl"),
        ("kvm", "cirrus"),
        ("kvm", "stdvga"),
        ("kvm", "vfio-pci"),
        ("xen", "xen-netfront"),
        ("xen", "xen-blkfront"),
        ("xen", "qemu-rtl8139"),
        ("xen", "qemu-e1000"),
        ("xen", "qemu-ide"),
        ("xen", "xen-pci-passthrough"),
        ("esxi", "vmxnet3"),
        ("esxi", "e1000"),
        ("esxi", "pvscsi"),
        ("esxi", "directpath"),
    ]:
        assert catalog.device_model(model_id, product) is not None, (product, model_id)
    # QEMU's e1000 does not shadow ESXi's
    e1000 = catalog.device_model("e1000", "esxi")
    assert e1000 is not None and e1000.pci_id == "8086:100f"
