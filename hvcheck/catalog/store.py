"""Loading catalogs (the bundled ones, then the user's ``--catalog`` files) into one queryable store."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from hvcheck.catalog.drivers import DriverIndex
from hvcheck.catalog.foreign import foreign_format, load_foreign_catalog
from hvcheck.catalog.generated import LINUX_PRODUCTS, QEMU_PRODUCTS, GeneratedTables
from hvcheck.catalog.guest_index import GuestIndex
from hvcheck.catalog.guests import HasSources
from hvcheck.catalog.hyperv_lookup import HyperVData
from hvcheck.catalog.memo import Remembers
from hvcheck.catalog.models import CatalogFile, DeviceModel, GuestSupport, Product, Source
from hvcheck.catalog.release_facts import ReleaseFactsIndex
from hvcheck.catalog.releases import HostRequirement, Release, release_id
from hvcheck.catalog.versions import normalize_name, version_key
from hvcheck.findings import INVALID_VALUE, Finding, make_finding
from hvcheck.loader import SourceMap, load_file
from hvcheck.loader.load import FAILED_DOCUMENT, ReadError, claims_hvcheck
from hvcheck.model.host import GuestOS
from hvcheck.model.validate import validate_model

if TYPE_CHECKING:
    from hvcheck.catalog.gentables import KernelBinding, QemuDevice
    from hvcheck.catalog.pci.ids import DeviceIds


class CatalogError(Exception):
    """A catalog could not be loaded; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


def default_catalog_dir() -> Path:
    """The catalogs shipped in the wheel, or the repository's ``catalogs/`` in a source checkout."""
    packaged = resources.files("hvcheck") / "_data" / "catalogs"
    path = Path(str(packaged))
    if path.is_dir():
        return path
    return Path(__file__).resolve().parents[2] / "catalogs"


