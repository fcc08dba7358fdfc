"""CI outputs: SARIF against the official schema, JUnit, GitHub annotations, GitLab, several reports."""

from __future__ import annotations

import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck
from tests.conftest import REPO, SHARED

GOLDEN = Path(__file__).parents[1] / "reporters" / "golden"
SARIF_SCHEMA = SHARED / "vendor-data" / "sarif" / "sarif-schema-2.1.0.json"

HOST = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "8.0"}
  devices:
    - {id: nic0, class: network}
    - {id: nic1, class: network}
    - {id: hba0, class: storage}
  drivers:
    - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
"""


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/vendor-data/sarif is not present")
    jsonschema = pytest.importorskip("jsonschema")
    run = hvcheck("check", "--format", "sarif", "input", cwd=GOLDEN)
    data = json.loads(run.out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)


def test_sarif_regions_fingerprints_and_suppressions() -> None:
    data = json.loads(hvcheck("check", "--format", "sarif", "input", cwd=GOLDEN).out)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    by_rule = {r["ruleId"]: r for r in results}
    hv1005 = by_rule["HV1005"]
    assert rules[hv1005["ruleIndex"]]["id"] == "HV1005"
    assert rules[hv1005["ruleIndex"]]["helpUri"].endswith("#hv1005-architecture-mismatch")
    region = hv1005["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 61, "endLine": 6, "endColumn": 78}
    assert (
        hv1005["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "input/hosts.yaml"
    )
    suppressed = by_rule["HV3001"]
    assert suppressed["suppressions"] == [
        {"kind": "inSource", "justification": "spare port, cabled next quarter"}
    ]
    prints = [r["partialFingerprints"]["hvcheck/v1"] for r in results]
    assert len(prints) == len(set(prints))
    assert "timestamp" not in json.dumps(data).lower()


def test_fingerprints_survive_unrelated_edits(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    before = json.loads(hvcheck("check", "-f", "sarif", str(path)).out)["runs"][0]["results"]
    path.write_text("# a new comment\n# and another\n" + HOST)
    after = json.loads(hvcheck("check", "-f", "sarif", str(path)).out)["runs"][0]["results"]
    fp = lambda rs: sorted(r["partialFingerprints"]["hvcheck/v1"] for r in rs)  # noqa: E731
    assert fp(before) == fp(after)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before
    ]


def test_junit_has_passes_failures_and_skips() -> None:
    root = ET.fromstring(hvcheck("check", "--format", "junit", "input", cwd=GOLDEN).out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["input/hosts.yaml", "input/syntax.yaml"]
    cases = suites[0].findall("testcase")
    names = {(c.get("classname"), c.get("name")) for c in cases}
    assert len(names) == len(cases), "testcase names are unique per suite"
    status = {}
    for c in cases:
        kind = (
            "failure"
            if c.find("failure") is not None
            else ("skipped" if c.find("skipped") is not None else "passed")
        )
        status[(c.get("classname"), c.get("name"))] = kind
    assert status[("input/hosts.yaml.esx-gold", "HV1005")] == "failure"
    assert status[("input/hosts.yaml.esx-gold", "HV1001")] == "passed"
    assert status[("input/hosts.yaml.esx-gold", "HV4001")] == "skipped"  # not applicable
    assert status[("input/hosts.yaml.esx-gold", "HV3001")] == "skipped"  # suppressed
    assert status[("input/hosts.yaml.esx-gold", "HV1007")] == "skipped"  # could not be checked
    assert status[("input/hosts.yaml.hv-gold", "HV4005")] == "failure"
    syntax = suites[1].findall("testcase")
    assert [c.get("name") for c in syntax] == ["HV0001 yaml-syntax"]
    assert int(root.get("failures", "0")) == 4


def test_github_annotations_escape_everything(tmp_path: Path) -> None:
    name = tmp_path / "a,b:c%.yaml"
    name.write_text(HOST.replace("nic1", "nic1\\n::error::pwned"))
    name.write_text(HOST.replace("id: nic1", 'id: "x"').replace("{id: nic0", '{id: "n%0A,::"'))
    run = hvcheck("check", "--format", "github", str(name))
    for line in run.out.splitlines()[:-1]:
        assert line.startswith(("::error ", "::warning ", "::notice "))
        props, _, message = line[2:].partition("::")
        assert "\n" not in message and "\r" not in message
        assert (
            "file=" + str(name).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") in props
        )


def test_gitlab_code_quality() -> None:
    data = json.loads(hvcheck("check", "--format", "gitlab", "input", cwd=GOLDEN).out)
    assert {d["severity"] for d in data} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({d["fingerprint"] for d in data}) == len(data)
    first = data[0]
    assert set(first) >= {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["location"]["lines"]["begin"] >= 1


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    run = hvcheck(
        "check",
        str(path),
        "-f",
        "sarif",
        "-o",
        str(sarif),
        "-f",
        "junit",
        "-o",
        str(junit),
        "-f",
        "concise",
    )
    assert run.code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert ET.fromstring(junit.read_text()).tag == "testsuites"
    assert run.out.count("HV3001") == 2


def test_the_readmes_several_reports_recipe(tmp_path: Path) -> None:
    """The README's command writes SARIF and JUnit files and GitHub annotations to the log."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- recipe: several-reports -->\n```sh\n(.*?)\n```", readme, re.S)
    assert found
    argv = shlex.split(found.group(1))
    assert argv[:3] == ["hvcheck", "check", "hosts/"]
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / "h.yaml").write_text(HOST)
    run = hvcheck(*argv[1:], cwd=tmp_path)
    assert run.code == 1
    assert json.loads((tmp_path / "hvcheck.sarif").read_text())["version"] == "2.1.0"
    assert ET.fromstring((tmp_path / "hvcheck.xml").read_text()).tag == "testsuites"
    assert run.out.startswith("::error file=hosts/h.yaml,"), run.out


def test_format_output_pairing_errors(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    assert hvcheck("check", str(path), "-f", "json", "-f", "sarif").code == 2
    assert hvcheck("check", str(path), "-o", "a", "-o", "b").code == 2


def test_output_through_a_symlink_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOST)
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    run = hvcheck("check", str(path), "-f", "json", "-o", str(link))
    assert run.code == 2 and "symbolic link" in run.err
    assert target.read_text() == "keep me"


def test_the_readme_documents_every_check_option() -> None:
    from hvcheck.cli.commands import check

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("followed by a summary line. Options:", 1)[1].split("\n\n", 2)[1]
    flags = [f for p in check.COMMAND.params for f in p.flags if f.startswith("--")]
    assert flags
    missing = [f for f in flags if f"`{f}" not in table]
    assert missing == [], f"check options missing from the README's options table: {missing}"
