"""Hostile paths: symbolic links (loops, to devices, to secrets), FIFOs, unreadable files and
directories, thousands of files, and file names that try to inject into the output.

A path named on the command line is followed; one that cannot be read is an error line naming it
and exit code 2, never a hang. Inside a walked directory, symbolic links and special files are
reported and never opened (see ``hvcheck/engine/discover.py``).
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from hvcheck.engine.discover import discover
from hvcheck.loader import load_file
from hvcheck.loader.load import ReadError
from tests.hostile.cases import VALID
from tests.hostile.harness import RSS_BUDGET_MB, TIME_BUDGET, ForkServer, Result

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LEAVES = (
    "symbolic link leading out of the checked tree; not followed (--follow-symlinks follows it)"
)
TO_DIRECTORY = (
    "symbolic link to a directory; not followed (name its target, or use --follow-symlinks)"
)


def check(server: ForkServer, cwd: Path, *paths: str, fmt: str = "concise") -> Result:
    run = server.run("check", "--format", fmt, *paths, cwd=cwd, timeout=20)
    run.check_contract()
    assert run.cpu < TIME_BUDGET, run.summary()
    assert run.maxrss_mb < RSS_BUDGET_MB, run.summary()
    return run


def error_lines(run: Result) -> list[str]:
    return [line.removeprefix("hvcheck: error: ") for line in run.err.splitlines()]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory with one good host and every kind of entry that must not be followed."""
    root = tmp_path / "hosts"
    root.mkdir()
    (root / "good.yaml").write_text(VALID, encoding="utf-8")
    (root / "loop.yaml").symlink_to("loop.yaml")  # a link to itself
    (root / "ping.yaml").symlink_to("pong.yaml")  # two links pointing at each other
    (root / "pong.yaml").symlink_to("ping.yaml")
    (root / "zero.yaml").symlink_to("/dev/zero")  # endless bytes
    (root / "passwd.yaml").symlink_to("/etc/passwd")  # a file outside the repository
    (root / "broken.yaml").symlink_to("missing.yaml")
    sub = root / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..")  # a directory loop
    (sub / "fifo.yaml").symlink_to(tmp_path / "fifo")  # a link to a FIFO with no writer
    os.mkfifo(tmp_path / "fifo")
    os.mkfifo(sub / "pipe.yaml")  # a FIFO named like a host file
    (sub / "README").symlink_to("../good.yaml")  # not a YAML name: ignored
    (sub / "dir.yaml").mkdir()  # a directory with a YAML name is walked
    (sub / "dir.yaml" / "inner.yml").write_text(VALID.replace("esx01", "esx02"), encoding="utf-8")
    return root


def test_walk_reports_links_and_special_files_and_checks_the_rest(
    server: ForkServer, tree: Path
) -> None:
    run = check(server, tree.parent, "hosts", fmt="json")
    assert run.code == 2, run.summary()
    report = json.loads(run.out)
    assert [f["path"] for f in report["files"]] == [
        "hosts/good.yaml",
        "hosts/sub/dir.yaml/inner.yml",
    ]
    assert error_lines(run) == [  # what the walk refuses, then what the loader cannot read
        f"hosts/passwd.yaml: {LEAVES}",
        f"hosts/zero.yaml: {LEAVES}",
        "hosts/sub/pipe.yaml: not a regular file (a FIFO); not read",
        f"hosts/sub/up: {TO_DIRECTORY}",
        "hosts/broken.yaml: cannot read: no such file",
        "hosts/loop.yaml: cannot read: too many levels of symbolic links",
        "hosts/ping.yaml: cannot read: too many levels of symbolic links",
        "hosts/pong.yaml: cannot read: too many levels of symbolic links",
        "hosts/sub/fifo.yaml: cannot read: not a regular file",
    ]
    assert "root:" not in run.out + run.err  # nothing of /etc/passwd is printed


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("loop.yaml", "too many levels of symbolic links"),
        ("ping.yaml", "too many levels of symbolic links"),
        ("broken.yaml", "no such file"),
        ("sub/pipe.yaml", "not a regular file"),
    ],
)
def test_named_paths_are_followed_but_never_hang(
    server: ForkServer, tree: Path, name: str, reason: str
) -> None:
    run = check(server, tree, name)
    assert run.code == 2
    assert error_lines(run) == [f"{name}: cannot read: {reason}"]


@pytest.mark.parametrize("name", ["zero.yaml", "passwd.yaml", "sub/fifo.yaml"])
def test_named_links_out_of_the_checked_tree_are_refused(
    server: ForkServer, tree: Path, name: str
) -> None:
    run = check(server, tree, name)
    assert run.code == 2
    assert error_lines(run) == [f"{name}: {LEAVES}"]
    assert "root:" not in run.out + run.err


