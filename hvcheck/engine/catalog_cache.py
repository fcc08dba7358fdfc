"""A cache of loaded catalogs, so that short runs do not parse and validate the same catalogs again.

Loading the bundled catalogs (parsing their YAML and validating every entry, which first builds the
catalog models' validators) costs several times what checking one host file does, and a pre-commit
hook pays it on every commit. So the loaded :class:`~hvcheck.catalog.Catalog` is kept, pickled, in
the user's cache directory, under a key that changes whenever anything it was made from changes: a
SHA-256 over the bytes of every catalog file it was loaded from (bundled and ``--catalog`` ones, in
order), the size and modification time of every hvcheck source file, and the versions of hvcheck,
Python and pydantic. A catalog is cached only after it loaded without errors, so an invalid catalog
is reported exactly as without the cache.

Only a file the current user owns, in a directory only that user can write, is ever read back, and a
cache entry that cannot be read, or is not a catalog, is ignored (and the catalogs are loaded as
usual). ``HVCHECK_NO_CACHE=1`` turns the cache off; ``HVCHECK_CACHE_DIR`` moves it (default
``$XDG_CACHE_HOME/hvcheck``, else ``~/.cache/hvcheck``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from hvcheck.catalog import Catalog, default_catalog_dir, load_catalog

FORMAT = 1
KEEP = 8
"""Cache entries kept; older ones are removed when a new one is written."""


def cache_dir() -> Path | None:
    """Where cached catalogs live, or None when caching is off."""
    if os.environ.get("HVCHECK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("HVCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if os.name == "nt":  # pragma: no cover - not tested on Windows
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "hvcheck" / "cache" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "hvcheck"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "hvcheck" if home != "~" else None


def load_catalog_cached(extra: tuple[str, ...] = ()) -> Catalog:
    """``load_catalog(list(extra))``, from the cache when nothing it depends on has changed.

    Raises ``CatalogError`` exactly as :func:`~hvcheck.catalog.load_catalog` does.
    """
    where = cache_dir()
    key = _key(extra) if where is not None else None
    if where is None or key is None:
        return load_catalog(list(extra))
    entry = where / f"catalog-{key}.pickle"
    cached = _read(entry)
    if cached is not None:
        return cached
    catalog = load_catalog(list(extra))
    _write(where, entry, catalog)
    return catalog


def _key(extra: tuple[str, ...]) -> str | None:
    """The cache key for these catalogs, or None when some input cannot be read (no caching)."""
    from pydantic import VERSION

    import hvcheck

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{hvcheck.__version__}|{sys.version}|{VERSION}".encode())
    try:
        for path in _catalog_paths(extra):
            digest.update(os.fsencode(os.path.abspath(path)) + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        package = Path(hvcheck.__file__).resolve().parent
        for root, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()[:40]


def _catalog_paths(extra: tuple[str, ...]) -> list[Path]:
    """The files ``load_catalog`` reads, in its order (missing ones make it fail, so no key)."""
    from hvcheck.catalog.store import _catalog_files

    paths = list(_catalog_files(default_catalog_dir()))
    for item in extra:
        p = Path(item)
        if not p.exists():
            raise FileNotFoundError(item)
        paths.extend(_catalog_files(p))
    return paths


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    return (uid is None or info.st_uid == uid) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path) -> Catalog | None:
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        if not _private(os.stat(entry.parent)):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = pickle.load(handle)
    except Exception:  # a damaged or foreign entry is ignored, never trusted
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    return data if isinstance(data, Catalog) else None


def _write(where: Path, entry: Path, catalog: Catalog) -> None:
    """Store ``catalog`` atomically; any failure (read-only home, full disk) just skips caching."""
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where)):
            return
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        old = sorted(where.glob("catalog-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except Exception:
        return
