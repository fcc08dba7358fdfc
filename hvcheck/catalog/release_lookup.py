"""Which release a host runs and which host requirements are in effect for it.

The lookups over a loaded catalog; the schema they read is in :mod:`hvcheck.catalog.releases`.
Version matching never guesses: see that module's docstring for the rules.
"""

from __future__ import annotations

from hvcheck.catalog.releases import (
    REQUIREMENT_FIELDS,
    HostRequirement,
    Release,
    ReleaseMatch,
    Requirements,
    release_label,
)
from hvcheck.catalog.store import Catalog
from hvcheck.catalog.versions import normalize_name, release_within, tagged_key, version_key


def releases_of(catalog: Catalog, product: str) -> list[Release]:
    """The product's releases, oldest first."""

    def find() -> list[Release]:
        found = [r for r in catalog.releases.values() if r.product == product]
        return sorted(found, key=lambda r: (version_key(r.version), normalize_name(r.version)))

    return catalog.remember(("releases-of", product), find)


def find_release(catalog: Catalog, product: str, version: str | None) -> ReleaseMatch:
    """The release ``version`` names, or why there is none (never a guess)."""
    known = releases_of(catalog, product)
    if not known:
        return ReleaseMatch("unversioned-product")
    if not version or not version.strip():
        return ReleaseMatch("missing-version")
    wanted = normalize_name(version)
    compact = wanted.replace(" ", "")
    for rel in known:
        for spelling in (rel.version, *rel.aliases):
            norm = normalize_name(spelling)
            if wanted == norm or compact == norm.replace(" ", ""):
                return ReleaseMatch("found", rel)
    key = tagged_key(version)
    best: Release | None = None
    best_len = 0
    for rel in known:
        rkey = tagged_key(rel.version)
        if rkey and key[: len(rkey)] == rkey and len(rkey) > best_len:
            best, best_len = rel, len(rkey)
    if best is not None:
        return ReleaseMatch("found", best)
    return ReleaseMatch("unknown-version")


def _in_range(entry: HostRequirement, version: str) -> bool:
    return release_within(version, entry.min_version or None, entry.max_version or None)


def matching_entries(
    catalog: Catalog, product: str, release: Release | None
) -> list[HostRequirement]:
    """Entries that apply to ``release`` (only unbounded ones when the release is unknown), in
    the order they are laid over each other."""
    entries = [e for e in catalog.host_requirements.values() if e.product == product]
    if release is None:
        chosen = [e for e in entries if not e.min_version and not e.max_version]
    else:
        chosen = [e for e in entries if _in_range(e, release.version)]
    order = {e.id: i for i, e in enumerate(entries)}
    return sorted(chosen, key=lambda e: (version_key(e.min_version), order[e.id]))


def requirements_for(
    catalog: Catalog, product: str, product_name: str, version: str | None
) -> tuple[ReleaseMatch, Requirements]:
    """The release a host runs and the requirements in effect for it."""
    return catalog.remember(
        ("requirements", product, product_name, version),
        lambda: _requirements_for(catalog, product, product_name, version),
    )


def _requirements_for(
    catalog: Catalog, product: str, product_name: str, version: str | None
) -> tuple[ReleaseMatch, Requirements]:
    match = find_release(catalog, product, version)
    reqs = Requirements(
        product=product,
        label=release_label(product_name, match.release, version),
        release=match.release,
    )
    for entry in matching_entries(catalog, product, match.release):
        for name in REQUIREMENT_FIELDS:
            value = getattr(entry, name)
            if value is not None:
                reqs.values[name] = value
                reqs.entries[name] = entry
    return match, reqs
