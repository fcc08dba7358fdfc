"""Review finding 2: the catalog cache was a pickle, so a planted entry ran code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from hvcheck.engine import catalog_cache
from tests.cli.helpers import hvcheck


@pytest.fixture(autouse=True)
def _no_in_process_memo() -> None:
    """Each test sees the disk cache itself, not what this process already loaded."""
    catalog_cache._IN_PROCESS.clear()


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _plant(directory: Path, marker: Path) -> list[Path]:
    """A malicious entry under every name a run could use, in both the old and the new format."""
    evil = pickle.dumps(Payload(marker))
    names = [p.name for p in directory.glob("catalog-*")] or ["catalog-0.bin"]
    planted = []
    for name in names:
        for stem in (name.rsplit(".", 1)[0] + ".bin", name.rsplit(".", 1)[0] + ".pickle"):
            path = directory / stem
            path.write_bytes(catalog_cache.MAGIC + b"\0" * 32 + evil)
            os.chmod(path, 0o600)
            planted.append(path)
    return planted


def test_a_planted_entry_never_runs(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("HVCHECK_CACHE_DIR", str(cache))
    monkeypatch.delenv("HVCHECK_NO_CACHE", raising=False)
    first = hvcheck("check", "hosts", cwd=repo)  # creates the cache and the key
    marker = tmp_path / "pwned"
    _plant(cache, marker)
    catalog_cache._IN_PROCESS.clear()  # a new process: the planted entry is read from disk
    again = hvcheck("check", "hosts", cwd=repo)
    assert not marker.exists()
    assert (again.code, again.out) == (first.code, first.out)


def test_a_cache_directory_in_the_checkout_is_not_used(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual actions/cache setup put the cache in the workspace, where a PR plants files."""
    cache = repo / ".cache" / "hvcheck"
    cache.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "pwned"
    planted = _plant(cache, marker)
    monkeypatch.setenv("HVCHECK_CACHE_DIR", str(cache))
    monkeypatch.delenv("HVCHECK_NO_CACHE", raising=False)
    catalog_cache.warnings.clear()
    run = hvcheck("check", "hosts", cwd=repo)
    catalog_cache.warnings.clear()
    assert run.code == 1
    assert not marker.exists()
    assert "is inside the checked tree; not using it" in run.err
    assert sorted(cache.iterdir()) == sorted(planted)  # nothing read, nothing written there
