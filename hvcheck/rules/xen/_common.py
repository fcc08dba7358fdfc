"""Helpers the Xen rules share."""

from __future__ import annotations

from hvcheck.rules.context import HostContext


def models_named(ctx: HostContext, mode: str, kinds: tuple[str, ...] = ("nic", "storage")) -> str:
    """The catalog's device models of the product with ``mode`` and one of ``kinds``, listed."""
    if ctx.product is None:
        return ""
    ids = sorted(
        m.id for m in ctx.catalog.models_for(ctx.product.id) if m.mode == mode and m.kind in kinds
    )
    return ", ".join(ids)
