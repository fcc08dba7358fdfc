"""A cache of loaded catalogs, so that short runs do not parse and validate the same catalogs again.

Loading the bundled catalogs (parsing their YAML and validating every entry, which first builds the
catalog models' validators) costs several times what checking one host file does, and a pre-commit
hook pays it on every commit. So the loaded :class:`~hvcheck.catalog.Catalog` is kept in the user's
cache directory, under a key that changes whenever anything it was made from changes: a SHA-256 over
the bytes of every catalog file it was loaded from (bundled and ``--catalog`` ones, in order, each
read as a regular file of bounded size), the size and modification time of every hvcheck source
file, and the versions of hvcheck, Python and pydantic. A catalog is cached only after it loaded
without errors, so an invalid catalog is reported exactly as without the cache.

Nothing read from the cache can run code unless hvcheck itself wrote it:

* every entry is authenticated: an HMAC-SHA256 under a random 32-byte key that only this user can
  read (``key`` in the cache directory, created on first use), checked before the entry is
  deserialised; an entry planted by anyone without the key is ignored (and then replaced);
* the cache directory must be owned by the user and writable by no one else (created with mode
  0700), and the key and entries too; otherwise there is no caching;
* a cache directory inside the checked tree (the working directory or a checked path) is refused,
  with a warning: a pull request controls the checkout, so nothing there may feed the cache;
* entries are read with a size bound (:data:`MAX_ENTRY_BYTES`), without following a symbolic link.

``HVCHECK_NO_CACHE=1`` turns the cache off; ``HVCHECK_CACHE_DIR`` moves it (default
``$XDG_CACHE_HOME/hvcheck``, else ``~/.cache/hvcheck``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path

from hvcheck.catalog import Catalog, default_catalog_dir, load_catalog
from hvcheck.catalog.store import catalog_files
from hvcheck.loader.contain import Roots, inside
from hvcheck.loader.load import ReadError, read_file_bytes

FORMAT = 2
MAGIC = b"hvcheck catalog cache 2\n"
KEEP = 8
"""Cache entries kept; older ones are removed when a new one is written."""
MAX_ENTRY_BYTES = 512 * 1024 * 1024
"""The largest cache entry read back (a catalog with a full vSAN HCL is a few hundred MB)."""
MAX_CATALOG_BYTES = 512 * 1024 * 1024
"""The largest catalog file hashed for the key; larger ones are not cached (the loader decides)."""
KEY_BYTES = 32
STALE_TEMP_SECONDS = 3600

warnings: list[str] = []
"""Why the cache was not used, for the run's warnings (each said once per process)."""


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


def load_catalog_cached(extra: tuple[str, ...] = (), roots: Roots = ()) -> Catalog:
    """``load_catalog(list(extra))``, from the cache when nothing it depends on has changed.

    ``roots`` is the checked tree (the working directory always counts): a cache directory inside
    it is not used. Raises ``CatalogError`` exactly as :func:`~hvcheck.catalog.load_catalog` does.
    """
    if cache_dir() is None:  # HVCHECK_NO_CACHE: load every time
        return load_catalog(list(extra))
    signature = _signature(extra)
    remembered = _IN_PROCESS.get(extra)
    if signature is not None and remembered is not None and remembered[0] == signature:
        return remembered[1]
    catalog = _load(extra, roots)
    if signature is not None:
        _IN_PROCESS[extra] = (signature, catalog)
    return catalog


_IN_PROCESS: dict[tuple[str, ...], tuple[tuple[object, ...], Catalog]] = {}
"""Catalogs this process loaded, by the catalogs named and the size and modification time of
every file they came from: a long-lived process (the API, a test run) loads each set once."""


