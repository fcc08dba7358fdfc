"""Versioned facts (products, device models, guest support) loaded from YAML catalogs."""

from hvcheck.catalog.models import CatalogFile, DeviceModel, GuestSupport, Product
from hvcheck.catalog.store import Catalog, CatalogError, default_catalog_dir, load_catalog
from hvcheck.catalog.versions import version_key

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogFile",
    "DeviceModel",
    "GuestSupport",
    "Product",
    "default_catalog_dir",
    "load_catalog",
    "version_key",
]
