"""The Python API (``hvcheck.api``) gives what the command line gives: same findings, same exit code,
same output bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvcheck import api
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

BROKEN = EXAMPLES / "broken"


def test_check_equals_the_command_line_in_every_format() -> None:
    paths = [
        str(EXAMPLES / "valid"),
        str(BROKEN / "HV4005-synthetic-device-needs-enlightenment.yaml"),
    ]
    result = api.check(paths)
    assert api.exit_code(result) == 1
    for fmt in api.formats("check"):
        run = hvcheck("check", "--format", fmt, *paths)
        assert run.code == api.exit_code(result)
        assert api.render(result, fmt) == run.out, fmt


def test_check_takes_the_command_lines_selection_and_fail_on() -> None:
    path = str(BROKEN / "HV4005-synthetic-device-needs-enlightenment.yaml")
    assert api.exit_code(api.check([path], ignore=["HV4005"])) == 0
    selected = api.check([path], select=["HV4005"])
    assert {f.code for f in selected.findings} == {"HV4005"}
    cli = json.loads(hvcheck("check", "-f", "json", "--select", "HV4005", path).out)
    assert [f["code"] for f in cli["findings"]] == [f.code for f in selected.findings]


def test_unreadable_paths_are_errors_in_the_result(tmp_path: object) -> None:
    result = api.check([str(EXAMPLES / "no-such-file.yaml")])
    assert result.errors and "no-such-file.yaml" in result.errors[0]
    assert api.exit_code(result) == 2


def test_check_parsed_runs_the_same_rules_as_check_text() -> None:
    text = (BROKEN / "HV3001-device-without-hypervisor-driver.yaml").read_text(encoding="utf-8")
    report = api.check_text(text, "h.yaml")
    [host] = api.parse_text(text, "h.yaml")
    parsed = api.check_parsed(host)
    assert sorted((f.span, f.code, f.message) for f in parsed.findings) == sorted(
        (f.span, f.code, f.message) for f in report.findings
    )
    assert parsed.failed() and report.failed()
    assert not parsed.failed("never") and parsed.failed("warning")  # the --fail-on values


def test_parse_text_names_the_first_problem() -> None:
    with pytest.raises(ValueError, match=r"^h\.yaml:1:1: "):
        api.parse_text("kind: Host\n", "h.yaml")


def test_the_public_names_are_documented() -> None:
    from tests.conftest import REPO

    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in api.__all__ if f"`{name}" not in doc]
    assert missing == []


def test_fix_finds_what_the_command_line_fixes_and_write_fixed_writes_it(tmp_path: Path) -> None:
    from tests.cli.test_fix import ESXI_NUMBER

    path = tmp_path / "host.yaml"
    path.write_text("\ufeff" + ESXI_NUMBER, encoding="utf-8")  # a byte-order mark is kept
    done = api.fix(api.CheckRequest([str(path)], api.CommandLine()))
    assert done.errors == []
    [result] = done.files
    assert [a.finding.code for a in result.applied] == ["HV0004"]
    assert result.fixed == ESXI_NUMBER.replace("version: 7.10 ", 'version: "7.10" ')
    assert path.read_text(encoding="utf-8") == "\ufeff" + ESXI_NUMBER  # fix writes nothing
    assert api.write_fixed(result) is None
    assert path.read_bytes() == b"\xef\xbb\xbf" + result.fixed.encode("utf-8")
    assert hvcheck("fix", str(path)).err.strip().endswith("Nothing to fix.")


def test_write_fixed_leaves_a_file_alone_that_changed_since_it_was_read(tmp_path: Path) -> None:
    from tests.cli.test_fix import ESXI_NUMBER

    path = tmp_path / "host.yaml"
    path.write_text(ESXI_NUMBER, encoding="utf-8")
    [result] = api.fix(api.CheckRequest([str(path)], api.CommandLine())).files
    path.write_text(ESXI_NUMBER + "# edited meanwhile\n", encoding="utf-8")
    why = api.write_fixed(result)
    assert why is not None and "changed since hvcheck read it" in why
    assert path.read_text(encoding="utf-8").endswith("# edited meanwhile\n")
