"""The everyday conventions of the command line (issue 16), each through the real command:
default path and standard input, statistics and timings, the display threshold, colour, help
text, format names and refusals, explain as JSON, shell completion, catalog discovery, did-you-mean
for suppressions, other tools' YAML, guest OS hints and report grammar."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

HOST = """\
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

BROKEN = EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml"


# --- paths and standard input ------------------------------------------------------------------


def test_check_without_a_path_checks_the_current_directory(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(HOST)
    run = hvcheck("check", "-f", "concise", cwd=tmp_path)
    assert run.code == 1
    assert run.out.startswith("./h.yaml:7:12: HV3001 error ")


def test_standard_input_is_checked_as_stdin_or_the_name_given() -> None:
    plain = hvcheck("check", "-f", "concise", "-", stdin=HOST)
    assert plain.code == 1 and "<stdin>:7:12: HV3001 error " in plain.out
    named = hvcheck(
        "check", "-f", "concise", "--stdin-filename", "hosts/esx01.yaml", "-", stdin=HOST
    )
    assert named.out.startswith("hosts/esx01.yaml:7:12: HV3001 error ")


# --- statistics, timings, threshold, summary ----------------------------------------------------


def test_statistics_counts_findings_per_rule_and_timings_are_separate() -> None:
    run = hvcheck("check", "--statistics", str(EXAMPLES / "broken"))
    lines = run.err.splitlines()
    row = next(line for line in lines if " HV4005 " in line)
    assert re.match(r"^\s+1  HV4005  error\s+synthetic-device-needs-enlightenment$", row), row
    assert not re.search(r"^setup\s", run.err, re.M)  # no timing table without --timings
    timed = hvcheck("check", "--timings", str(BROKEN))
    assert re.search(r"^setup\s", timed.err, re.M) and re.search(r"^rules\s", timed.err, re.M)


def test_show_and_quiet_hide_lower_findings_without_changing_the_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST.replace('version: "8.0"', 'version: "8.0"}\n  x: {'))
    mixed = EXAMPLES / "valid" / "virtual-server-2005r2.yaml"
    every = hvcheck("check", "-f", "concise", str(mixed))
    assert " HV2005 info " in every.out
    for args in (("--show", "warning"), ("-q",)):
        run = hvcheck("check", "-f", "concise", *args, str(mixed))
        assert run.code == every.code
        assert " info " not in "\n".join(run.out.splitlines()[:-1])
        assert any(line.startswith("Found ") for line in run.out.splitlines()[-2:])


def test_concise_ends_with_a_summary_line() -> None:
    run = hvcheck("check", "-f", "concise", str(BROKEN))
    assert run.out.splitlines()[-1] == (
        "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file (1 host)."
    )


