"""The composite GitHub Action, simulated: its steps run as a runner would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.acceptance

EXPRESSION = re.compile(r"\$\{\{\s*([a-z.-]+)\s*\}\}")


def _action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load((REPO / "action.yml").read_text())
    return data


def _step(action: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in action["runs"]["steps"] if s.get("name") == name)
    return found


def _run_step(step: dict[str, Any], values: dict[str, str], cwd: Path, env: dict[str, str]):
    """Run one ``run:`` step as the runner does: expressions only in ``env:``, substituted there."""
    assert "${{" not in step["run"], "inputs must reach the script through env, not its text"
    step_env = {
        key: EXPRESSION.sub(lambda m: values[m.group(1)], str(value))
        for key, value in (step.get("env") or {}).items()
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env={**env, **step_env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _workspace(tmp_path: Path) -> tuple[dict[str, Any], dict[str, str], Path, dict[str, str]]:
    action = _action()
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    workspace = tmp_path / "ws"
    (workspace / "hosts").mkdir(parents=True)
    shutil.copy(EXAMPLES / "valid" / "hyperv-2022.yaml", workspace / "hosts")
    shutil.copy(EXAMPLES / "broken" / "HV4001-driver-in-hypervisor.yaml", workspace / "hosts")
    env = dict(
        os.environ,
        GITHUB_ACTIONS="true",
        GITHUB_OUTPUT=str(tmp_path / "output"),
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return action, values, workspace, env


def test_action_runs_hvcheck_writes_sarif_annotations_and_summary(tmp_path: Path) -> None:
    action, values, workspace, env = _workspace(tmp_path)
    values["inputs.paths"] = "hosts"
    proc = _run_step(_step(action, "Run hvcheck"), values, workspace, env)
    assert proc.returncode == 0, proc.stderr  # the step records the exit code instead of failing
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("::error file=hosts/HV4001-driver-in-hypervisor.yaml,line=")
    assert (tmp_path / "output").read_text().strip() == "exit-code=1"
    sarif = workspace / values["inputs.sarif-file"]
    assert '"version": "2.1.0"' in sarif.read_text()
    assert "HV4001" in (tmp_path / "summary.md").read_text()
    values["steps.run.outputs.exit-code"] = "1"
    fail = _run_step(_step(action, "Fail on findings"), values, workspace, env)
    assert fail.returncode == 1


def test_inputs_are_data_never_shell_code(tmp_path: Path) -> None:
    """A path list taken from a pull request (``$(...)``, backticks, ``;``, a glob, a name that
    looks like an option) is passed to hvcheck as words, never run."""
    action, values, workspace, env = _workspace(tmp_path)
    marker = tmp_path / "pwned"
    values["inputs.paths"] = (
        f"hosts $(touch {marker}) `touch {marker}`;touch {marker} * --exit-zero"
    )
    values["inputs.sarif-file"] = "out $(touch pwned).sarif"
    proc = _run_step(_step(action, "Run hvcheck"), values, workspace, env)
    assert not marker.exists() and not (workspace / "pwned").exists()
    assert proc.returncode == 0, proc.stderr
    assert "--exit-zero: no such file or directory" in proc.stderr  # a file name, not an option
    assert (tmp_path / "output").read_text().strip() == "exit-code=2"
    assert (workspace / "out $(touch pwned).sarif").is_file()


def test_third_party_actions_are_pinned_by_commit() -> None:
    for step in _action()["runs"]["steps"]:
        uses = step.get("uses")
        if uses:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), uses
