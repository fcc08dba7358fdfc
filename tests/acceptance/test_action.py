"""The composite GitHub Action, simulated: its hvcheck step runs as a runner would run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, REPO


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def test_action_runs_hvcheck_writes_sarif_annotations_and_summary(tmp_path: Path) -> None:
    action = YAML(typ="safe", pure=True).load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    workspace = tmp_path / "ws"
    (workspace / "hosts").mkdir(parents=True)
    shutil.copy(EXAMPLES / "valid" / "hyperv-2022.yaml", workspace / "hosts")
    shutil.copy(EXAMPLES / "broken" / "HV4001-driver-in-hypervisor.yaml", workspace / "hosts")
    inputs["paths"] = "hosts"
    script = _step(action, "Run hvcheck")["run"]
    script = re.sub(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}", lambda m: inputs[m.group(1)], script)
    assert "${{" not in script
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = dict(
        os.environ,
        GITHUB_ACTIONS="true",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    proc = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr  # the step records the exit code instead of failing
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("::error file=hosts/HV4001-driver-in-hypervisor.yaml,line=")
    assert output.read_text().strip() == "exit-code=1"
    sarif = workspace / inputs["sarif-file"]
    assert '"version": "2.1.0"' in sarif.read_text()
    assert "HV4001" in summary.read_text()
    upload = _step(action, "Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert (
        _step(action, "Fail on findings")["run"].strip()
        == "exit ${{ steps.run.outputs.exit-code }}"
    )
