"""``hvcheck import`` and ``hvcheck check --from`` through the real command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hvcheck.cli.commands.importing import COMMAND as IMPORT
from hvcheck.importers import names
from tests.cli.helpers import hvcheck
from tests.importers.helpers import fixture, validate

WEB01 = fixture("libvirt", "web01.xml")


def test_every_importer_is_a_cli_format() -> None:
    choices = IMPORT.params[0].choices
    assert choices is not None and tuple(choices()) == names()
    assert set(names()) >= {"libvirt", "vmx", "xl", "lspci", "esxcli"}


def test_import_to_stdout_with_warnings_on_stderr() -> None:
    run = hvcheck("import", "libvirt", WEB01)
    assert run.code == 0, run.err
    validate(run.out)
    lines = run.err.splitlines()
    assert lines and all(line.startswith(f"{WEB01}: warning: ") for line in lines)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("libvirt", ("libvirt", "win-xen.xml")),
        ("vmx", ("vmx", "app01.vmx")),
        ("xl", ("xl", "hvm.cfg")),
        ("lspci", ("lspci", "kvm-host-nnk.txt")),
        ("esxcli", ("esxcli", "esxi-host.txt")),
    ],
)
def test_import_writes_output_atomically(tmp_path: Path, fmt: str, name: tuple[str, str]) -> None:
    out = tmp_path / "host.yaml"
    run = hvcheck("import", fmt, fixture(*name), "-o", str(out))
    assert run.code == 0, run.err
    assert run.out == ""
    validate(out.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == ["host.yaml"]  # no temporary file left
    check = hvcheck("check", str(out))
    assert "HV0" not in check.out


def test_existing_output_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "host.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    run = hvcheck("import", "libvirt", WEB01, "-o", str(out))
    assert run.code == 2
    assert run.err.strip() == f"hvcheck: error: {out} exists; use --force to replace it"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    run = hvcheck("import", "libvirt", WEB01, "-o", str(out), "--force")
    assert run.code == 0, run.err
    validate(out.read_text(encoding="utf-8"))


def test_force_does_not_write_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text("untouched\n", encoding="utf-8")
    link = tmp_path / "host.yaml"
    os.symlink(target, link)
    run = hvcheck("import", "libvirt", WEB01, "-o", str(link), "--force")
    assert run.code == 2
    assert "symbolic link" in run.err
    assert target.read_text(encoding="utf-8") == "untouched\n"


def test_refused_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "host.yaml"
    broken = fixture("libvirt", "broken.xml")
    run = hvcheck("import", "libvirt", WEB01, broken, "-o", str(out))
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{broken}: error: not libvirt domain XML: XML syntax error at line 5, column 5: "
        "mismatched tag"
    ]
    assert not out.exists()


def test_missing_file_and_unknown_format() -> None:
    run = hvcheck("import", "vmx", "/nonexistent/x.vmx")
    assert run.code == 2
    assert run.err.strip() == "/nonexistent/x.vmx: error: cannot read: no such file"
    run = hvcheck("import", "ovf", WEB01)
    assert run.code == 2


def test_check_from_reports_against_the_imported_name() -> None:
    odd = fixture("xl", "hvm.cfg")
    run = hvcheck("check", "--from", "xl", odd, "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["summary"]["hosts"] == 1
    assert [f["path"] for f in data["files"]] == [str(odd)]
    assert f"{odd}: warning: guest 'winsrv': not mapped" in run.err


def test_check_from_shows_findings_with_the_display_name(tmp_path: Path) -> None:
    vmx = tmp_path / "odd.vmx"
    vmx.write_text(
        'config.version = "8"\ndisplayName = "odd"\nethernet0.present = "TRUE"\n'
        'ethernet0.virtualDev = "vmxnet9"\n',
        encoding="utf-8",
    )
    run = hvcheck("check", "--from", "vmx", str(vmx), "--fail-on", "info", "--show-unknown")
    assert run.code == 1
    assert f"{vmx}:" in run.out and "(imported as" not in run.out
    assert "HV1007" in run.out


def test_check_from_refused_file_is_exit_2() -> None:
    run = hvcheck("check", "--from", "libvirt", fixture("libvirt", "doctype.xml"))
    assert run.code == 2
    assert "document type declaration" in run.err
