"""The README's CI and install recipes, run from this repository, offline.

Each recipe is read from the README (the fenced block after its ``<!-- recipe: NAME -->`` marker),
so the text users copy is the text that runs: the install commands (a wheel built from this
checkout, installed with pip), the GitLab job's script, and the offline ``repo: local`` pre-commit
hook. The remote pre-commit hook needs a package index for its virtual environment;
``scripts/try-pre-commit.sh`` runs that one from ``.ci/run``. No recipe may depend on a package
index entry for hvcheck: none exists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.acceptance

BIN = Path(sys.executable).parent


def recipe(name: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)```", readme, re.S)
    assert found, f"README has no recipe {name!r}"
    return found.group(1)


def head() -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_no_recipe_installs_hvcheck_from_a_package_index() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"pip install hvcheck\b", readme)
    assert not re.search(r"rev: v\d", readme)  # no release is tagged
    assert "hvcheck/hvcheck@<commit>" in recipe("github")
    assert "rev: <commit>" in recipe("pre-commit")


def test_a_wheel_built_from_this_checkout_installs_and_runs(tmp_path: Path) -> None:
    """``python3 -m build --wheel`` (the README's build line; here with the backend already
    installed, as offline builds do), then ``pip install`` of the wheel into a fresh target; the
    console script it installs checks the examples with the catalogs and schemas packed inside the
    wheel. (The recipe's ``pipx install .`` needs a package index for the dependencies:
    ``.ci/run`` runs it.)"""
    commands = [line.split("#")[0].split() for line in recipe("install").splitlines()[1:]]
    assert commands == [
        ["python3", "-m", "pip", "install", "."],
        ["pipx", "install", "."],
        ["python3", "-m", "build", "--wheel"],
        ["python3", "-m", "pip", "install", "dist/hvcheck-*.whl"],
    ]
    source = tmp_path / "clone"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", ".ci-venv", "__pycache__", "dist", "build"),
    )
    built = run([sys.executable, "-m", "build", "--wheel", "--no-isolation"], cwd=source)
    dist = source / "dist"
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("hvcheck-*.whl")
    target = tmp_path / "site"
    installed = run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    env = {"PYTHONPATH": str(target)}
    where = run([sys.executable, "-c", "import hvcheck; print(hvcheck.__file__)"], tmp_path, env)
    assert where.stdout.startswith(str(target)), where.stdout  # the wheel's copy, not this checkout
    shutil.copytree(EXAMPLES / "valid", tmp_path / "hosts")
    checked = run([str(target / "bin" / "hvcheck"), "check", "hosts"], tmp_path, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "(0 errors, 0 warnings" in checked.stdout or checked.stdout.startswith("No findings")
    schema = run([str(target / "bin" / "hvcheck"), "schema"], tmp_path, env)
    assert "spec" in json.loads(schema.stdout)["properties"]
    started = run(
        [str(target / "bin" / "hvcheck"), "init", "-p", "xen", "hosts/new.yaml"], tmp_path, env
    )
    assert started.returncode == 0, started.stderr  # the templates are in the wheel
    assert (
        run([str(target / "bin" / "hvcheck"), "check", "hosts/new.yaml"], tmp_path, env).returncode
        == 0
    )


def test_the_gitlab_job_writes_code_quality_and_junit_reports(tmp_path: Path) -> None:
    job = YAML(typ="safe", pure=True).load(recipe("gitlab"))["hvcheck"]
    install, *script = job["script"]
    assert re.fullmatch(
        r'pip install "hvcheck @ git\+https://github\.com/hvcheck/hvcheck@<commit>"', install
    )
    assert head()  # what <commit> is replaced with: a commit that exists
    shutil.copy(
        EXAMPLES / "valid" / "esxi-8-native.yaml",
        (tmp_path / "hosts").mkdir() or tmp_path / "hosts",
    )
    shutil.copy(
        EXAMPLES / "broken" / "HV3001-device-without-hypervisor-driver.yaml", tmp_path / "hosts"
    )
    proc = run(
        ["bash", "-e", "-c", "\n".join(script)],
        tmp_path,
        {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
    )
    assert proc.returncode == 1, proc.stderr  # a finding fails the job, as it should
    assert "HV3001" in proc.stdout  # the text report, on the job's log
    reports = job["artifacts"]["reports"]
    quality = json.loads((tmp_path / reports["codequality"]).read_text())
    assert any("HV3001" in issue["check_name"] for issue in quality)
    assert all(issue["fingerprint"] for issue in quality)
    junit = ET.parse(tmp_path / reports["junit"]).getroot()
    assert junit.tag == "testsuites" and junit.iter("failure")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def test_the_local_pre_commit_hook_works_offline_and_skips_other_tools_yaml(tmp_path: Path) -> None:
    repo = tmp_path / "infra"
    (repo / "hosts").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.invalid")
    _git(repo, "config", "user.name", "ci")
    (repo / ".pre-commit-config.yaml").write_text(recipe("pre-commit-local"))
    (repo / ".hvcheck.yaml").write_text("fail_on: error\n")
    shutil.copy(EXAMPLES / "valid" / "hyperv-2022.yaml", repo / "hosts" / "hv01.yaml")
    shutil.copy(EXAMPLES / "valid" / "hyperv-2022.yaml", repo / "hosts" / "-odd name.yaml")
    _git(repo, "add", "-A")
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    pre_commit = [str(BIN / "pre-commit"), "run", "--all-files"]
    good = run(pre_commit, repo, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^hvcheck\.+Passed$", good.stdout, re.M), good.stdout
    shutil.copy(
        EXAMPLES / "broken" / "HV4001-driver-in-hypervisor.yaml", repo / "hosts" / "bad.yaml"
    )
    _git(repo, "add", "-A")
    bad = run(pre_commit, repo, env)
    assert bad.returncode == 1
    assert re.search(r"^hvcheck\.+Failed$", bad.stdout, re.M)
    assert "hosts/bad.yaml:" in bad.stdout and "HV4001" in bad.stdout
    assert "HV0010" not in bad.stdout  # .hvcheck.yaml and .pre-commit-config.yaml are recognised


def test_the_published_hook_passes_file_names_after_a_double_dash() -> None:
    hooks = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "hvcheck"
    assert hook["entry"].split()[-1] == "--"
    assert recipe("pre-commit-local").count("entry: hvcheck check --\n") == 1
