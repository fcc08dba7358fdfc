"""Review findings 1, 11, 20 and the named-symlink echo: a repository never makes hvcheck read a file
outside it, and a file that is not an hvcheck document never has its content printed.

Every test runs the attack through the real command line and asserts what a CI log would show.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hvcheck.engine import run as engine_run
from tests.cli.helpers import hvcheck
from tests.security.conftest import no_secret

CONFIG_ERROR = "a configuration file may only name catalogs inside its repository"


@pytest.mark.parametrize(
    "entry",
    [
        "{outside}/shadow",  # an absolute path
        "../outside/shadow",  # climbing out
        "../outside/id_ed25519.alias",  # climbing out, a foreign catalog format
    ],
)
def test_config_catalogs_outside_the_repository_are_refused(
    repo: Path, outside: Path, entry: str
) -> None:
    """Finding 1: `catalogs:` named an outside file and printed its lines (an SSH key, whole)."""
    (outside / "id_ed25519.alias").write_text((outside / "id_ed25519").read_text())
    (repo / ".hvcheck.yaml").write_text(f'catalogs: ["{entry.format(outside=outside)}"]\n')
    run = hvcheck("check", "hosts", cwd=repo)
    assert run.code == 2
    assert ".hvcheck.yaml:1:" in run.err and "catalogs[0]" in run.err
    assert "is outside the configuration file's directory" in run.err
    assert CONFIG_ERROR in run.err
    no_secret(run)


@pytest.mark.parametrize("name", ["leak.alias", "leak.map", "leak.ids", "leak.yaml"])
def test_a_committed_symlink_catalog_is_refused(repo: Path, outside: Path, name: str) -> None:
    """Finding 1: a symlink committed in the pull request, named by the repository config."""
    (repo / "cat").mkdir()
    (repo / "cat" / name).symlink_to(outside / "id_ed25519")
    for config in (f'catalogs: ["cat/{name}"]\n', 'catalogs: ["cat"]\n'):
        (repo / ".hvcheck.yaml").write_text(config)
        run = hvcheck("check", "hosts", cwd=repo)
        assert run.code == 2, run.err
        assert "leads outside the repository through a symbolic link" in run.err
        no_secret(run)
    # the operator can allow it, and even then the key's lines are never quoted
    run = hvcheck("check", "--follow-symlinks", "hosts", cwd=repo)
    assert run.code == 2
    no_secret(run)


def test_a_catalog_named_on_the_command_line_never_has_its_content_quoted(
    repo: Path, outside: Path
) -> None:
    for name, source in (("k.alias", "id_ed25519"), ("k.map", "shadow"), ("k.yaml", "shadow")):
        target = repo / name
        target.write_text((outside / source).read_text())
        run = hvcheck("check", "--catalog", str(target), "hosts", cwd=repo)
        assert run.code == 2
        assert name in run.err
        no_secret(run)


def test_named_symlink_to_a_secret_is_refused_and_never_echoed(repo: Path, outside: Path) -> None:
    """A link named on the command line (or found in a walk) leading out of the checked tree."""
    (repo / "hosts" / "x.yaml").symlink_to(outside / "credentials.yaml")
    for args in (("hosts/x.yaml",), ("hosts",)):
        run = hvcheck("check", *args, cwd=repo)
        assert run.code == 2
        assert "hosts/x.yaml: symbolic link leading out of the checked tree" in run.err
        no_secret(run)
    run = hvcheck("check", "--follow-symlinks", "hosts/x.yaml", cwd=repo)
    assert run.code in (1, 2)  # read as asked, reported as not a host; its lines never shown
    no_secret(run)


def test_a_file_that_is_not_an_hvcheck_document_is_never_quoted(repo: Path) -> None:
    (repo / "hosts" / "notes.yaml").write_text("aws_secret_access_key: fakeSECRETkey\n  bad: [\n")
    run = hvcheck("check", "--format", "text", "hosts/notes.yaml", cwd=repo)
    assert run.code == 1
    assert "notes.yaml:2:" in run.out  # the finding and its position are there
    no_secret(run)


def test_cluster_members_outside_the_repository_are_refused(repo: Path, outside: Path) -> None:
    """Finding 11: member paths were joined unconfined (an existence oracle, excerpts)."""
    (repo / "cluster.yaml").write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n"
        f"    - {{host: a, file: {outside / 'credentials.yaml'}}}\n"
        "    - {host: b, file: ../outside/credentials.yaml}\n"
        "    - {host: c, file: ../outside/does-not-exist.yaml}\n"
    )
    run = hvcheck("check", "--format", "json", "cluster.yaml", cwd=repo)
    assert run.code == 1
    assert run.out.count("resolves outside the checked tree") == 3  # no existence oracle
    assert "no such file" not in run.out
    no_secret(run)


def test_a_file_swapped_for_a_link_after_the_walk_is_not_read(
    repo: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 20: a symlink swapped in between the directory walk and the read was followed."""
    real = engine_run.discover

    def discover_then_swap(*args: object, **kwargs: object) -> tuple[list[str], list[str]]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        target = repo / "hosts" / "good.yaml"
        target.unlink()
        target.symlink_to(outside / "credentials.yaml")
        return found

    monkeypatch.setattr(engine_run, "discover", discover_then_swap)
    run = hvcheck("check", "--jobs", "1", "hosts", cwd=repo)
    assert run.code == 2
    assert "hosts/good.yaml: cannot read: resolves outside the checked tree" in run.err
    no_secret(run)


def test_a_baseline_that_is_a_link_out_of_the_tree_is_refused(repo: Path, outside: Path) -> None:
    (repo / ".hvcheck-baseline.json").symlink_to(outside / "shadow")
    run = hvcheck("check", "--baseline", ".hvcheck-baseline.json", "hosts", cwd=repo)
    assert run.code == 2
    assert "resolves outside the checked tree" in run.err
    no_secret(run)


def test_devices_and_fifos_are_never_opened_for_a_blocking_read(repo: Path) -> None:
    """Finding 4 (part): `/dev/stdin` hung, `/dev/zero` exhausted memory (catalog, baseline)."""
    fifo = repo / "fifo.json"
    os.mkfifo(fifo)
    for args in (
        ("--catalog", "/dev/zero"),
        ("--catalog", str(fifo)),
        ("--baseline", str(fifo), "--follow-symlinks"),
    ):
        run = hvcheck("check", *args, "hosts", cwd=repo)
        assert run.code == 2, args
        assert "not a regular file" in run.err, run.err
