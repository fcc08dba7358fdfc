"""Read a captured or live file tree safely: a directory (``/`` on a live host) or a tarball.

A tree is untrusted input: a capture can hold symbolic links that point anywhere, links that loop,
huge or binary files, FIFOs and device nodes. :class:`Tree` reads it as if ROOT were the root of
the file system (``chroot`` semantics): every path is resolved one component at a time, a symbolic
link is followed only inside ROOT (an absolute target is read as ROOT-relative, ``..`` stops at
ROOT), at most :data:`MAX_HOPS` links per path (a loop ends as an error, not a hang), and only
regular files are opened: a FIFO or a device is never opened at all (its type is checked with
``lstat`` first; the file is then opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again).
Reads and listings are bounded (:data:`MAX_READ`, :data:`MAX_ENTRIES`). A tarball is unpacked in
memory (gzip or plain tar), bounded in size and member count, and never written to disk.

Every failure is a :class:`TreeError` whose message names the path (relative to ROOT) and the
reason in one line; :class:`Absent` is the one callers usually treat as "unknown".
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Literal, Protocol

from hvcheck.loader.contain import open_resolved
from hvcheck.loader.load import read_descriptor

Kind = Literal["file", "dir", "link", "other"]

MAX_HOPS = 40
"""Symbolic links followed while resolving one path (Linux's own limit)."""
MAX_READ = 1 << 20
"""The most bytes read from one file unless the caller asks for less (or more)."""
MAX_ENTRIES = 1 << 16
"""The most names one directory listing returns."""
MAX_LINK = 4096
"""The longest symbolic-link target read."""
MAX_UNPACKED = 256 << 20
"""The most bytes a tarball may unpack to."""
MAX_MEMBERS = 200_000
"""The most members a tarball may hold."""


class TreeError(Exception):
    """A path of the tree cannot be read: the message is ``path: reason``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class Absent(TreeError):
    """The path does not exist in the tree."""


class Backend(Protocol):
    """The primitives a tree needs: never follow a link, never open anything but a regular file."""

    def kind(self, parts: tuple[str, ...]) -> Kind | None: ...

    def readlink(self, parts: tuple[str, ...]) -> str: ...

    def read(self, parts: tuple[str, ...], limit: int) -> bytes: ...

    def names(self, parts: tuple[str, ...], limit: int) -> list[str]: ...


def _show(parts: tuple[str, ...]) -> str:
    return "/".join(parts) or "."


class DirBackend:
    """A directory of the file system, ``/`` on a live host."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)  # a root named on the command line is followed

    def _real(self, parts: tuple[str, ...]) -> str:
        return os.path.join(self.root, *parts)

    def kind(self, parts: tuple[str, ...]) -> Kind | None:
        try:
            mode = os.lstat(self._real(parts)).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise TreeError(_show(parts), _reason(exc)) from None
        if stat.S_ISLNK(mode):
            return "link"
        if stat.S_ISDIR(mode):
            return "dir"
        if stat.S_ISREG(mode):
            return "file"
        return "other"

    def readlink(self, parts: tuple[str, ...]) -> str:
        try:
            return os.readlink(self._real(parts))
        except OSError as exc:
            raise TreeError(_show(parts), _reason(exc)) from None

    def read(self, parts: tuple[str, ...], limit: int) -> bytes:
        real = self._real(parts)
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:  # the file opened must be the file resolved (no directory swapped for a link)
            fd = open_resolved(real, flags)
        except OSError as exc:
            raise TreeError(_show(parts), _reason(exc)) from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise TreeError(_show(parts), "not a regular file; not read")
            return read_descriptor(fd, limit)
        except OSError as exc:
            raise TreeError(_show(parts), _reason(exc)) from None
        finally:
            os.close(fd)

    def names(self, parts: tuple[str, ...], limit: int) -> list[str]:
        out: list[str] = []
        try:
            with os.scandir(self._real(parts)) as entries:
                for entry in entries:
                    out.append(entry.name)
                    if len(out) > limit:
                        break
        except OSError as exc:
            raise TreeError(_show(parts), _reason(exc)) from None
        return out


@dataclass
class _Member:
    kind: Kind
    data: bytes = b""
    target: str = ""


@dataclass
class TarBackend:
    """A tarball (gzip-compressed or plain) unpacked in memory; nothing is written to disk."""

    members: dict[tuple[str, ...], _Member] = field(default_factory=dict)
    children: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def from_bytes(cls, data: bytes, per_file: int = MAX_READ) -> TarBackend:
        """Raise ``ValueError`` (one line) for anything that is not a readable tarball."""
        raw = _gunzip(data) if data[:2] == b"\x1f\x8b" else data
        self = cls()
        self.children[()] = set()
        try:
            with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as archive:
                self._read(archive, per_file)
        except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
            raise ValueError(f"not a readable tar archive ({exc})") from None
        return self

    def _read(self, archive: tarfile.TarFile, per_file: int) -> None:
        for count, info in enumerate(archive, 1):
            if count > MAX_MEMBERS:
                raise ValueError(f"more than {MAX_MEMBERS} members; not read")
            parts = _member_parts(info.name)
            if parts is None:
                self.skipped.append(f"{info.name[:200]!r} (a path outside the archive root)")
                continue
            if not parts:
                continue
            if info.issym():
                member = _Member("link", target=info.linkname[:MAX_LINK])
            elif info.isdir():
                member = _Member("dir")
            elif info.isreg():
                handle = archive.extractfile(info)
                body = handle.read(per_file + 1) if handle is not None else b""
                member = _Member("file", data=body)
            else:  # hard links, FIFOs, devices: present, never read
                member = _Member("other")
            self._add(parts, member)

    def _add(self, parts: tuple[str, ...], member: _Member) -> None:
        for i in range(len(parts)):
            prefix = parts[:i]
            self.children.setdefault(prefix, set()).add(parts[i])
            if prefix and prefix not in self.members:
                self.members[prefix] = _Member("dir")
        if member.kind == "dir" and parts in self.members:
            return  # a directory entry after its contents changes nothing
        self.members[parts] = member
        if member.kind == "dir":
            self.children.setdefault(parts, set())

    def kind(self, parts: tuple[str, ...]) -> Kind | None:
        if not parts:
            return "dir"
        member = self.members.get(parts)
        return member.kind if member is not None else None

    def readlink(self, parts: tuple[str, ...]) -> str:
        member = self.members.get(parts)
        if member is None or member.kind != "link":
            raise TreeError(_show(parts), "not a symbolic link")
        return member.target

    def read(self, parts: tuple[str, ...], limit: int) -> bytes:
        member = self.members.get(parts)
        if member is None or member.kind != "file":
            raise TreeError(_show(parts), "not a regular file; not read")
        return member.data[: limit + 1]

    def names(self, parts: tuple[str, ...], limit: int) -> list[str]:
        return sorted(self.children.get(parts, ()))[: limit + 1]


def _gunzip(data: bytes) -> bytes:
    """Decompress gzip data, refusing more than :data:`MAX_UNPACKED` bytes (a bomb stops early)."""
    inflater = zlib.decompressobj(wbits=31)
    out: list[bytes] = []
    total = 0
    view = memoryview(data)
    step = 1 << 16
    try:
        for start in range(0, len(view), step):
            chunk: bytes = bytes(view[start : start + step])
            while chunk:
                piece = inflater.decompress(chunk, 1 << 20)
                total += len(piece)
                if total > MAX_UNPACKED:
                    raise ValueError(f"it unpacks to more than {MAX_UNPACKED >> 20} MiB; not read")
                out.append(piece)
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof:  # flush what is buffered
            piece = inflater.decompress(b"", 1 << 20)
            if not piece:
                break
            total += len(piece)
            if total > MAX_UNPACKED:
                raise ValueError(f"it unpacks to more than {MAX_UNPACKED >> 20} MiB; not read")
            out.append(piece)
    except zlib.error as exc:
        raise ValueError(f"the gzip data is damaged ({exc})") from None
    if not inflater.eof:
        raise ValueError("the gzip data is truncated")
    return b"".join(out)


def _member_parts(name: str) -> tuple[str, ...] | None:
    """A member name as path components below the root; None if it climbs out (``..``)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or len(name) > MAX_LINK:
        return None
    return tuple(parts)


class Tree:
    """Paths of a directory or tarball read as if it were ``/``: see the module documentation."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def resolve(self, path: str, follow_last: bool = True) -> tuple[str, ...]:
        """The physical components of ``path``; raises :class:`Absent` or :class:`TreeError`."""
        todo: deque[str] = deque(path.split("/"))
        done: list[str] = []
        hops = 0
        steps = 0
        while todo:
            steps += 1
            if steps > 4096:
                raise TreeError(path, "the path does not resolve in 4096 steps; not read")
            name = todo.popleft()
            if name in ("", "."):
                continue
            if name == "..":
                if done:
                    done.pop()
                continue
            candidate = (*done, name)
            kind = self.backend.kind(candidate)
            if kind is None:
                raise Absent(path, "no such file")
            if kind == "link" and (todo or follow_last):
                hops += 1
                if hops > MAX_HOPS:
                    raise TreeError(path, "too many levels of symbolic links (a loop?); not read")
                target = self.backend.readlink(candidate)[:MAX_LINK]
                if not target:
                    raise TreeError(path, "an empty symbolic link; not read")
                if target.startswith("/"):
                    done = []  # absolute targets stay inside the tree
                todo.extendleft(reversed(target.split("/")))
                continue
            if todo and kind != "dir" and any(t not in ("", ".") for t in todo):
                raise Absent(path, "a path component is not a directory")
            done = list(candidate)
        return tuple(done)

    def kind(self, path: str, follow: bool = True) -> Kind | None:
        """What ``path`` is (following links unless ``follow`` is false), or None if absent."""
        try:
            parts = self.resolve(path, follow_last=follow)
        except Absent:
            return None
        return self.backend.kind(parts)

    def exists(self, path: str) -> bool:
        """True if ``path`` exists (a dangling or looping link counts as absent)."""
        try:
            return self.kind(path) is not None
        except TreeError:
            return False

    def read(self, path: str, limit: int = MAX_READ) -> bytes:
        """At most ``limit`` bytes of the regular file ``path``; refuses a larger file."""
        parts = self.resolve(path)
        kind = self.backend.kind(parts)
        if kind != "file":
            what = {"dir": "a directory", "link": "a symbolic link"}.get(kind or "")
            raise TreeError(path, f"{what or 'not a regular file (a FIFO or device?)'}; not read")
        data = self.backend.read(parts, limit)
        if len(data) > limit:
            raise TreeError(path, f"larger than {limit} bytes; not read")
        return data

    def read_head(self, path: str, limit: int) -> tuple[bytes, bool]:
        """The first ``limit`` bytes of ``path`` and whether the file is longer."""
        parts = self.resolve(path)
        if self.backend.kind(parts) != "file":
            raise TreeError(path, "not a regular file (a FIFO or device?); not read")
        data = self.backend.read(parts, limit)
        return data[:limit], len(data) > limit

    def text(self, path: str, limit: int = 4096) -> str:
        """A small text attribute, stripped; refuses binary content."""
        data = self.read(path, limit)
        if b"\x00" in data:
            raise TreeError(path, "binary content where text was expected; not read")
        try:
            return data.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise TreeError(path, "not UTF-8 text; not read") from None

    def names(self, path: str, limit: int = MAX_ENTRIES) -> list[str]:
        """The names in directory ``path``, sorted; refuses a directory with more than ``limit``."""
        parts = self.resolve(path)
        if self.backend.kind(parts) != "dir":
            raise TreeError(path, "not a directory")
        found = self.backend.names(parts, limit)
        if len(found) > limit:
            raise TreeError(path, f"more than {limit} entries; not read")
        return sorted(found)

    def link_name(self, path: str) -> str:
        """The last component of the symbolic link ``path``'s target (``driver`` -> 'e1000e')."""
        parts = self.resolve(path, follow_last=False)
        if self.backend.kind(parts) != "link":
            raise TreeError(path, "not a symbolic link")
        target = self.backend.readlink(parts)[:MAX_LINK].rstrip("/")
        name = target.rsplit("/", 1)[-1]
        if not name or name in (".", ".."):
            raise TreeError(path, "a symbolic link without a name at its end")
        return name


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symbolic link where none may be; not read"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return exc.strerror or "cannot be read"