def test_named_symlink_to_a_regular_file_is_checked(server: ForkServer, tree: Path) -> None:
    (tree / "link.yaml").symlink_to("good.yaml")
    run = check(server, tree, "link.yaml")
    assert run.code == 0 and run.err == ""


def test_named_symlink_to_a_directory_is_walked(server: ForkServer, tree: Path) -> None:
    (tree.parent / "alias").symlink_to("hosts/sub/dir.yaml")
    run = check(server, tree.parent, "alias", fmt="json")
    assert run.code == 0, run.err
    assert [f["path"] for f in json.loads(run.out)["files"]] == ["alias/inner.yml"]


def test_a_bad_path_does_not_stop_the_others(server: ForkServer, tree: Path) -> None:
    run = check(server, tree, "loop.yaml", "good.yaml", "missing.yaml", fmt="json")
    assert run.code == 2
    assert [f["path"] for f in json.loads(run.out)["files"]] == ["good.yaml"]
    assert len(error_lines(run)) == 2


# --- unreadable files and directories --------------------------------------------------------------


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their mode; simulated below")
def test_unreadable_file_and_directory(server: ForkServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(VALID, encoding="utf-8")
    secret.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.yaml").write_text(VALID, encoding="utf-8")
    locked.chmod(0)
    try:
        run = check(server, tmp_path, "secret.yaml", ".")
        assert run.code == 2
        assert "secret.yaml: cannot read: permission denied" in error_lines(run)
        assert "./locked: cannot list directory: permission denied" in error_lines(run)
    finally:
        secret.chmod(0o600)
        locked.chmod(0o700)


def test_unreadable_file_simulated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID, encoding="utf-8")
    real_open = os.open

    def deny(file: str, flags: int, *args: int) -> int:
        if os.fspath(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(ReadError, match="permission denied"):
        load_file(str(path))


def test_unreadable_directory_simulated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "c.yaml").write_text(VALID, encoding="utf-8")
    real_scandir = os.scandir

    def deny(path: str) -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    files, errors = discover([str(tmp_path)])
    assert files == [str(tmp_path / "a.yaml"), str(tmp_path / "z" / "c.yaml")]
    assert errors == [f"{locked}: cannot list directory: permission denied"]


# --- many files, deep trees ------------------------------------------------------------------------


def test_directory_of_thousands_of_files(server: ForkServer, tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(20):
        sub = root / f"d{d:02d}"
        sub.mkdir(parents=True)
        for i in range(200):
            (sub / f"notes{i:03d}.txt").write_bytes(b"x")
        for i in range(10):
            (sub / f"h{i}.yaml").write_bytes(b"a: 1\n")
    run = check(server, tmp_path, "many", fmt="json")
    assert run.code == 1
    report = json.loads(run.out)
    assert len(report["files"]) == 200
    assert {f["code"] for f in report["findings"]} == {"HV0010"}


def test_deep_directory_tree() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as top:
        path = top
        for _ in range(300):  # deeper than a recursive walk could go on a small stack
            path = os.path.join(path, "d")
        os.makedirs(path)
        Path(path, "deep.yaml").write_text("a: 1\n", encoding="utf-8")
        files, errors = discover([top])
        assert files == [os.path.join(path, "deep.yaml")] and errors == []


def test_discover_order_and_duplicates(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", ".hidden.yaml", "c.txt"):
        (tmp_path / name).write_text("a: 1\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    a = str(tmp_path / "a.yml")
    files, errors = discover([str(tmp_path), a, str(tmp_path / "c.txt"), str(tmp_path) + "/"])
    assert files == [a, str(tmp_path / "b.yaml"), str(tmp_path / "c.txt")]
    assert errors == []


# --- file names that try to inject -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "gitlab", "json", "sarif", "junit"])
def test_file_names_cannot_inject_lines_or_escapes(
    server: ForkServer, tmp_path: Path, fmt: str
) -> None:
    name = "evil\n::error file=README.md::forged \x1b[31m\u202e.yaml"
    (tmp_path / name).write_bytes(b"a: 1\n")
    run = check(server, tmp_path, ".", fmt=fmt)
    assert run.code == 1
    for line in run.out.splitlines() + run.err.splitlines():
        assert not line.lstrip().startswith("::error file=README.md"), line
    assert "\x1b" not in run.out + run.err
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(run.out)  # data formats keep the name exactly (JSON escapes the controls)
    else:
        assert "\u202e" not in run.out + run.err
