"""The host format's JSON Schema with the catalogs' values offered for completion.

:mod:`hvcheck.model.schema` builds the schema from the models; this adds what the bundled
catalogs know, so an editor with the YAML language server completes them: product ids and each
product's release names (``spec.hypervisor``), the device models each product offers
(``partitions[].devices[].model``, per product through ``if``/``then`` on
``spec.hypervisor.product``), and the guest operating system names of the guest-support catalog
(``os.name``).

The values are ``examples``, never ``enum``: ``--catalog`` can add products, models and guest
systems, and a model or guest the catalogs do not know is an unknown (an info finding), not an
error, so the editor must not flag what ``hvcheck check`` accepts.
"""

from __future__ import annotations

import json
from typing import Any

from hvcheck.catalog.store import Catalog, load_catalog
from hvcheck.model.schema import host_schema as model_schema


def _examples(schema: dict[str, Any], definition: str, prop: str, values: list[str]) -> None:
    target = schema["$defs"][definition]["properties"][prop]
    if values:
        target["examples"] = values


def _product_models(catalog: Catalog, product: str) -> dict[str, Any]:
    models = sorted(m.id for m in catalog.models_for(product))
    releases = [r.version for r in catalog.releases.values() if r.product == product]
    hypervisor: dict[str, Any] = {"properties": {"product": {"const": product}}}
    then_hypervisor: dict[str, Any] = {"properties": {}}
    if releases:
        then_hypervisor["properties"]["version"] = {"examples": releases}
    device = {"properties": {"model": {"examples": models}}}
    return {
        "if": {
            "properties": {
                "spec": {"properties": {"hypervisor": hypervisor}, "required": ["hypervisor"]}
            },
            "required": ["spec"],
        },
        "then": {
            "properties": {
                "spec": {
                    "properties": {
                        "hypervisor": then_hypervisor,
                        "partitions": {"items": {"properties": {"devices": {"items": device}}}},
                    }
                }
            }
        },
    }


def host_schema(catalog: Catalog | None = None) -> dict[str, Any]:
    """The host schema with the catalogs' products, releases, models and guest OS names."""
    catalog = catalog or load_catalog()
    schema = model_schema()
    _examples(schema, "Hypervisor", "product", sorted(catalog.products))
    _examples(schema, "VirtualDevice", "model", sorted(catalog.device_models))
    names = sorted({name for entry in catalog.guest_support for name in entry.os.names})
    _examples(schema, "GuestOS", "name", names)
    schema["allOf"] = [_product_models(catalog, pid) for pid in sorted(catalog.products)]
    return schema


def host_schema_text(catalog: Catalog | None = None) -> str:
    return json.dumps(host_schema(catalog), indent=2, sort_keys=True) + "\n"
