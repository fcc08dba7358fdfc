"""The installed command, end to end, in real processes: what a user's shell or a CI runner starts.

Everything else runs the same entry point in-process (``tests/cli/helpers.py``); these tests prove
that the console script, ``python -m hvcheck``, standard streams, environment detection and a closed
pipe behave the same outside the test process. Marked ``acceptance``: ``.ci/run`` runs them with
``pytest -m acceptance``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hvcheck import __version__
from tests.cli.helpers import hvcheck_subprocess
from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.acceptance

BROKEN_HOST = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "8.0"}
  devices:
    - {id: nic0, class: network}
    - {id: hba0, class: storage}
  drivers:
    - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
"""


def test_console_script_is_installed_and_reports_its_version() -> None:
    script = Path(sys.executable).parent / ("hvcheck.exe" if os.name == "nt" else "hvcheck")
    proc = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"hvcheck {__version__}"


def test_bundled_valid_examples_pass() -> None:
    run = hvcheck_subprocess("check", str(EXAMPLES / "valid"))
    assert run.code == 0, run.out
    assert "(0 errors, 0 warnings" in run.out


def test_broken_host_fails_with_a_position_and_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "esx01.yaml").write_text(BROKEN_HOST)
    run = hvcheck_subprocess("check", "--format", "concise", "esx01.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out.startswith("esx01.yaml:7:12: HV3001 error ")


def test_standard_input_is_checked_under_the_name_given() -> None:
    run = hvcheck_subprocess(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "hosts/esx01.yaml",
        "-",
        stdin=BROKEN_HOST.encode(),
    )
    assert run.code == 1
    data = json.loads(run.out)
    assert {f["file"] for f in data["findings"]} == {"hosts/esx01.yaml"}


def test_a_usage_error_exits_2_with_a_message() -> None:
    run = hvcheck_subprocess("check", "--format", "yaml", str(EXAMPLES / "valid"))
    assert run.code == 2
    assert "yaml" in run.err and run.out == ""


def test_a_closed_pipe_ends_the_run_quietly() -> None:
    """``hvcheck check ... | head -1``: no traceback, no "Broken pipe" noise."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "hvcheck", "check", "--format", "json", str(EXAMPLES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "Broken pipe" not in err, err
    assert code in (0, 1, -13), code  # -13: killed by SIGPIPE, as cat would be


def test_github_actions_is_detected_with_annotations_and_a_step_summary(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(BROKEN_HOST)
    summary = tmp_path / "summary.md"
    run = hvcheck_subprocess(
        "check",
        "h.yaml",
        cwd=tmp_path,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert run.code == 1
    assert run.out.startswith("::error file=h.yaml,line=7,")
    text = summary.read_text()
    assert text.startswith("## hvcheck\n")
    assert "| error |" in text and "HV3001" in text


def test_report_writes_a_file_atomically_and_prints_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = hvcheck_subprocess(
        "report", "-f", "html", "-o", str(target), str(EXAMPLES / "valid" / "hyperv-2022.yaml")
    )
    assert run.code == 0, run.err
    assert run.out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_the_readme_quick_start_command_works_from_the_repository() -> None:
    """``hvcheck check examples/`` as the README's first command runs it: findings (the broken
    examples), exit 1, and no input or usage errors."""
    run = hvcheck_subprocess("check", "examples/", cwd=REPO)
    assert run.code == 1, run.err
    assert run.err == ""
    assert run.out.splitlines()[-2].startswith("Found ")
