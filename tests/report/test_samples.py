"""The sample reports committed under docs/ are what hvcheck produces today."""

from __future__ import annotations

import pytest

from tests.cli.helpers import hvcheck
from tests.conftest import REPO

INPUTS = [
    "examples/valid",
    "examples/broken/HV4005-synthetic-device-needs-enlightenment.yaml",
    "examples/fleet/cluster-mixed.yaml",
]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("md", "report-sample.md"), ("html", "report-sample.html"), ("json", "report-sample.json")],
)
def test_sample_report_is_current(fmt: str, name: str) -> None:
    run = hvcheck("report", "-f", fmt, *INPUTS, cwd=REPO)
    committed = (REPO / "docs" / name).read_text(encoding="utf-8")
    assert run.out == committed, f"docs/{name} is stale: run scripts/make-report-samples.sh"