def _signature(extra: tuple[str, ...]) -> tuple[object, ...] | None:
    try:
        return tuple(
            (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
            for path in _catalog_paths(extra)
            for info in (os.stat(path),)
        )
    except OSError:
        return None


def _load(extra: tuple[str, ...], roots: Roots) -> Catalog:
    where = _usable_dir(cache_dir(), roots)
    key = _key(extra) if where is not None else None
    if where is None or key is None:
        return load_catalog(list(extra))
    secret = _secret(where)
    if secret is None:
        return load_catalog(list(extra))
    entry = where / f"catalog-{key}.bin"
    cached = _read(entry, secret)
    if cached is not None:
        return cached
    catalog = load_catalog(list(extra))
    _write(where, entry, catalog, secret)
    return catalog


def _warn(message: str) -> None:
    if message not in warnings:
        warnings.append(message)


def _usable_dir(where: Path | None, roots: Roots) -> Path | None:
    """``where``, unless it lies inside the checked tree (then warn and return None)."""
    if where is None:
        return None
    real = os.path.realpath(where)
    checked = (os.path.realpath(os.getcwd()), *roots)
    if inside(real, checked):
        _warn(
            f"warning: the catalog cache directory {where} is inside the checked tree; "
            "not using it (set HVCHECK_CACHE_DIR outside the repository)"
        )
        return None
    return where


def _key(extra: tuple[str, ...]) -> str | None:
    """The cache key for these catalogs, or None when some input cannot be read (no caching)."""
    from pydantic import VERSION

    import hvcheck

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{hvcheck.__version__}|{sys.version}|{VERSION}".encode())
    try:
        for path in _catalog_paths(extra):
            data = read_file_bytes(str(path), MAX_CATALOG_BYTES)
            if len(data) > MAX_CATALOG_BYTES:
                return None
            digest.update(os.fsencode(os.path.abspath(path)) + b"\0")
            digest.update(hashlib.sha256(data).digest())
        package = Path(hvcheck.__file__).resolve().parent
        for root, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    except (OSError, ReadError):
        return None  # the loader reports what cannot be read
    return digest.hexdigest()[:40]


def _catalog_paths(extra: tuple[str, ...]) -> list[Path]:
    """The files ``load_catalog`` reads, in its order (missing ones make it fail, so no key)."""
    paths = list(catalog_files(default_catalog_dir()))
    for item in extra:
        p = Path(item)
        if not p.exists():
            raise FileNotFoundError(item)
        paths.extend(catalog_files(p))
    return paths


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    return (uid is None or info.st_uid == uid) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _secret(where: Path) -> bytes | None:
    """The user's cache key, created (mode 0600) in a private cache directory on first use."""
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where, follow_symlinks=False)) or where.is_symlink():
            return None
        path = where / "key"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(KEY_BYTES))
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _private(info) or info.st_mode & 0o077:
                return None
            secret = handle.read(KEY_BYTES + 1)
    except OSError:
        return None
    return secret if len(secret) == KEY_BYTES else None


def _read(entry: Path, secret: bytes) -> Catalog | None:
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    header = len(MAGIC) + hashlib.sha256().digest_size
    if len(data) > MAX_ENTRY_BYTES or len(data) < header or not data.startswith(MAGIC):
        return None
    mac, payload = data[len(MAGIC) : header], data[header:]
    if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()):
        return None  # not written by this user's hvcheck: never deserialised
    try:
        catalog = pickle.loads(payload)
    except Exception:  # pragma: no cover - authenticated entries are ours; be safe anyway
        return None
    return catalog if isinstance(catalog, Catalog) else None


def _write(where: Path, entry: Path, catalog: Catalog, secret: bytes) -> None:
    """Store ``catalog`` atomically; any failure (read-only home, full disk) just skips caching."""
    try:
        payload = pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > MAX_ENTRY_BYTES:
            return
        mac = hmac.new(secret, payload, hashlib.sha256).digest()
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + mac + payload)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(where)
    except Exception:
        return


def _prune(where: Path) -> None:
    """Keep the newest :data:`KEEP` entries; remove temporary files a killed run left behind."""
    old = sorted(where.glob("catalog-*.bin"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP]:
        stale.unlink(missing_ok=True)
    for stale in where.glob("catalog-*.pickle"):  # entries of the old, unauthenticated format
        stale.unlink(missing_ok=True)
    now = time.time()
    for tmp in where.glob(".catalog-*.tmp"):
        if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
            tmp.unlink(missing_ok=True)
