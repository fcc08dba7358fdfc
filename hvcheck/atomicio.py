"""Atomic file writes: a temporary file in the same directory, fsync, then rename over the target.

Every file hvcheck writes (reports, baselines, exported graphs, schemas) goes through this module.

Guarantees and policy:

* **Atomic.** The new content is written to a temporary file next to the target (same directory,
  so same filesystem), flushed and fsynced, then renamed over the target with ``os.replace``; the
  directory is fsynced after the rename. A reader sees the old file or the new one, never a part.
  If writing fails or is interrupted (an exception, Ctrl-C), the temporary file is removed and the
  old file is untouched. If the process is killed outright (SIGKILL, power loss) between the write
  and the rename, the old file is still intact and at most one hidden ``.hvcheck-*.tmp`` file is
  left in the directory; directory walks skip hidden files.
* **Never through a symbolic link.** A target that is a symbolic link is refused: writing through
  it could overwrite a file outside the repository that a pull request pointed the link at.
  (``os.replace`` itself replaces a link that appears at the last moment rather than following it.)
  Symbolic links in the *directories* of the path are followed, as the user named them.
* **Only regular files.** A target that exists and is not a regular file (a directory, FIFO,
  socket or device such as ``/dev/null``) is refused, so that a rename can never replace a device
  node; use ``-`` to write to standard output.
* **Hard links are refused.** Renaming over a file with more than one link would split the links:
  the other names would keep the old content while this one got the new, silently. hvcheck refuses
  and says so; write to another path or remove the other links.
* **Permissions.** An existing file keeps its permission bits; a new file gets ``0666`` minus the
  umask, like any file the user creates; a caller can ask for other bits (``mode=0o600``). The
  temporary file is created ``0600`` and only gets its final bits just before the rename, so the
  content is never readable by others in between.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

TEMP_PREFIX = ".hvcheck-"
TEMP_SUFFIX = ".tmp"


class WriteError(Exception):
    """The output file could not be written; the message says why."""


def write_text_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given) atomically.

    Undecodable bytes of file names (surrogate escapes) are written back as the original bytes;
    any other lone surrogate becomes ``?`` rather than failing the write.
    """
    write_bytes_atomic(path, _encode(text))


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


def write_chunks_atomic(path: str, chunks: Iterable[str]) -> None:
    """Replace ``path`` with the concatenation of ``chunks`` (UTF-8), atomically.

    The chunks are written as they are produced, so a large report never has to exist as one
    string; the target changes only once the last chunk is written. If producing a chunk raises,
    the temporary file is removed and the target is untouched. Encoding as :func:`write_text_atomic`.
    """

    def write(handle: BinaryIO) -> None:
        pending: list[bytes] = []
        size = 0
        for chunk in chunks:
            data = _encode(chunk)
            pending.append(data)
            size += len(data)
            if size >= 1 << 16:
                handle.write(b"".join(pending))
                pending.clear()
                size = 0
        handle.write(b"".join(pending))

    _replace(path, write, None)


def write_bytes_atomic(path: str, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically; see the module documentation for the policy.

    ``mode`` sets the permission bits of the result (e.g. ``0o600`` for a private cache entry);
    without it an existing file keeps its bits and a new one gets ``0666`` minus the umask.
    """
    _replace(path, lambda handle: handle.write(data), mode)


def _replace(path: str, write: Callable[[BinaryIO], object], mode: int | None) -> None:
    existing = _existing_mode(path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise WriteError(f"{path}: directory {directory} does not exist")
    if mode is None:
        mode = existing if existing is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise WriteError(f"{path}: cannot create a temporary file: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        _existing_mode(path)  # check again just before replacing: narrows the race
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: {_reason(exc)}") from None
        raise
    _fsync_directory(directory)


def _existing_mode(path: str) -> int | None:
    """The permission bits of the existing target, or None; raise WriteError if it is refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"{path}: {_reason(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        raise WriteError(f"{path}: refusing to write through a symbolic link")
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{path}: is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(
            f"{path}: not a regular file; refusing to replace it (use '-' for standard output)"
        )
    if info.st_nlink > 1:
        raise WriteError(
            f"{path}: has {info.st_nlink} hard links; replacing it would split them "
            "(write to another path or remove the other links)"
        )
    return stat.S_IMODE(info.st_mode)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fsync_directory(directory: str) -> None:
    """Make the rename durable; a filesystem that cannot fsync a directory is not an error."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
