"""Atomic writes: an interrupted write leaves the old file intact; links and special files are
refused; nothing in hvcheck writes a file any other way."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from hvcheck import atomicio
from hvcheck.atomicio import WriteError, write_text_atomic
from hvcheck.engine.discover import discover
from tests.hostile.cases import VALID
from tests.hostile.harness import REPO, ForkServer

OLD = "old content\n"
NEW = "new content, longer than the old one\n" * 100


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(atomicio.TEMP_PREFIX))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    return path


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    old_umask = os.umask(0o027)
    try:
        write_text_atomic(str(path), NEW)
    finally:
        os.umask(old_umask)
    assert path.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_replace_keeps_the_mode_and_leaves_no_temporary_file(target: Path) -> None:
    inode = target.stat().st_ino
    write_text_atomic(str(target), NEW)
    assert target.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != inode  # a new file was renamed over the old one
    assert leftovers(target.parent) == []


def test_explicit_mode_for_private_files(target: Path) -> None:
    atomicio.write_bytes_atomic(str(target), b"secret", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"secret"


def test_newlines_and_non_ascii_are_written_as_given(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_text_atomic(str(path), "a\r\nb\nc — ü\n")
    assert path.read_bytes() == "a\r\nb\nc — ü\n".encode()


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_a_failure_before_the_rename_keeps_the_old_file(
    target: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(WriteError, match="No space left on device"):
        write_text_atomic(str(target), NEW)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_streamed_chunks_are_written_whole_or_not_at_all(target: Path) -> None:
    chunks = [f"line {i} — ü\n" for i in range(20000)]  # more than one 64 KiB write
    atomicio.write_chunks_atomic(str(target), iter(chunks))
    assert target.read_text(encoding="utf-8") == "".join(chunks)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(target.parent) == []

    def failing() -> Iterator[str]:
        yield from chunks  # written to the temporary file already...
        raise RuntimeError("a reporter failed half way")

    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError, match="half way"):
        atomicio.write_chunks_atomic(str(target), failing())
    assert target.read_text(encoding="utf-8") == OLD  # ...but the target never saw them
    assert leftovers(target.parent) == []


def test_an_interrupt_during_the_write_keeps_the_old_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(str(target), NEW)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(target.parent) == []


def test_a_process_killed_between_write_and_rename_keeps_the_old_file(target: Path) -> None:
    """SIGKILL cannot be caught: the old file survives, a hidden temporary file may remain."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from hvcheck import atomicio
        atomicio.os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
        atomicio.write_text_atomic({str(target)!r}, {NEW!r})
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD
    [temporary] = leftovers(target.parent)
    assert (target.parent / temporary).read_text(encoding="utf-8") == NEW  # complete, unused
    assert temporary.startswith(".")  # hidden: directory walks never pick it up
    (target.parent / "host.yaml").write_text(VALID, encoding="utf-8")
    assert discover([str(target.parent)]) == ([str(target.parent / "host.yaml")], [])


def test_symbolic_link_target_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(OLD, encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(outside)
    with pytest.raises(WriteError, match="symbolic link"):
        write_text_atomic(str(link), NEW)
    assert outside.read_text(encoding="utf-8") == OLD
    assert link.is_symlink()
    assert leftovers(tmp_path) == []


def test_dangling_symbolic_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "would-be-created.txt")
    with pytest.raises(WriteError, match="symbolic link"):
        write_text_atomic(str(link), NEW)
    assert not (tmp_path / "would-be-created.txt").exists()


def test_hard_linked_target_is_refused(target: Path) -> None:
    other = target.parent / "other-name.json"
    os.link(target, other)
    with pytest.raises(WriteError, match="2 hard links"):
        write_text_atomic(str(target), NEW)
    assert target.read_text(encoding="utf-8") == OLD
    assert other.read_text(encoding="utf-8") == OLD


def test_special_files_and_directories_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="not a regular file"):
        write_text_atomic(str(fifo), NEW)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(WriteError, match="not a regular file"):
        write_text_atomic(os.devnull, NEW)  # never rename over a device node
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)
    with pytest.raises(WriteError, match="is a directory"):
        write_text_atomic(str(tmp_path), NEW)
    with pytest.raises(WriteError, match="does not exist"):
        write_text_atomic(str(tmp_path / "missing" / "out.txt"), NEW)
    assert leftovers(tmp_path) == []


def test_cli_output_through_a_link_is_refused(server: ForkServer, tmp_path: Path) -> None:
    (tmp_path / "host.yaml").write_text(VALID, encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(OLD, encoding="utf-8")
    (tmp_path / "report.json").symlink_to(outside)
    os.link(outside, tmp_path / "hard.json")
    for name, reason in [("report.json", "symbolic link"), ("hard.json", "hard links")]:
        run = server.run("check", "-f", "json", "-o", name, "host.yaml", cwd=tmp_path)
        run.check_contract()
        assert run.code == 2
        assert reason in run.err
        assert outside.read_text(encoding="utf-8") == OLD
    run = server.run("check", "-f", "json", "-o", "fresh.json", "host.yaml", cwd=tmp_path)
    assert run.code == 0 and (tmp_path / "fresh.json").read_text(encoding="utf-8").startswith("{")
    assert leftovers(tmp_path) == []


# Writes that do not go through atomicio, each with its reason.
ALLOWED_FILES = {
    # A private pickle written with its own mkstemp + os.replace (atomic too); it can move to
    # atomicio.write_bytes_atomic(path, data, mode=0o600).
    "hvcheck/engine/catalog_cache.py",
}
ALLOWED_CONTEXT = {
    # GitHub's step-summary protocol: append to the file the runner names.
    "GITHUB_STEP_SUMMARY",
}

WRITE_CALL = re.compile(
    r"open\([^)]*['\"][wax]b?\+?['\"]|\.write_text\(|\.write_bytes\(|os\.rename\(|os\.replace\("
    r"|shutil\.(copy|move)|NamedTemporaryFile|mkstemp|O_WRONLY|O_CREAT"
)


def test_every_file_write_goes_through_atomicio() -> None:
    offenders = []
    for path in sorted((REPO / "hvcheck").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if path.name == "atomicio.py" or name in ALLOWED_FILES:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if WRITE_CALL.search(line):
                context = "\n".join(lines[max(0, number - 6) : number])
                if not any(allowed in context for allowed in ALLOWED_CONTEXT):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == [], "write these through hvcheck.atomicio:\n" + "\n".join(offenders)