@dataclass
class Catalog(Remembers):
    """All loaded facts, indexed for the rules."""

    files: list[str] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    device_models: dict[str, DeviceModel] = field(default_factory=dict)
    guest_support: list[GuestSupport] = field(default_factory=list)
    releases: dict[str, Release] = field(default_factory=dict)  # "product version" -> release
    host_requirements: dict[str, HostRequirement] = field(default_factory=dict)
    guests: GuestIndex = field(default_factory=GuestIndex)
    hyperv: HyperVData = field(default_factory=HyperVData)
    drivers: DriverIndex = field(default_factory=DriverIndex)
    generated: GeneratedTables = field(default_factory=GeneratedTables)
    """The generated tables (QEMU devices, Linux PCI aliases, pci.ids), read on first use."""
    release_facts: ReleaseFactsIndex = field(default_factory=ReleaseFactsIndex)
    origin: dict[str, str] = field(default_factory=dict)  # "kind:id" -> file
    _product_alias: dict[str, str] = field(default_factory=dict)
    _model_alias: dict[str, str] = field(default_factory=dict)

    # remember() (Remembers): lookups every host repeats (the guest support of an OS, a release's
    # requirements) are answered from memory after the first; loading more files clears them.

    def add(self, data: CatalogFile, file: str) -> None:
        self.forget()
        self.files.append(file)
        for sid, source in data.sources.items():
            self.sources[sid] = source
        for product in data.products:
            self.products[product.id] = product
            self.origin[f"product:{product.id}"] = file
            self._product_alias[product.id] = product.id
            for alias in product.aliases:
                self._product_alias[alias] = product.id
        for model in data.device_models:
            self.device_models[model.id] = model
            self.origin[f"device-model:{model.id}"] = file
            self._model_alias[model.id] = model.id
            for alias in model.aliases:
                self._model_alias[alias] = model.id
        for rel in data.releases:
            self.releases[release_id(rel.product, rel.version)] = rel
            self.origin[f"release:{release_id(rel.product, rel.version)}"] = file
        for req in data.host_requirements:
            self.host_requirements.pop(req.id, None)  # a replaced entry moves to the end
            self.host_requirements[req.id] = req
            self.origin[f"host-requirement:{req.id}"] = file
        # Later files take precedence: put their guest entries first.
        self.guest_support[:0] = data.guest_support
        self.guests.add(data.guests)
        self.hyperv.add(data.hyperv)
        self.drivers.add(data.drivers)
        self.release_facts.add(data.release_facts)

    def product(self, name: str) -> Product | None:
        pid = self._product_alias.get(name) or self._product_alias.get(name.lower())
        return self.products.get(pid) if pid else None

    def product_ids(self) -> list[str]:
        return sorted(self._product_alias)

    def device_model(self, name: str, product: str | None = None) -> DeviceModel | None:
        """The model called ``name``; with ``product``, only if that product offers it."""
        return self.remember(
            ("device-model", name, product), lambda: self._device_model(name, product)
        )

    def _device_model(self, name: str, product: str | None) -> DeviceModel | None:
        mid = self._model_alias.get(name) or self._model_alias.get(name.lower())
        model = self.device_models.get(mid) if mid else None
        if model is not None and product is not None and product not in model.products:
            return None
        return model

    def qemu_device(self, name: str, product: str | None = None) -> QemuDevice | None:
        """The QEMU device model called ``name`` (from the generated QEMU table); with
        ``product``, only for products whose emulated devices are QEMU's (KVM, Xen HVM)."""
        if product is not None and product not in QEMU_PRODUCTS:
            return None
        table = self.generated.qemu
        return table.device(name) if table is not None else None

    def kernel_binding(self, module: str, product: str | None = None) -> KernelBinding | None:
        """A Linux module's PCI ID table in the kernels of the generated alias table; with
        ``product``, only for products that run Linux modules (KVM hosts, Xen dom0)."""
        if product is not None and product not in LINUX_PRODUCTS:
            return None
        table = self.generated.linux_aliases
        return table.module(module) if table is not None else None

    def driver_for(
        self, ids: DeviceIds, product: str, kinds: Sequence[str]
    ) -> tuple[str, str, str] | None:
        """A driver of one of ``kinds`` that binds a device with ``ids`` on ``product``: (name,
        kind, why) from the catalogs' PCI-ID bindings, then (for Linux modules) the generated
        kernel alias table; None when the catalogs know none. The one lookup ``hvcheck import
        --target`` and ``hvcheck matrix`` share."""
        from hvcheck.catalog.drivers import evaluate_binding

        for binding in self.drivers.bindings:
            if binding.products and product not in binding.products:
                continue
            kind = next((k for k in binding.kinds if k in kinds), None)
            if kind is None:
                continue
            result = evaluate_binding(binding, ids)
            if result.match is True:
                sources = ", ".join(binding.sources)
                why = f"catalog binding {binding.pattern_format} {result.matched} ({sources})"
                return binding.driver, kind, why
        if "linux-module" in kinds:
            module = self.kernel_module_for(ids)
            if module is not None:
                name, pattern, others = module
                also = f"; other modules matching it: {', '.join(others)}" if others else ""
                return (
                    name,
                    "linux-module",
                    f"catalogs/generated/linux-pci-aliases.tsv: {pattern}{also}",
                )
        return None

    def kernel_module_for(
        self, ids: DeviceIds, product: str | None = None
    ) -> tuple[str, str, list[str]] | None:
        """The Linux module whose alias in the generated table matches a device most
        specifically, its pattern and the other modules that match; with ``product``, only for
        products that run Linux modules."""
        if product is not None and product not in LINUX_PRODUCTS:
            return None
        table = self.generated.linux_aliases
        return table.module_for(ids) if table is not None else None

    def models_for(self, product: str) -> list[DeviceModel]:
        return self.remember(
            ("models-for", product),
            lambda: [m for m in self.device_models.values() if product in m.products],
        )

    def guest_support_for(self, product: str, os: GuestOS) -> GuestSupport | None:
        """The first entry covering ``os`` on ``product``, or None when the catalog does not know."""
        key = ("guest-support", product, os.family, os.name, os.version)
        return self.remember(key, lambda: self._guest_support_for(product, os))

    def _guest_support_for(self, product: str, os: GuestOS) -> GuestSupport | None:
        name = normalize_name(os.name)
        full = normalize_name(f"{os.name} {os.version}") if os.version else name
        version = version_key(os.version)
        for entry in self.guest_support:
            if product not in entry.products or entry.os.family != os.family:
                continue
            names = {normalize_name(n) for n in entry.os.names}
            if name not in names and full not in names:
                continue
            if entry.os.min_version or entry.os.max_version:
                if not version:
                    continue
                if entry.os.min_version and version < version_key(entry.os.min_version):
                    continue
                if entry.os.max_version and version > version_key(entry.os.max_version):
                    continue
            return entry
        return None

    def cite(self, source_ids: list[str]) -> list[str]:
        out = []
        for sid in source_ids:
            src = self.sources.get(sid)
            if src is None:
                out.append(sid)
            else:
                out.append(f"{src.title} <{src.url}>" if src.url else src.title)
        return out


