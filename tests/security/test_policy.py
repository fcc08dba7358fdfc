"""Review findings 6 and 9: file names cannot become options, and a nested configuration that
weakens the repository's policy is named in every run's summary."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from tests.cli.helpers import hvcheck
from tests.conftest import REPO


def test_the_pre_commit_hook_ends_options_before_file_names() -> None:
    """Finding 6: a file named `--select=none.yaml` turned the hook's exit 1 into 0."""
    hooks = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert hook["entry"].split()[-1] == "--", hook


def test_a_file_named_like_an_option_is_a_file(repo: Path) -> None:
    for name in ("--select=none.yaml", "--exit-zero", "--write-baseline=b.yaml", "-q"):
        (repo / name).write_text("")
        run = hvcheck("check", "--", name, "hosts/bad.yaml", cwd=repo)
        assert run.code == 1, (name, run.err)  # the broken host still fails
        assert "HV4005" in run.out
        assert not (repo / "b.yaml").exists()


def test_a_nested_config_that_weakens_the_policy_is_named(repo: Path) -> None:
    """Finding 9: a nested `.hvcheck.yaml` silently turned the root's errors off."""
    (repo / ".hvcheck.yaml").write_text("fail_on: warning\n")
    team = repo / "hosts" / "team"
    team.mkdir()
    (repo / "hosts" / "bad.yaml").rename(team / "bad.yaml")
    (team / ".hvcheck.yaml").write_text("select: [HV9]\nfail_on: never\n")
    run = hvcheck("check", "--format", "concise", ".", cwd=repo)
    summary = run.out.splitlines()[-2 if "could not be checked" in run.out else -1]
    assert "hosts/team/.hvcheck.yaml changes select, fail_on for 1 file" in summary
    sarif = json.loads(hvcheck("check", "--format", "sarif", ".", cwd=repo).out)
    assert sarif["runs"][0]["properties"]["hvcheck"]["narrowingConfigurations"] == [
        {"file": "hosts/team/.hvcheck.yaml", "changes": ["select", "fail_on"], "files": 1}
    ]
    # the operator can pin the policy: --config applies one file to everything
    pinned = hvcheck("check", "--config", ".hvcheck.yaml", ".", cwd=repo)
    assert pinned.code == 1 and "HV4005" in pinned.out
