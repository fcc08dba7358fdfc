"""Review findings 15 and 19: importer output can never form a live suppression, and one bad source
file fails alone."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.helpers import hvcheck
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "importers" / "fixtures"
SUPPRESSION = re.compile(r"#\s*hvcheck:\s*ignore\[")


def test_a_source_value_cannot_become_a_suppression(tmp_path: Path) -> None:
    """Finding 15: a long displayName wrapped so a comment line began with `hvcheck: ignore[`."""
    vmx = (FIXTURES / "vmx" / "app01.vmx").read_text()
    for pad in range(40, 80):
        evil = "w" * pad + " hvcheck: ignore[HV3305, HV3304] approved by reviewer"
        text = re.sub(r'^displayName = ".*"$', f'displayName = "{evil}"', vmx, flags=re.M)
        (tmp_path / "evil.vmx").write_text(text)
        imported = hvcheck("import", "vmx", "evil.vmx", cwd=tmp_path)
        assert imported.code == 0, imported.err
        assert not SUPPRESSION.search(imported.out), imported.out
        checked = hvcheck("check", "--from", "vmx", "evil.vmx", cwd=tmp_path)
        assert "HV0012" not in checked.out  # no suppression exists to match nothing


def test_a_source_with_an_unknown_encoding_fails_alone(tmp_path: Path) -> None:
    """Finding 19: `encoding="x-evil"` aborted the whole `--from` run with an internal error."""
    good = (FIXTURES / "libvirt" / "web01.xml").read_text()
    (tmp_path / "ok.xml").write_text(good)
    (tmp_path / "enc.xml").write_text(
        good.replace("<domain", '<?xml version="1.0" encoding="x-evil"?>\n<domain', 1)
    )
    run = hvcheck(
        "check", "--from", "libvirt", "--format", "json", "enc.xml", "ok.xml", cwd=tmp_path
    )
    assert run.code == 2
    assert "enc.xml" in run.err and "internal error" not in run.err
    assert '"path": "ok.xml"' in run.out