def catalog_files(path: Path) -> list[Path]:
    """The catalog files ``path`` names: itself, or the catalog files directly in a directory."""
    if path.is_dir():
        return sorted(
            p
            for p in path.iterdir()
            if (p.suffix in (".yaml", ".yml") or foreign_format(p)) and p.is_file()
        )
    return [path]


def load_catalog_file(path: Path) -> tuple[list[CatalogFile], list[Finding]]:
    display = str(path)
    foreign = load_foreign_catalog(path)  # modules.alias, .map, .inf, pci.ids, vSAN all.json
    if foreign is not None:
        return foreign
    try:
        result = load_file(str(path), display=display)
    except ReadError as exc:
        return [], [make_finding(INVALID_VALUE, f"cannot read catalog: {exc}", display)]
    if not claims_hvcheck(result.text):  # never quote what a file that is not ours holds
        return [], [
            make_finding(
                INVALID_VALUE,
                "not an hvcheck catalog (no 'apiVersion: hvcheck/v1' line); not loaded",
                display,
            )
        ]
    findings = list(result.findings)
    files: list[CatalogFile] = []
    for doc in result.documents:
        if doc.data is FAILED_DOCUMENT:
            continue
        model, errors = validate_model(
            CatalogFile, doc.data, doc.source_map, display, document=doc.index
        )
        findings.extend(errors)
        if model is not None:
            findings.extend(_check_sources(model, doc.source_map, display))
            files.append(model)
    return files, findings


def _check_sources(data: CatalogFile, smap: SourceMap, file: str) -> list[Finding]:
    """Every entry must cite sources that exist in the same file."""
    findings = []
    sections: list[tuple[str, Sequence[HasSources]]] = [
        ("products", data.products),
        ("device_models", data.device_models),
        ("guest_support", data.guest_support),
        ("releases", data.releases),
        ("host_requirements", data.host_requirements),
        *data.guests.sections(),
        *data.hyperv.sections(),
        *data.drivers.sections(),
        *data.release_facts.sections(),
    ]
    for section, entries in sections:
        for i, entry in enumerate(entries):
            for j, sid in enumerate(entry.sources):
                if sid not in data.sources:
                    path = f"{section}[{i}].sources[{j}]"
                    findings.append(
                        make_finding(
                            INVALID_VALUE,
                            f"source '{sid}' is not defined in this file's 'sources'",
                            file,
                            smap.value(path),
                            logical_path=path,
                        )
                    )
    return findings


def load_catalog(extra: list[str] | None = None, *, bundled: bool = True) -> Catalog:
    """Load the bundled catalogs, then each ``extra`` file or directory in order.

    Raises :class:`CatalogError` with positioned findings when any catalog is invalid.
    """
    catalog = Catalog()
    findings: list[Finding] = []
    paths: list[Path] = []
    if bundled:
        catalog.generated = GeneratedTables(str(default_catalog_dir() / "generated"))
        catalog.drivers.generated = catalog.generated
        paths.extend(catalog_files(default_catalog_dir()))
    for item in extra or []:
        p = Path(item)
        if not p.exists():
            findings.append(make_finding(INVALID_VALUE, "catalog path does not exist", item))
            continue
        paths.extend(catalog_files(p))
    for path in paths:
        files, errors = load_catalog_file(path)
        findings.extend(errors)
        for data in files:
            catalog.add(data, os.fspath(path))
    if findings:
        raise CatalogError(findings)
    return catalog
