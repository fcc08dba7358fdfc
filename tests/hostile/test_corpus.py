"""Every hostile case through the real CLI: the right finding, a defined exit code, bounded cost.

Each case runs ``hvcheck check --format concise FILE`` in a child process (see ``harness.py``) with
an address-space limit and a hang timeout, and must

* exit with the case's code (1 when the input is hostile: hostile input is a finding; 0 when it is a
  legitimate file that only looks odd),
* report the expected finding at the expected ``line:column``,
* print no traceback and no internal error,
* use less than ``TIME_BUDGET`` seconds of CPU and ``RSS_BUDGET_MB`` of peak memory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.hostile.cases import CASES, CORPUS, Case
from tests.hostile.harness import RSS_BUDGET_MB, TIME_BUDGET, ForkServer, Result, run_subprocess

LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>HV\d{4}) "
    r"(?P<sev>error|warning|info) (?P<message>.+) \((?P<name>[a-z0-9-]+)\)$"
)


SUMMARY = re.compile(r"^(Found \d+ findings? \(|No findings in |\d+ facts? could not be checked )")


def run_case(server: ForkServer, tmp_path: Path, case: Case, fmt: str = "concise") -> Result:
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content())
    return server.run("check", "--format", fmt, path.name, cwd=tmp_path)


def parse_lines(out: str) -> list[dict[str, str]]:
    found = []
    for line in out.splitlines():
        if SUMMARY.match(line):
            continue  # concise ends with the summary line(s)
        m = LINE.match(line)
        assert m, f"not a finding line: {line!r}"
        found.append(m.groupdict())
    return found


def check_budget(run: Result) -> None:
    assert run.cpu < TIME_BUDGET, f"too slow: {run.summary()}"
    assert run.maxrss_mb < RSS_BUDGET_MB, f"too much memory: {run.summary()}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(server: ForkServer, tmp_path: Path, case: Case) -> None:
    run = run_case(server, tmp_path, case)
    run.check_contract()
    assert run.code == case.exit, f"{run.summary()}\n{run.out[-3000:]}\n{run.err[-2000:]}"
    found = parse_lines(run.out)
    if case.expect is None:
        errors = [f for f in found if f["sev"] == "error"]
        assert errors == [], errors
    else:
        code, line, column = case.expect
        where = [(f["code"], int(f["line"]), int(f["col"])) for f in found]
        assert (code, line, column) in where, run.out[-3000:]
        hit = next(f for f in found if (f["code"], int(f["line"]), int(f["col"])) == case.expect)
        assert case.message in hit["message"], hit
        assert all(f["path"] == f"{case.name}.yaml" for f in found)
    check_budget(run)
    # a Python tag is never executed: none of the payloads' marker files exists
    assert not list(tmp_path.glob("hvcheck-pwned-*"))


def test_every_corpus_file_has_a_case() -> None:
    named = {c.name for c in CASES if c.data is None}
    files = {p.stem for p in CORPUS.glob("*.yaml")}
    assert files == named


def test_all_hostile_files_in_one_run(server: ForkServer, tmp_path: Path) -> None:
    """One bad file never stops the others: every file gets its findings, in one bounded run."""
    for case in CASES:
        if case.data is None or case.name in ("deep_block_map_300", "merge_chain_4k"):
            (tmp_path / f"{case.name}.yaml").write_bytes(case.content())
    run = server.run("check", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    run.check_contract()
    assert run.code == 1
    report = json.loads(run.out)
    checked = {Path(f["path"]).stem for f in report["files"]}
    assert checked == {p.stem for p in tmp_path.glob("*.yaml")}
    for case in CASES:
        if case.expect and case.name in checked:
            code, line, column = case.expect
            assert any(
                Path(f["file"]).stem == case.name
                and (f["code"], f["line"], f["column"]) == (code, line, column)
                for f in report["findings"]
            ), case.name
    assert run.maxrss_mb < RSS_BUDGET_MB, run.summary()


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "gitlab", "json", "sarif", "junit"])
def test_workflow_command_injection_never_starts_a_line(
    server: ForkServer, tmp_path: Path, fmt: str
) -> None:
    """Values carrying ``\\n::error ...`` are escaped in every format, so no forged command line."""
    case = next(c for c in CASES if c.name == "gha_workflow_command")
    run = run_case(server, tmp_path, case, fmt)
    run.check_contract()
    assert run.code == 1
    lines = run.out.splitlines()
    assert not any("::error file=README.md" in line.split("::", 2)[0] for line in lines)
    assert not any(line.lstrip().startswith("::error file=README.md") for line in lines)
    assert not any(line.lstrip().startswith("::add-mask::") for line in lines)
    assert "\x1b" not in run.out
    if fmt == "github":
        annotations = [line for line in lines if line.startswith("::")]
        assert len(annotations) == len(lines) - 1  # one line per finding, then the summary


# A representative subset, run as a user would: a fresh ``python -m hvcheck`` per case (marked
# ``acceptance``; every case also runs above in a forked child). The time
# budget here excludes interpreter start-up, measured on the same machine just before.
SUBPROCESS_CASES = ["alias_lol9", "deep_flow_unclosed_1m", "file_over_limit", "tag_python_apply"]


@pytest.fixture(scope="module")
def startup(tmp_path_factory: pytest.TempPathFactory) -> Result:
    tmp = tmp_path_factory.mktemp("startup")
    (tmp / "empty.yaml").write_bytes(b"")
    runs = [run_subprocess("check", "--format", "concise", "empty.yaml", cwd=tmp) for _ in range(2)]
    return min(runs, key=lambda r: r.cpu)


@pytest.mark.acceptance
@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_hostile_case_in_a_fresh_interpreter(tmp_path: Path, startup: Result, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content())
    run = run_subprocess("check", "--format", "concise", path.name, cwd=tmp_path)
    run.check_contract()
    assert run.code == case.exit, run.summary()
    if case.expect:
        code, line, column = case.expect
        assert f"{path.name}:{line}:{column}: {code} " in run.out
    assert run.cpu - startup.cpu < TIME_BUDGET, f"{run.summary()} (start-up {startup.cpu:.2f} s)"
    assert run.maxrss_mb < RSS_BUDGET_MB, run.summary()
