"""Finding the files to check under the paths a user names.

What is checked, and what is reported instead:

* A path named on the command line is checked whatever its suffix; a directory is walked. A named
  path that does not exist is an error. A named FIFO, socket or device is not opened for a blocking
  read: the loader opens it non-blocking, sees it is not a regular file and reports it as
  unreadable, so nothing hangs.
* A named path that is a symbolic link is followed when its target lies inside the checked tree
  (the working directory and the other paths named); a link that leads out of it is refused with an
  error naming the link (never its target), unless ``--follow-symlinks``: a pull request can
  commit a link to ``~/.ssh/id_rsa``, and CI checks it by naming its directory or the file.
* Inside a walked directory, regular files ending in ``.yaml`` or ``.yml`` are checked, in sorted
  order. Entries whose name starts with ``.`` are skipped silently (``.git``, editor files).
* Symbolic links inside a walked directory: a link to a YAML file inside the checked tree is
  checked under the link's name; a link that leads out of the checked tree, or to a directory, is
  reported as an error naming the link and not followed. With ``--follow-symlinks`` links are
  followed wherever they lead, directories included, each directory once (so a loop ends).
* A FIFO, socket or device with a YAML suffix inside a walked directory is reported as an error and
  never opened.
* A subdirectory that cannot be listed (permission denied) is reported as an error; the walk goes
  on with its siblings.

Every error is one line naming the path. Errors make the run incomplete, so the command exits 2
(like an unreadable path on the command line), after checking everything it could. Files are read
later by the loader, which resolves each path again and refuses it if it has come to lead outside
the checked tree meanwhile (:mod:`hvcheck.loader.contain`).

The walk is iterative (an explicit stack), so neither deep trees nor loops can exhaust the stack,
and it uses ``os.scandir`` so that thousands of files cost one ``stat`` each at most.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from hvcheck.loader.contain import Roots, checked_roots, inside

YAML_SUFFIXES = (".yaml", ".yml")


def discover(
    paths: Iterable[str], *, roots: Roots = (), follow_symlinks: bool = False
) -> tuple[list[str], list[str]]:
    """YAML files under ``paths`` in a stable order, plus errors for paths that cannot be used.

    ``roots`` is the checked tree (empty: the working directory and ``paths``). See the module
    documentation for what is walked, followed, skipped and reported.
    """
    paths = list(paths)
    if not roots and not follow_symlinks:
        roots = checked_roots(paths)
    files: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        if not os.path.lexists(raw):
            errors.append(f"{raw}: no such file or directory")
            continue
        try:
            is_dir = os.path.isdir(raw)  # follows a symbolic link named on the command line
        except OSError:  # pragma: no cover - isdir swallows OSError itself
            is_dir = False
        if os.path.islink(raw) and not follow_symlinks and not inside(os.path.realpath(raw), roots):
            errors.append(f"{raw}: {LEAVES}")
            continue
        if not is_dir:
            add(raw)  # the loader reports what cannot be read (missing target, FIFO, loop)
            continue
        found, problems = _walk(raw, roots, follow_symlinks)
        errors.extend(problems)
        for full in sorted(found):
            add(full)
    return files, errors


LEAVES = (
    "symbolic link leading out of the checked tree; not followed (--follow-symlinks follows it)"
)


def _walk(top: str, roots: Roots, follow_symlinks: bool) -> tuple[list[str], list[str]]:
    """Regular YAML files under directory ``top``, and one error line per entry not checked."""
    found: list[str] = []
    errors: list[str] = []
    pending = [top]
    visited = {os.path.realpath(top)}
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            errors.append(f"{directory}: cannot list directory: {_reason(exc)}")
            continue
        subdirs: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_yaml = name.endswith(YAML_SUFFIXES)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    to_dir = _points_to_directory(entry.path)
                    if follow_symlinks:
                        if to_dir and target not in visited:
                            visited.add(target)
                            subdirs.append(entry.path)
                        elif is_yaml and not to_dir:
                            found.append(entry.path)
                        continue
                    if to_dir:
                        errors.append(
                            f"{entry.path}: symbolic link to a directory; not followed "
                            "(name its target, or use --follow-symlinks)"
                        )
                    elif is_yaml and inside(target, roots):
                        found.append(entry.path)
                    elif is_yaml:
                        errors.append(f"{entry.path}: {LEAVES}")
                    continue
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(entry.path)
                    continue
                if not is_yaml:
                    continue
                if entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                errors.append(f"{entry.path}: cannot read: {_reason(exc)}")
                continue
            errors.append(f"{entry.path}: not a regular file ({_kind(mode)}); not read")
        pending.extend(sorted(subdirs, reverse=True))
    return found, errors


def _points_to_directory(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # a broken link or a loop
        return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or type(exc).__name__
