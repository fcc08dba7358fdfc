"""The typer-free fast path of ``hvcheck check`` accepts exactly what typer would, with the same meaning."""

from __future__ import annotations

import typer.main

from hvcheck import checkcmd
from hvcheck.checkcmd import parse_check_args
from hvcheck.cli import CheckFormat, FailOn, app


def test_fast_path_knows_every_option_of_the_typer_command() -> None:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    typer_options = {opt for p in command.params for opt in p.opts if opt.startswith("-")}
    delegated = {"--from"}  # left to typer on purpose
    assert set(checkcmd._OPTIONS) == typer_options - delegated
    assert list(checkcmd.CHECK_FORMATS) == [f.value for f in CheckFormat]
    assert list(checkcmd.FAIL_ON) == [f.value for f in FailOn]


def test_usual_command_lines_are_parsed() -> None:
    assert parse_check_args(["a.yaml"]) == {"paths": ["a.yaml"], "limits": {}}
    parsed = parse_check_args(
        [
            "--format",
            "sarif",
            "-o",
            "out.sarif",
            "-f",
            "text",
            "dir",
            "--select=HV1",
            "--select",
            "HV4",
            "--fail-on",
            "warning",
            "--exit-zero",
            "--max-depth",
            "10",
            "-j",
            "0",
            "--statistics",
            "--",
            "--odd.yaml",
            "-",
        ]
    )
    assert parsed == {
        "paths": ["dir", "--odd.yaml", "-"],
        "formats": ["sarif", "text"],
        "outputs": ["out.sarif"],
        "select": ["HV1", "HV4"],
        "fail_on": "warning",
        "exit_zero": True,
        "limits": {"max_depth": 10},
        "jobs": 0,
        "statistics": True,
    }
    assert parse_check_args(["--config", "a", "--config", "b", "x"])["config"] == "b"  # type: ignore[index]
    assert parse_check_args(["--output", "-", "--format", "json", "x"])["outputs"] == ["-"]  # type: ignore[index]


def test_anything_unusual_is_left_to_typer() -> None:
    for args in (
        [],
        ["--help"],
        ["-h", "x"],
        ["--from", "vmx", "x.vmx"],
        ["--format", "xml", "x"],
        ["--format", "TEXT", "x"],
        ["-fjson", "x"],
        ["--max-depth", "0", "x"],
        ["--max-depth", "+5", "x"],
        ["--max-depth", "1_0", "x"],
        ["--jobs", "-1", "x"],
        ["--exit-zero=yes", "x"],
        ["--fail-on", "fatal", "x"],
        ["--unknown", "x"],
        ["--form", "json", "x"],
        ["x", "--select"],
        ["--statistics"],
    ):
        assert parse_check_args(args) is None, args