# --- colour ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "colour"),
    [
        ((), {}, False),  # not a terminal
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # an explicit option wins
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_follows_the_option_then_no_color_then_force_color(
    args: tuple[str, ...], env: dict[str, str], colour: bool
) -> None:
    run = hvcheck("check", *args, str(BROKEN), env={"FORCE_COLOR": None, **env})
    assert ("\x1b[" in run.out) is colour
    assert run.code == 1


# --- help, formats, refusals --------------------------------------------------------------------


COMMANDS = [
    ["check"],
    ["fix"],
    ["report"],
    ["matrix"],
    ["graph"],
    ["rules"],
    ["explain"],
    ["schema"],
    ["config"],
    ["import"],
    ["init"],
    ["catalog", "list"],
    ["catalog", "show"],
    ["catalog", "files"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_shows_metavars_never_python_types(command: list[str]) -> None:
    run = hvcheck(*command, "--help", parser="typer")
    assert run.code == 0
    for leak in ("<str>", "<bool>", "<int", "list[str]", "{file}", "{paths}", "TEXT", "INTEGER"):
        assert leak not in run.out, (leak, run.out)


@pytest.mark.parametrize("command", [["report"], ["matrix"], ["rules"]])
def test_md_and_markdown_are_one_format_everywhere(tmp_path: Path, command: list[str]) -> None:
    paths = [] if command == ["rules"] else [str(EXAMPLES / "valid" / "hyperv-2022.yaml")]
    if command == ["matrix"]:
        paths += ["-t", "esxi:8.0"]
    md = hvcheck(*command, *paths, "-f", "md")
    markdown = hvcheck(*command, *paths, "-f", "markdown")
    assert md.code == markdown.code == 0, md.err
    assert md.out == markdown.out and md.out


@pytest.mark.parametrize(
    "args",
    [
        ["config", "-f", "markdown"],
        ["explain", "HV3001", "-f", "html"],
        ["check", "-f", "md", "x.yaml"],
        ["catalog", "list", "product", "-f", "md"],
        ["graph", "x.yaml", "-f", "svg"],
    ],
)
def test_a_format_a_command_does_not_support_is_refused(args: list[str]) -> None:
    run = hvcheck(*args)
    assert run.code == 2
    assert run.out == ""


def test_checking_commands_share_config_select_ignore_and_catalog(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(HOST)
    (tmp_path / "c.yaml").write_text("ignore: [HV3001]\n")
    host = str(tmp_path / "h.yaml")
    for command in (["check"], ["report", "-f", "json"], ["matrix", "-f", "json", "-t", "esxi"]):
        help_text = hvcheck(*command[:1], "--help", parser="typer").out
        for option in ("--config", "--select", "--ignore", "--catalog"):
            assert option in help_text, (command, option)
        run = hvcheck(*command, "--config", str(tmp_path / "c.yaml"), host)
        assert run.code in (0, 1), run.err
        assert "HV3001" not in run.out, command
    config = hvcheck("config", "--config", str(tmp_path / "c.yaml"), "--select", "HV3", host)
    assert 'ignore    = ["HV3001"]' in config.out and 'select    = ["HV3"]' in config.out


def test_explain_as_json() -> None:
    run = hvcheck("explain", "HV3001", "--format", "json")
    assert run.code == 0
    rule = json.loads(run.out)["rules"][0]
    assert rule["code"] == "HV3001" and "Why:" in rule["documentation"]
    assert rule["sources"] and all(s["citation"] for s in rule["sources"])


def test_explain_cites_source_ids_not_an_unshipped_reference() -> None:
    for rule in json.loads(hvcheck("rules", "-f", "json").out)["rules"]:
        doc = json.loads(hvcheck("explain", rule["code"], "-f", "json").out)["rules"][0]
        text = doc["documentation"]
        assert "reference §" not in text and not re.search(r"\bR\d\d\b", text), rule["code"]
        for cited in re.findall(r"\(sources: ([^)]*)\)", text):
            ids = {s["id"] for s in doc["sources"]}
            assert set(cited.split(", ")) <= ids, (rule["code"], cited)


def test_install_completion_writes_the_script_for_the_shell(tmp_path: Path) -> None:
    run = hvcheck("--install-completion", "bash", env={"HOME": str(tmp_path)}, parser="typer")
    assert run.code == 0, run.err
    script = tmp_path / ".bash_completions" / "hvcheck.sh"
    assert "_hvcheck_completion" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()


def test_shell_completion_completes_commands_options_and_formats() -> None:
    script = hvcheck("--show-completion", "bash", parser="typer")
    assert script.code == 0 and "_hvcheck_completion" in script.out
    env = {"_HVCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "hvcheck ch", "COMP_CWORD": "1"}
    assert hvcheck(env=env, parser="typer").out.split() == ["check"]
    env = {**env, "COMP_WORDS": "hvcheck check --format ", "COMP_CWORD": "3"}
    assert "sarif" in hvcheck(env=env, parser="typer").out.split()


# --- catalog discovery ---------------------------------------------------------------------------

KINDS = [
    "product",
    "release",
    "device-model",
    "guest-os",
    "driver-binding",
    "host-requirement",
    "source",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_catalog_kind_lists_and_shows_its_entries(kind: str) -> None:
    listed = json.loads(hvcheck("catalog", "list", kind, "-f", "json").out)
    assert listed["kind"] == kind and listed["entries"]
    ident = listed["entries"][0]["id"]
    if kind == "guest-os":
        ident = ident.split(" ")[0]  # "Alpine Linux 3.x and later" is listed; show takes a name
        ident = next(e["id"] for e in listed["entries"] if " " not in e["id"])
    shown = hvcheck("catalog", "show", kind, ident)
    assert shown.code == 0, shown.err
    assert shown.out.startswith(f"{kind} ")
    unknown = hvcheck("catalog", "show", kind, "zzzznothing")
    assert unknown.code == 2
    assert f"unknown {kind} 'zzzznothing'" in unknown.err
    assert "known: " in unknown.err


def test_catalog_lists_narrow_by_product_and_release() -> None:
    models = json.loads(
        hvcheck("catalog", "list", "device-model", "-p", "hyperv", "-f", "json").out
    )
    ids = {e["id"] for e in models["entries"]}
    assert "synthetic-nic" in ids and "vmxnet3" not in ids
    release = hvcheck("catalog", "list", "release", "-p", "esxi", "-r", "8.0U2b")
    assert release.out.startswith("esxi 8.0 U2 ") and len(release.out.splitlines()) == 1
    reqs = json.loads(
        hvcheck("catalog", "list", "host-requirement", "-p", "esxi", "-r", "5.0", "-f", "json").out
    )
    assert all(not e["id"].startswith("esxi-8") for e in reqs["entries"])
    refused = hvcheck("catalog", "list", "device-model", "-p", "hyperv", "-r", "2022")
    assert refused.code == 2 and "--release applies to" in refused.err
    no_product = hvcheck("catalog", "list", "release", "-r", "2022")
    assert no_product.code == 2 and "--release needs --product" in no_product.err


def test_an_unknown_id_gets_a_did_you_mean_and_the_list() -> None:
    run = hvcheck("catalog", "show", "device-model", "synthetc-nic")
    assert run.code == 2
    assert "did you mean 'synthetic-nic'?" in run.err and "vmxnet3" in run.err


# --- suppressions, other tools' YAML, guest OS hints -----------------------------------------


def test_a_suppression_naming_an_unknown_code_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(
        HOST.replace(
            "    - {id: nic0, class: network}",
            "    - {id: nic0, class: network}  # hvcheck: ignore[HV3010] spare",
        )
    )
    run = hvcheck("check", "-f", "concise", str(path))
    assert (
        "HV0011 error suppression names unknown rule 'HV3010'; did you mean HV3001 "
        "(device-without-hypervisor-driver)" in run.out
    )
    named = path.read_text().replace("HV3010", "device-without-hypervisor-drivr")
    path.write_text(named)
    assert (
        "did you mean HV3001 (device-without-hypervisor-driver)"
        in hvcheck("check", "-f", "concise", str(path)).out
    )


def test_hvchecks_own_and_other_tools_yaml_are_not_reported(tmp_path: Path) -> None:
    files = {
        ".hvcheck.yaml": "ignore: [HV1007]\n",
        ".pre-commit-config.yaml": "repos: []\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        "deploy/app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
        "hosts/esx01.yaml": HOST,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    run = hvcheck("check", "-f", "concise", "--", *files, cwd=tmp_path)  # as pre-commit runs it
    assert "HV0010" not in run.out, run.out
    assert "hosts/esx01.yaml:7:12: HV3001" in run.out
    # YAML that only lacks the header is still reported: it may be a host that lost it
    (tmp_path / "notes.yaml").write_text("name: esx02\n")
    assert "HV0010" in hvcheck("check", "-f", "concise", "notes.yaml", cwd=tmp_path).out


def test_a_version_in_a_guest_name_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    text = (EXAMPLES / "valid" / "hyperv-2022.yaml").read_text()
    path.write_text(text.replace('name: Ubuntu, version: "22.04"', "name: Ubuntu 22.04"))
    run = hvcheck("check", "-f", "concise", "--show-unknown", str(path))
    assert 'write name: Ubuntu, version: "22.04"' in run.out


# --- report grammar ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_counts_are_singular_for_one(fmt: str) -> None:
    run = hvcheck("report", "-f", fmt, str(BROKEN))
    assert run.code == 1
    assert "1 host:" in run.out and "1 hosts" not in run.out
    assert "1 error," in run.out and "1 errors" not in run.out


# --- the schema offers the catalogs' values ---------------------------------------------------


def test_the_schema_offers_catalog_values_for_completion_without_refusing_others() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(hvcheck("schema").out)
    defs = schema["$defs"]
    assert "hyperv" in defs["Hypervisor"]["properties"]["product"]["examples"]
    assert "Ubuntu" in defs["GuestOS"]["properties"]["name"]["examples"]
    by_product = {
        rule["if"]["properties"]["spec"]["properties"]["hypervisor"]["properties"]["product"][
            "const"
        ]: rule["then"]["properties"]["spec"]["properties"]
        for rule in schema["allOf"]
    }
    models = by_product["hyperv"]["partitions"]["items"]["properties"]["devices"]["items"]
    offered = models["properties"]["model"]["examples"]
    assert "synthetic-nic" in offered and "vmxnet3" not in offered
    assert "2022" in by_product["hyperv"]["hypervisor"]["properties"]["version"]["examples"]
    assert "enum" not in models["properties"]["model"]
    host = {
        "apiVersion": "hvcheck/v1",
        "kind": "Host",
        "metadata": {"name": "hv01"},
        "spec": {
            "hypervisor": {"product": "hyperv", "version": "2022"},
            "partitions": [
                {
                    "id": "vm1",
                    "role": "child",
                    "os": {"family": "linux", "name": "Mystery Linux", "arch": "x64"},
                    "devices": [
                        {"id": "n", "kind": "nic", "model": "vendor-nic", "mode": "emulated"}
                    ],
                }
            ],
        },
    }
    jsonschema.validate(host, schema)  # unknown models and guests stay valid: they are unknowns
