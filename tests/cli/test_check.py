"""``hvcheck check`` end to end: output lines, exit codes, formats, and bad input of every kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck

VALID = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "8.0"}
  devices:
    - {id: nic0, class: network, name: Intel X710}
  drivers:
    - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
"""

LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>HV\d{4}) (?P<sev>error|warning|info) .+ \((?P<name>[a-z0-9-]+)\)$"
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_valid_host_exits_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    run = hvcheck("check", str(path))
    assert run.code == 0
    assert run.out == "No findings in 1 file (1 host).\n"


def test_finding_line_caret_and_summary(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", VALID.replace("drives: [nic0]", "drives: [nic9]"))
    run = hvcheck("check", "--select", "HV1", str(path))
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == (
        f"{path}:9:66: HV1002 error unknown id 'nic9'; expected a physical device; "
        "did you mean 'nic0'? (dangling-reference)"
    )
    assert (
        lines[1] == " 9 |     - {name: i40en, kind: native, location: hypervisor, drives: [nic9]}"
    )
    assert lines[2] == "   |" + " " * 66 + "^^^^"
    assert lines[-1].startswith("Found ")
    assert "1 error" in lines[-1]


def test_fail_on_and_exit_zero(tmp_path: Path) -> None:
    # An unknown device model is something hvcheck could not check: it counts for --fail-on info
    # only with --show-unknown.
    text = (
        VALID
        + "  partitions:\n    - id: vm1\n      role: child\n      devices:\n"
        + ("        - {id: n0, kind: nic, model: virtio-net, mode: paravirtual}\n")
    )
    path = write(tmp_path, "info.yaml", text)
    assert hvcheck("check", str(path)).code == 0
    assert hvcheck("check", "--fail-on", "info", str(path)).code == 0
    assert hvcheck("check", "--fail-on", "info", "--show-unknown", str(path)).code == 1
    args = ("check", "--fail-on", "info", "--show-unknown", "--exit-zero", str(path))
    assert hvcheck(*args).code == 0


def test_select_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", VALID.replace("drives: [nic0]", "drives: [nic9]"))
    assert hvcheck("check", "--ignore", "HV1002", str(path)).code in (0, 1)
    assert "HV1002" not in hvcheck("check", "--ignore", "HV1002", str(path)).out
    assert "HV1002" not in hvcheck("check", "--select", "HV3", str(path)).out
    assert "HV1002" in hvcheck("check", "--select", "dangling-reference", str(path)).out


def test_json_output_is_versioned_and_positioned(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", VALID.replace("drives: [nic0]", "drives: [nic9]"))
    run = hvcheck("check", "--format", "json", str(path))
    data = json.loads(run.out)
    assert data["version"] == 1
    assert data["summary"]["files"] == 1
    finding = next(f for f in data["findings"] if f["code"] == "HV1002")
    assert (finding["line"], finding["column"], finding["end_column"]) == (9, 66, 70)
    assert finding["path"] == "spec.drivers[0].drives[0]"
    assert finding["host"] == "esx01"


def test_output_file_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    out = tmp_path / "report.json"
    run = hvcheck("check", "-f", "json", "-o", str(out), str(path))
    assert run.code == 0 and run.out == ""
    assert json.loads(out.read_text())["summary"]["hosts"] == 1


def test_directories_are_walked_in_order(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", VALID.replace("esx01", "b"))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.yml", VALID.replace("esx01", "a"))
    write(tmp_path, "notes.txt", "not yaml")
    run = hvcheck("check", "-f", "json", str(tmp_path))
    files = [f["path"] for f in json.loads(run.out)["files"]]
    assert files == [str(tmp_path / "b.yaml"), str(tmp_path / "sub" / "a.yml")]


BAD_INPUTS = [
    ("syntax.yaml", "apiVersion: hvcheck/v1\nkind: Host\nmetadata: {name: x\n", "HV0001", 4, 1),
    ("tabs.yaml", "apiVersion: hvcheck/v1\nkind: Host\nmetadata:\n\tname: x\n", "HV0001", 4, 1),
    ("types.yaml", VALID.replace('version: "8.0"', "version: 8.0"), "HV0004", 5, 40),
    ("unknown.yaml", VALID.replace("class: network", "clas: network"), "HV0003", 7, 18),
    ("missing.yaml", VALID.replace("kind: native, ", ""), "HV0005", 9, 7),
    ("dupkey.yaml", VALID + "  drivers: []\n", "HV0002", 10, 3),
    ("empty.yaml", "", "HV0008", 1, 1),
    ("comments.yaml", "# nothing\n", "HV0008", 1, 1),
    ("binary.yaml", b"\x7fELF\x02\x01\x01\x00\x00\x00", "HV0007", 1, 8),
    ("latin1.yaml", "name: caf\xe9\n".encode("latin-1"), "HV0007", 1, 10),
    ("scalar-root.yaml", "just a string\n", "HV0004", 1, 1),
    ("list-root.yaml", "- a\n- b\n", "HV0004", 1, 1),
    ("kind.yaml", VALID.replace("kind: Host", "kind: Hots"), "HV0010", 2, 7),
    (
        "tag.yaml",
        VALID.replace("{name: esx01}", "{name: !!python/name:os.system x}"),
        "HV0009",
        3,
        18,
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "code", "line", "col"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_is_a_positioned_finding(
    tmp_path: Path, name: str, text: str | bytes, code: str, line: int, col: int
) -> None:
    path = write(tmp_path, name, text)
    run = hvcheck("check", "--format", "concise", str(path))
    assert run.code == 1
    found = []
    for text_line in run.out.splitlines():
        if text_line.startswith(("Found ", "No findings ")):
            continue
        m = LINE.match(text_line)
        assert m, text_line
        found.append((m["code"], int(m["line"]), int(m["col"])))
    assert (code, line, col) in found, run.out


def test_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "a: [")
    write(tmp_path, "b.yaml", VALID)
    run = hvcheck("check", "-f", "json", str(tmp_path))
    data = json.loads(run.out)
    # the file that cannot be read counts as one host, a failing one, as in `hvcheck report`
    assert data["summary"]["files"] == 2 and data["summary"]["hosts"] == 2
    assert run.code == 1


def test_unreadable_paths_exit_two(tmp_path: Path) -> None:
    run = hvcheck("check", str(tmp_path / "missing.yaml"))
    assert run.code == 2
    assert "missing.yaml: no such file or directory" in run.err


def test_usage_errors_exit_two() -> None:
    assert hvcheck("check", "--format", "nope", "x").code == 2
    assert hvcheck("check", "--format", "markdown", "x").code == 2  # a report format, not check's
    assert hvcheck("no-such-command").code == 2


def test_no_path_checks_the_current_directory(tmp_path: Path) -> None:
    write(tmp_path, "host.yaml", VALID)
    run = hvcheck("check", "--format", "concise", cwd=tmp_path)
    assert run.code == 0, run.out
    assert run.out.startswith("No findings in 1 file (1 host).")


def test_output_never_injects_control_characters(tmp_path: Path) -> None:
    text = VALID.replace("drives: [nic0]", 'drives: ["nic0\\u001b[31m\\n::error::x"]')
    path = write(tmp_path, "evil.yaml", text)
    run = hvcheck("check", str(path))
    assert "\x1b" not in run.out
    assert not any(line.startswith("::") for line in run.out.splitlines())


def test_version() -> None:
    run = hvcheck("--version")
    assert run.code == 0 and run.out.startswith("hvcheck ")


def test_foreign_yaml_is_one_finding_that_can_be_ignored(tmp_path: Path) -> None:
    write(tmp_path, "ci.yaml", "jobs:\n  build: {runs-on: ubuntu-latest}\n")
    write(tmp_path, "host.yaml", VALID)
    run = hvcheck("check", "--format", "concise", str(tmp_path))
    assert run.code == 1
    assert run.out.splitlines()[:-1] == [
        f"{tmp_path / 'ci.yaml'}:1:1: HV0010 error not an hvcheck document: it has no apiVersion or "
        "kind (expected apiVersion: hvcheck/v1); ignore HV0010 to skip foreign YAML files "
        "(unknown-document-kind)"
    ]
    assert hvcheck("check", "--ignore", "HV0010", str(tmp_path)).code == 0


def test_other_tools_yaml_is_neither_a_finding_nor_a_host(tmp_path: Path) -> None:
    """A pre-commit hook hands every YAML file over: another tool's file is skipped, not counted
    as a host (a host description that fails to load is counted, as a failure)."""
    write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")
    write(tmp_path, "b.yaml", VALID)
    run = hvcheck(
        "check", "-f", "json", str(tmp_path / ".pre-commit-config.yaml"), str(tmp_path / "b.yaml")
    )
    data = json.loads(run.out)
    assert data["summary"]["files"] == 2 and data["summary"]["hosts"] == 1
    assert data["findings"] == [] or all(f["unknown"] for f in data["findings"])
