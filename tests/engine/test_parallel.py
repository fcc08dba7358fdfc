"""``--jobs N`` gives the same bytes as ``--jobs 1`` in every format (and so does the typer path, not
just the fast path); ``--timings`` prints its table to stderr and leaves stdout alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import generate
from hvcheck.engine.parallel import worker_count
from hvcheck.engine.stats import PHASES
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

FORMATS = ("text", "concise", "json", "sarif", "junit", "github", "gitlab")
OUTPUTS = [f"report.{fmt}" for fmt in FORMATS] + ["baseline.json"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated hosts plus every broken example (one finding of each rule), in nested folders."""
    root = tmp_path_factory.mktemp("corpus")
    generate(root / "generated", 9, partitions=5, devices=10, virtual_devices=20)
    shutil.copytree(EXAMPLES / "broken", root / "broken")
    (root / "broken" / "with-suppression.yaml").write_text(
        (EXAMPLES / "broken" / "HV1002-dangling-reference.yaml").read_text(encoding="utf-8")
        + "# hvcheck: ignore[HV9999] no such rule\n",
        encoding="utf-8",
    )
    return root


def _all_formats(corpus: Path, out: Path, *extra: str) -> list[str]:
    out.mkdir()
    args = ["check", *extra, str(corpus), str(corpus / "missing.yaml")]
    for fmt in FORMATS:
        args += ["--format", fmt, "--output", str(out / f"report.{fmt}")]
    return [*args, "--format", "text", "--write-baseline", str(out / "baseline.json")]


def test_jobs_n_output_is_identical_to_jobs_1_in_every_format(corpus: Path, tmp_path: Path) -> None:
    assert worker_count(3, 46) == 3  # the corpus is large enough to be split three ways
    one = hvcheck(*_all_formats(corpus, tmp_path / "one", "--jobs", "1"), cwd=corpus)
    many = hvcheck(*_all_formats(corpus, tmp_path / "many", "--jobs", "3"), cwd=corpus)
    typer_path = hvcheck(
        *_all_formats(corpus, tmp_path / "typer", "--jobs", "2"), cwd=corpus, parser="typer"
    )
    assert one.code == 2  # the missing path
    assert "missing.yaml: no such file or directory" in one.err
    assert one.out.count("\n") > 100
    for run in (many, typer_path):
        assert (run.code, run.out, run.err) == (one.code, one.out, one.err)
    for name in OUTPUTS:
        expected = (tmp_path / "one" / name).read_bytes()
        assert len(expected) > 100, name
        assert (tmp_path / "many" / name).read_bytes() == expected, name
        assert (tmp_path / "typer" / name).read_bytes() == expected, name


HEADER = re.compile(
    r"^hvcheck timings: (\d+) files, (\d+) hosts, (1 process|\d+ worker processes), "
    r"\d+\.\d{3} s wall$"
)
PHASE = re.compile(r"^([a-z]+) +\d+\.\d{3} +(\d+\.\d%|-)$")
RULE = re.compile(r"^(HV\d{4} [a-z0-9-]+|\(\d+ more rules\)) +(\d+ +)?\d+\.\d{3} +(\d+\.\d%|-)$")


def test_timings_table_goes_to_stderr_and_leaves_stdout_alone(corpus: Path) -> None:
    runs = {
        jobs: hvcheck("check", "--jobs", jobs, "--timings", str(corpus / "generated"))
        for jobs in ("1", "2")
    }
    assert runs["1"].out == runs["2"].out
    assert runs["1"].out.splitlines()[-2].startswith(("Found ", "No findings"))
    assert "could not be checked" in runs["1"].out.splitlines()[-1]
    for jobs, run in runs.items():
        assert run.code == 0
        lines = run.err.splitlines()
        m = HEADER.match(lines[0])
        assert m is not None, lines[0]
        assert (m.group(1), m.group(2)) == ("9", "9")
        assert (m.group(3) == "1 process") == (jobs == "1")
        assert lines[1].split() == ["phase", "seconds", "share"]
        phases = [PHASE.match(line) for line in lines[2 : 2 + len(PHASES)]]
        assert [p.group(1) for p in phases if p] == list(PHASES)
        assert lines[2 + len(PHASES)].startswith("total ")
        assert lines[3 + len(PHASES)].split() == ["rule", "hosts", "seconds", "share"]
        rules = lines[4 + len(PHASES) :]
        assert 1 <= len(rules) <= 16
        for line in rules:
            assert RULE.match(line), line


@pytest.mark.parametrize("jobs", [1, 2])
def test_rule_outcomes_are_recorded_only_when_a_format_shows_them(jobs: int) -> None:
    """Only JUnit shows every rule's outcome on every host; other runs skip making them."""
    from hvcheck.engine.config import CommandLine
    from hvcheck.engine.services import CheckRequest, run_check

    paths = [str(EXAMPLES / "valid")]
    plain = run_check(CheckRequest(paths, CommandLine(outcomes=False), jobs=jobs))
    full = run_check(CheckRequest(paths, CommandLine(), jobs=jobs))
    assert plain.outcomes == [] and len(full.outcomes) > 100
    assert plain.findings == full.findings
    junit = hvcheck("check", "-f", "junit", str(EXAMPLES / "valid"))
    assert junit.out.count("<testcase ") == len(full.outcomes)
