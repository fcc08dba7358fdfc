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


@pytest.fixture(autouse=True)
def _no_in_process_memo() -> None:
    """Each test sees the disk cache itself, not what this process already loaded."""
    catalog_cache._IN_PROCESS.clear()


def test_a_hit_gives_the_catalog_that_was_loaded(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    first = load_catalog_cached((str(extra),))
    entries = list(cache.glob("catalog-*.bin"))
    assert len(entries) == 1
    assert (os.stat(cache).st_mode & 0o077) == 0
    catalog_cache._IN_PROCESS.clear()  # as a new process would
    second = load_catalog_cached((str(extra),))
    assert second is not first
    for part in ("files", "sources", "products", "device_models", "guest_support", "origin"):
        assert getattr(second, part) == getattr(first, part), part
    assert "bhyve" in second.products
    assert sorted(second.products) == sorted(load_catalog([str(extra)]).products)
    extra.write_text(EXTRA.replace("name: bhyve", "name: bhyve 14"), encoding="utf-8")
    third = load_catalog_cached((str(extra),))
    assert third.products["bhyve"].name == "bhyve 14"
    assert len(list(cache.glob("catalog-*.bin"))) == 2


def test_a_bad_catalog_fails_as_without_the_cache(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXTRA.replace("sources: [mine]", "sources: [nowhere]"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog_cached((str(bad),))
    with pytest.raises(CatalogError):
        load_catalog_cached((str(tmp_path / "missing.yaml"),))
    assert not list(cache.glob("catalog-*.bin"))


def test_entries_not_written_by_this_users_hvcheck_are_never_deserialised(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog_cached(())
    (entry,) = cache.glob("catalog-*.bin")
    assert (cache / "key").stat().st_mode & 0o077 == 0
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    forged = pickle.dumps(Payload())
    good = entry.read_bytes()
    header = len(catalog_cache.MAGIC) + 32
    entry.write_bytes(good[:header] + forged)  # the right header, a planted payload: MAC fails
    catalog_cache._IN_PROCESS.clear()
    assert "hyperv" in load_catalog_cached(()).products  # ignored, loaded afresh
    assert not marker.exists()
    assert entry.read_bytes() == good  # and replaced by a genuine entry
    os.chmod(entry, 0o666)
    calls: list[int] = []
    real = catalog_cache.load_catalog
    monkeypatch.setattr(catalog_cache, "load_catalog", lambda extra: calls.append(1) or real(extra))
    catalog_cache._IN_PROCESS.clear()
    load_catalog_cached(())
    assert calls == [1]  # a group- or world-writable entry is never read
    monkeypatch.setenv("HVCHECK_NO_CACHE", "1")
    assert catalog_cache.cache_dir() is None


def test_a_cache_directory_inside_the_checked_tree_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HVCHECK_CACHE_DIR", str(tmp_path / ".cache" / "hvcheck"))
    monkeypatch.delenv("HVCHECK_NO_CACHE", raising=False)
    catalog_cache.warnings.clear()
    assert "hyperv" in load_catalog_cached(()).products
    assert not (tmp_path / ".cache").exists()
    assert catalog_cache.warnings == [
        f"warning: the catalog cache directory {tmp_path / '.cache' / 'hvcheck'} is inside the "
        "checked tree; not using it (set HVCHECK_CACHE_DIR outside the repository)"
    ]
    catalog_cache.warnings.clear()
