"""``hvcheck fix``: list, --diff and --fix through the real command line, on real host files.

Each fix must change exactly the value it fixes and nothing else (comments, order, quoting and
layout stay), must be refused where it would not be certain, and must leave a file alone when it
changed after hvcheck read it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hvcheck.fixes import fix_modules, fixes
from hvcheck.rules.registry import find_rule
from tests.cli.helpers import hvcheck

ESXI_NUMBER = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}   # the lab host
spec:
  hypervisor:
    product: esxi
    version: 7.10          # typed as a number: YAML reads 7.1
  devices:
    - {id: nic0, class: network}
  drivers:
    - {name: igbn, kind: native, location: hypervisor, drives: [nic0]}
"""

HYPERV_DRIVER_IN_HYPERVISOR = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: hv01}
spec:
  hypervisor: {product: hyperv, version: "2022"}
  devices:
    - {id: nic0, class: network}
  drivers:
    - name: e1i68x64
      kind: windows-x64
      location: hypervisor      # wrong: vendor drivers run in the parent
      drives: [nic0]
  partitions:
    - id: root
      role: parent
      os: {family: windows, name: Windows Server 2022, arch: x64}
"""

HYPERV_SYNTHETIC_WITHOUT_IC = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: hv02}
spec:
  hypervisor: {product: hyperv, version: "2012 R2"}
  partitions:
    - id: root
      role: parent
      os: {family: windows, name: Windows Server 2012 R2, arch: x64}
    - id: old
      role: child
      generation: 1
      os: {family: windows, name: Windows Server 2008 R2, arch: x64}
      integration: {present: false}
      devices:
        - {id: old-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
"""

VS_WITHOUT_ADDITIONS = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: vs01}
spec:
  hypervisor: {product: virtual-server, version: "2005 R2 SP1"}
  host_os: {family: windows, name: Windows Server 2003 R2, version: SP2, arch: x64}
  partitions:
    - id: fax
      role: child
      os: {family: windows, name: Windows 2000 Server, version: SP4, arch: x86}
      vcpus: 1
      memory_mb: 512
