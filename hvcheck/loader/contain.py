"""Where reads may go: the checked tree, and nothing a repository file points at outside it.

hvcheck runs in CI on pull requests nobody has reviewed. Such a pull request controls every file in
the checkout, including symbolic links and the paths configuration files name. So every read names
the *roots* it may reach (the working directory and the paths named on the command line, resolved):

* :func:`checked_roots` computes them for a run; ``--follow-symlinks`` (the operator's choice, never
  a repository file's) turns containment off.
* :func:`inside` says whether a resolved path lies under one of them.
* :func:`resolve` resolves a path (following every symbolic link) and refuses it, with a message that
  names the path but never the target or its content, when it leaves the roots.
* :func:`open_resolved` opens the resolved path without following a symbolic link in its last
  component and then checks, through ``/proc/self/fd`` where the system has it, that the file opened
  is the file that was resolved: a link swapped in between the check and the read makes the read
  fail instead of reaching somewhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

Roots = tuple[str, ...]
"""Resolved directories (or files) reads may reach; empty: no containment (``--follow-symlinks``)."""


class OutsideRoots(Exception):
    """A path resolves outside the checked tree; the message says which path, never its target."""


def checked_roots(paths: Iterable[str], *, cwd: str | None = None) -> Roots:
    """The working directory and every path named, resolved (a named symbolic link counts as its
    link's directory, not its target: naming a link is not naming what it points at)."""
    roots = [os.path.realpath(cwd or os.getcwd())]
    for raw in paths:
        if raw == "-":
            continue
        absolute = os.path.abspath(raw)
        if os.path.islink(absolute):
            roots.append(os.path.realpath(os.path.dirname(absolute)))
        else:
            roots.append(os.path.realpath(absolute))
    unique: list[str] = []
    for root in sorted(set(roots), key=len):
        if not inside(root, tuple(unique)):
            unique.append(root)
    return tuple(unique)


def inside(real: str, roots: Roots) -> bool:
    """True if the resolved path ``real`` is one of ``roots`` or lies below one."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def resolve(path: str, roots: Roots | None) -> str:
    """``path`` with every symbolic link resolved; raises :class:`OutsideRoots` when ``roots`` are
    given and the result is not under one of them."""
    real = os.path.realpath(path)
    if roots and not inside(real, roots):
        raise OutsideRoots(
            "resolves outside the checked tree (a symbolic link, '..' or an absolute path); "
            "not read (--follow-symlinks allows it)"
        )
    return real


def open_resolved(real: str, flags: int) -> int:
    """Open the resolved path ``real`` (``O_NOFOLLOW`` added) and return the descriptor, after
    checking that the file opened is ``real`` itself; raises ``OSError`` otherwise."""
    fd = os.open(real, flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        opened = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # no /proc (not Linux): O_NOFOLLOW on the last component is what we have
        return fd
    if opened != real:
        os.close(fd)
        raise OSError(0, "changed while it was being opened (a directory was swapped for a link)")
    return fd
