"""Shared helpers: the expected-failure exception, logging, subprocesses, hashing, atomic writes,
Debian version ordering and unpacking .deb files."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository that holds this script (scripts/catalog_build/ is two levels below it)."""

SYSTEM_TOOL_DIRS = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")


class BuildError(Exception):
    """An expected failure (a package that cannot be downloaded, a missing tool ...): the command
    line prints its message and exits 2, without a traceback."""


def log(message: str) -> None:
    print(f"build-catalogs: {message}", file=sys.stderr, flush=True)


def which(tool: str, package: str) -> str:
    """The absolute path of `tool`, also looking in the sbin directories that a non-root PATH
    lacks; a BuildError naming the Debian package to install if it is nowhere."""
    found = shutil.which(tool)
    if found is None:
        path = os.pathsep.join([os.environ.get("PATH", ""), *SYSTEM_TOOL_DIRS])
        found = shutil.which(tool, path=path)
    if found is None:
        raise BuildError(
            f"{tool} not found; install Debian's {package} package (apt-get install {package})"
        )
    return found


def run(
    cmd: Sequence[str | Path],
    *,
    what: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 1800,
) -> subprocess.CompletedProcess[str]:
    """Runs `cmd`, capturing its output as UTF-8 text; raises BuildError (saying `what` failed,
    with the end of its error output) if it cannot start, times out or exits non-zero."""
    args = [str(part) for part in cmd]
    try:
        proc = subprocess.run(
            args,
            cwd=cwd,
            env=None if env is None else dict(env),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise BuildError(f"{what}: cannot run {args[0]}: {exc.strerror}") from exc
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"{what}: {args[0]} did not finish within {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise BuildError(
            f"{what} failed (exit {proc.returncode}): {' '.join(args)}\n{tail(proc.stderr or proc.stdout)}"
        )
    return proc


def tail(text: str, lines: int = 15) -> str:
    kept = text.strip().splitlines()[-lines:]
    return "\n".join(f"    {line}" for line in kept)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Writes `data` to a temporary file in `path`'s directory, then renames it over `path`, so a
    reader sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- ordering --------------------------------------------------------------------------------------


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders digit runs by value: 6.1.0-9 < 6.1.0-10 < 6.12.1."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def _order(char: str) -> int:
    if char == "~":
        return -1
    if char.isdigit():
        return 0
    if char.isalpha():
        return ord(char)
    return ord(char) + 256


def _compare_part(a: str, b: str) -> int:
    """dpkg's comparison of one upstream-version or revision string."""
    i = j = 0
    while i < len(a) or j < len(b):
        first_diff = 0
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i]) if i < len(a) and not a[i].isdigit() else 0
            bc = _order(b[j]) if j < len(b) and not b[j].isdigit() else 0
            if ac != bc:
                return ac - bc
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        while i < len(a) and a[i].isdigit() and j < len(b) and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i += 1
            j += 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return first_diff
    return 0


def _split_version(version: str) -> tuple[int, str, str]:
    epoch, _, rest = version.partition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
    return int(epoch or "0"), upstream, revision


def compare_versions(a: str, b: str) -> int:
    """Debian version comparison (as dpkg --compare-versions): negative, zero or positive."""
    ea, ua, ra = _split_version(a)
    eb, ub, rb = _split_version(b)
    if ea != eb:
        return ea - eb
    return _compare_part(ua, ub) or _compare_part(ra, rb)


def upstream_version(version: str) -> str:
    """The upstream part of a Debian version: 1:7.2+dfsg-7+deb12u7 -> 7.2+dfsg."""
    return _split_version(version)[1]


# --- .deb files ------------------------------------------------------------------------------------


def unpack_deb(deb: Path, root: Path) -> None:
    """Extracts a .deb's files into `root` (dpkg-deb -x; no maintainer scripts run)."""
    run([which("dpkg-deb", "dpkg"), "-x", deb, root], what=f"unpacking {deb.name}")


def relativize_symlinks(root: Path) -> None:
    """Rewrites absolute symlinks under `root` (e.g. /lib64/ld-linux-x86-64.so.2 ->
    /lib/x86_64-linux-gnu/...) to point inside `root`, so nothing unpacked there can reach the
    host's files."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            link = Path(dirpath) / name
            if not link.is_symlink():
                continue
            target = os.readlink(link)
            if target.startswith("/"):
                inside = root / target.lstrip("/")
                link.unlink()
                link.symlink_to(os.path.relpath(inside, link.parent))