"""


def write(tmp_path: Path, text: str, name: str = "host.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def codes(path: Path) -> set[str]:
    out = hvcheck("check", "-f", "concise", "--show-unknown", str(path)).out
    return set(re.findall(r": (HV\d{4}) ", out))


def test_diff_quotes_a_number_version_as_typed_and_changes_nothing_else(tmp_path: Path) -> None:
    path = write(tmp_path, ESXI_NUMBER)
    run = hvcheck("fix", "--diff", "host.yaml", cwd=tmp_path)
    assert run.code == 1, run.err
    assert run.out == (
        "--- a/host.yaml\n"
        "+++ b/host.yaml\n"
        "@@ -4,7 +4,7 @@\n"
        " spec:\n"
        "   hypervisor:\n"
        "     product: esxi\n"
        "-    version: 7.10          # typed as a number: YAML reads 7.1\n"
        '+    version: "7.10"          # typed as a number: YAML reads 7.1\n'
        "   devices:\n"
        "     - {id: nic0, class: network}\n"
        "   drivers:\n"
    )
    assert "1 finding can be fixed in 1 file" in run.err
    assert path.read_text() == ESXI_NUMBER  # --diff writes nothing


def test_fix_writes_the_file_then_there_is_nothing_left_to_fix(tmp_path: Path) -> None:
    path = write(tmp_path, HYPERV_DRIVER_IN_HYPERVISOR)
    assert "HV4001" in codes(path)
    run = hvcheck("fix", "--fix", str(path))
    assert run.code == 0, run.err
    assert run.out == ""
    assert "Fixed 1 finding in 1 file." in run.err
    assert path.read_text() == HYPERV_DRIVER_IN_HYPERVISOR.replace(
        "location: hypervisor      #", "location: parent      #"
    )
    assert "HV4001" not in codes(path)
    again = hvcheck("fix", "--fix", str(path))
    assert again.code == 0 and "Nothing to fix." in again.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["host.yaml"]  # no temporary file left


def test_without_flags_the_fixes_are_listed_with_their_safety(tmp_path: Path) -> None:
    write(tmp_path, HYPERV_DRIVER_IN_HYPERVISOR, "a.yaml")
    write(tmp_path, HYPERV_SYNTHETIC_WITHOUT_IC, "b.yaml")
    run = hvcheck("fix", ".", cwd=tmp_path)
    assert run.code == 1
    assert run.out.splitlines() == [
        "./a.yaml:11:17: HV4001 [safe] move the driver to the parent partition (location: parent)",
        "./b.yaml:16:43: HV4005 [unsafe] use the catalog's emulated alternative of the synthetic "
        "device",
    ]
    assert "--unsafe-fixes" in run.err


def test_unsafe_fixes_need_their_flag(tmp_path: Path) -> None:
    path = write(tmp_path, HYPERV_SYNTHETIC_WITHOUT_IC)
    safe_only = hvcheck("fix", "--fix", str(path))
    assert safe_only.code == 0
    assert path.read_text() == HYPERV_SYNTHETIC_WITHOUT_IC
    assert "1 more finding has only an unsafe fix" in safe_only.err
    run = hvcheck("fix", "--fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.err
    assert path.read_text() == HYPERV_SYNTHETIC_WITHOUT_IC.replace(
        "model: synthetic-nic, mode: synthetic", "model: legacy-nic, mode: emulated"
    )
    assert "HV4005" not in codes(path)


def test_a_block_mapping_gets_a_new_key_at_its_indentation(tmp_path: Path) -> None:
    path = write(tmp_path, VS_WITHOUT_ADDITIONS)
    assert "HV2006" in codes(path)
    run = hvcheck("fix", "--fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.err
    assert path.read_text() == VS_WITHOUT_ADDITIONS.replace(
        "arch: x86}\n", "arch: x86}\n      integration: {present: true}\n"
    )
    assert "HV2006" not in codes(path)


def test_line_endings_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = "\ufeff" + ESXI_NUMBER.replace("\n", "\r\n")
    path = tmp_path / "host.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert hvcheck("fix", "--fix", str(path)).code == 0
    assert path.read_bytes() == text.replace("version: 7.10", 'version: "7.10"').encode("utf-8")


def test_a_file_with_input_problems_is_left_alone(tmp_path: Path) -> None:
    broken = ESXI_NUMBER + "  drivers: []\n"  # a duplicate key
    path = write(tmp_path, broken)
    run = hvcheck("fix", "--fix", str(path))
    assert run.code == 1
    assert f"{path}: left alone: it has input findings (HV0002)" in run.err
    assert path.read_text() == broken


def test_a_value_written_through_an_alias_is_not_edited(tmp_path: Path) -> None:
    text = (
        HYPERV_DRIVER_IN_HYPERVISOR.replace(
            "    - {id: nic0, class: network}\n",
            "    - {id: nic0, class: network}\n    - {id: nic1, class: network}\n",
        )
        .replace(
            "      location: hypervisor      # wrong: vendor drivers run in the parent\n",
            "      location: &where hypervisor\n",
        )
        .replace(
            "  partitions:\n",
            "    - {name: e1r68x64, kind: windows-x64, location: *where, drives: [nic1]}\n"
            "  partitions:\n",
        )
    )
    path = write(tmp_path, text)
    assert "HV4001" in codes(path)
    run = hvcheck("fix", "--fix", str(path))
    assert path.read_text() == text
    assert "HV4001 not fixed" in run.err and "alias" in run.err


def test_a_file_that_changed_after_it_was_read_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hvcheck.fixes.run as fixing

    path = write(tmp_path, HYPERV_DRIVER_IN_HYPERVISOR)
    real = fixing.fix_text

    def edited_meanwhile(*args: object, **kwargs: object) -> fixing.FileFix:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(HYPERV_DRIVER_IN_HYPERVISOR + "# someone else's edit\n")
        return result

    monkeypatch.setattr(fixing, "fix_text", edited_meanwhile)
    run = hvcheck("fix", "--fix", str(path))
    assert run.code == 1
    assert "left alone: it changed since hvcheck read it" in run.err
    assert path.read_text().endswith("# someone else's edit\n")
    assert "location: hypervisor" in path.read_text()


def test_standard_input_and_diff_with_fix_are_refused(tmp_path: Path) -> None:
    assert hvcheck("fix", "-").code == 2
    both = hvcheck("fix", "--diff", "--fix", str(tmp_path))
    assert both.code == 2 and "give one of them" in both.err


def test_fix_modules_are_named_after_the_rule_they_fix() -> None:
    assert fix_modules()
    for dotted in fix_modules():
        short = dotted.rsplit(".", 1)[-1]
        code = "HV" + short[2:6]
        rule = find_rule(code)
        assert rule is not None, dotted
        assert short == f"hv{code[2:]}_{rule.name.replace('-', '_')}", dotted
        fix = fixes()[code]
        assert fix.title and fix.title[0].islower()


def test_rules_show_which_rules_have_fixes() -> None:
    lines = {line.split()[0]: line for line in hvcheck("rules").out.splitlines()}
    assert " safe " in lines["HV4001"]
    assert " unsafe " in lines["HV4005"]
    assert " - " in lines["HV1001"]
    explain = hvcheck("explain", "HV0004").out
    assert "fix: safe: quote the version, as it was typed (hvcheck fix)" in explain
    import json

    data = {r["code"]: r for r in json.loads(hvcheck("rules", "-f", "json").out)["rules"]}
    assert data["HV4005"]["fix"] == "unsafe" and data["HV1001"]["fix"] is None
    markdown = hvcheck("rules", "-f", "md").out
    assert "| `HV4001` | `driver-in-hypervisor` | error | type1-microkernel | safe |" in markdown
