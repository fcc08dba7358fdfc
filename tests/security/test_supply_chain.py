"""Review finding 21: what CI and the action install is pinned with hashes; dependency ranges are
bounded; the action passes inputs as data (tests/acceptance/test_action.py runs it)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO


def test_runtime_dependencies_have_upper_bounds() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    for requirement in project["project"]["dependencies"]:
        assert "<" in requirement.split(";")[0], requirement
    assert all("<" in r for r in project["build-system"]["requires"])


def test_ci_and_the_action_install_pinned_versions_with_hashes() -> None:
    for name in ("ci.txt", "runtime.txt"):
        text = (REPO / "requirements" / name).read_text()
        pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", text, flags=re.M)
        assert pins, name
        for block in re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n\n", 1)[-1]):
            if "==" in block.splitlines()[0]:
                assert "--hash=sha256:" in block, block.splitlines()[0]
        for needed in ("pydantic", "networkx", "ruamel-yaml", "ijson", "hatchling"):
            assert needed in {p.lower().replace("_", "-").replace(".", "-") for p in pins}, needed
    ci = (REPO / ".ci" / "run").read_text()
    assert "--require-hashes -r requirements/ci.txt" in ci
    action = (REPO / "action.yml").read_text()
    assert '--require-hashes -r "$GITHUB_ACTION_PATH/requirements/runtime.txt"' in action
