"""The catalog cache: a hit gives the same catalog, any change misses, a bad catalog still fails."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from hvcheck.catalog import CatalogError, load_catalog
from hvcheck.engine import catalog_cache
from hvcheck.engine.catalog_cache import load_catalog_cached

EXTRA = """\
apiVersion: hvcheck/v1
kind: Catalog
sources:
  mine: {title: "My notes"}
products:
  - id: bhyve
    name: bhyve
    vendor: FreeBSD
    architecture: hosted-kernel
    host_os: required
    parent_partition: none
    driver_locations: [host-os, guest]
    integration_name: virtio drivers
    sources: [mine]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("HVCHECK_CACHE_DIR", str(where))
    monkeypatch.delenv("HVCHECK_NO_CACHE", raising=False)
    return where


def test_a_hit_gives_the_catalog_that_was_loaded(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    first = load_catalog_cached((str(extra),))
    entries = list(cache.glob("catalog-*.pickle"))
    assert len(entries) == 1
    assert (os.stat(cache).st_mode & 0o077) == 0
    second = load_catalog_cached((str(extra),))
    assert second is not first
    for part in ("files", "sources", "products", "device_models", "guest_support", "origin"):
        assert getattr(second, part) == getattr(first, part), part
    assert "bhyve" in second.products
    assert sorted(second.products) == sorted(load_catalog([str(extra)]).products)
    extra.write_text(EXTRA.replace("name: bhyve", "name: bhyve 14"), encoding="utf-8")
    third = load_catalog_cached((str(extra),))
    assert third.products["bhyve"].name == "bhyve 14"
    assert len(list(cache.glob("catalog-*.pickle"))) == 2


def test_a_bad_catalog_fails_as_without_the_cache(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXTRA.replace("sources: [mine]", "sources: [nowhere]"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog_cached((str(bad),))
    with pytest.raises(CatalogError):
        load_catalog_cached((str(tmp_path / "missing.yaml"),))
    assert not list(cache.glob("catalog-*.pickle"))


def test_entries_others_could_write_are_ignored(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog_cached(())
    (entry,) = cache.glob("catalog-*.pickle")
    entry.write_bytes(pickle.dumps("not a catalog"))
    assert "hyperv" in load_catalog_cached(()).products  # ignored, loaded afresh
    entry.write_bytes(pickle.dumps(load_catalog()))
    os.chmod(entry, 0o666)
    calls = []
    real = catalog_cache.load_catalog
    monkeypatch.setattr(catalog_cache, "load_catalog", lambda extra: calls.append(1) or real(extra))
    load_catalog_cached(())
    assert calls == [1]  # a group- or world-writable entry is never unpickled
    monkeypatch.setenv("HVCHECK_NO_CACHE", "1")
    assert catalog_cache.cache_dir() is None
