"""Atomic file writes: a temporary file in the same directory, fsync, then rename over the target.

An interrupted write leaves the old file intact. A target that is a symbolic link is refused, so that
hvcheck never writes through a link to somewhere else.
"""

from __future__ import annotations

import contextlib
import os
import tempfile


class WriteError(Exception):
    """The output file could not be written; the message says why."""


def write_text_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically."""
    if os.path.islink(path):
        raise WriteError(f"{path}: refusing to write through a symbolic link")
    if os.path.isdir(path):
        raise WriteError(f"{path}: is a directory")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise WriteError(f"{path}: directory {directory} does not exist")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = os.stat(path).st_mode & 0o7777
    try:
        fd, tmp = tempfile.mkstemp(prefix=".hvcheck-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"{path}: cannot create a temporary file: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: {exc.strerror or exc}") from None
        raise
