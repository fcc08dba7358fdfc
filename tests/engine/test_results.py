"""Reports spilled to the run's temporary file give exactly the output of reports kept in memory,
and the run's findings come out in (file, line, column, code, message) order however the files
were named on the command line."""

from __future__ import annotations

import copy
import errno
import io
import json
import tempfile
from collections import Counter
from functools import partial
from typing import Any

import pytest

from hvcheck.catalog import load_catalog
from hvcheck.engine import check_paths
from hvcheck.engine.baseline import Baseline, apply_baseline
from hvcheck.findings import Finding
from hvcheck.reporters import names, render, stream
from hvcheck.reporters.check.github import stream_summary
from hvcheck.results import FileReport, ReportList, RunResult
from tests.conftest import EXAMPLES

FORMATS = {n: partial(render, "check", n) for n in names("check")}
STREAMS = {n: partial(stream, "check", n) for n in names("check")}


def render_summary(result: RunResult) -> str:
    return "".join(stream_summary(result))


# Named out of path order on purpose; the fleet's cluster documents report findings in member files.
PATHS = [str(EXAMPLES / "valid"), str(EXAMPLES / "fleet"), str(EXAMPLES / "broken")]


@pytest.fixture(scope="module")
def in_memory() -> RunResult:
    result = check_paths(PATHS, load_catalog([]))
    result.errors.append("missing.yaml: no such file or directory")
    # accept the gaps of the catalog in a baseline, so that the run has suppressed findings too
    apply_baseline(
        result, Baseline(Counter(f.identity() for f in result.findings if f.code == "HV1203"))
    )
    return result


def _spilled(result: RunResult, budget: int = 1) -> RunResult:
    spilled = RunResult(ReportList(result.files, budget=budget), list(result.errors))
    assert spilled.files.spilled
    return spilled


def test_findings_stream_in_documented_order(in_memory: RunResult) -> None:
    everything = [f for report in in_memory.files for f in report.findings]
    paths = [r.path for r in in_memory.files]
    assert paths != sorted(paths)  # the order files were checked is not the output order
    assert any(f.file != r.path for r in in_memory.files for f in r.findings)  # cluster members
    assert in_memory.all_findings == sorted(everything, key=Finding.sort_key)
    assert in_memory.findings == [f for f in in_memory.all_findings if f.suppressed is None]
    assert in_memory.suppressed == [f for f in in_memory.all_findings if f.suppressed is not None]
    assert in_memory.suppressed and in_memory.findings


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_spilled_reports_render_the_same_bytes(in_memory: RunResult, fmt: str) -> None:
    expected = FORMATS[fmt](in_memory)
    assert "".join(STREAMS[fmt](in_memory)) == expected
    assert FORMATS[fmt](_spilled(in_memory)) == expected
    assert FORMATS[fmt](_spilled(in_memory, budget=500)) == expected  # some held, some spilled


def test_spilled_totals_and_summary(in_memory: RunResult) -> None:
    spilled = _spilled(in_memory)
    assert spilled.counts() == in_memory.counts()
    assert spilled.counts()["error"] > 0
    assert spilled.host_count == in_memory.host_count > 0
    assert spilled.failed() and in_memory.failed()
    assert spilled.outcomes == in_memory.outcomes
    assert "".join(stream_summary(spilled)) == render_summary(in_memory)


def test_same_file_checked_twice_merges_in_order() -> None:
    report = check_paths([str(EXAMPLES / "broken" / "HV1001-unique-ids.yaml")], load_catalog([]))
    [one] = report.files
    twice = RunResult([one, FileReport(one.path, one.hosts, list(reversed(one.findings)))])
    doubled = sorted(one.findings + one.findings, key=Finding.sort_key)
    assert twice.all_findings == doubled
    assert _spilled(twice).all_findings == doubled


def test_baseline_applies_to_spilled_reports(in_memory: RunResult) -> None:
    active = in_memory.findings
    counts = Baseline(Counter(f.identity() for f in active))
    kept = RunResult(ReportList(copy.deepcopy(list(in_memory.files))), list(in_memory.errors))
    spilled = _spilled(in_memory)
    assert apply_baseline(kept, counts) == apply_baseline(spilled, counts) == len(active)
    assert in_memory.findings == active  # spilled copies changed, the originals did not
    assert spilled.findings == [] and spilled.counts() == {"error": 0, "warning": 0, "info": 0}
    assert not spilled.failed()
    assert FORMATS["sarif"](spilled) == FORMATS["sarif"](kept)
    sarif = json.loads(FORMATS["sarif"](spilled))
    kinds = {s["kind"] for r in sarif["runs"][0]["results"] for s in r.get("suppressions", [])}
    assert "external" in kinds


class _FullDisk(io.BytesIO):
    """A temporary file on a filesystem with ``room`` bytes left."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


@pytest.mark.parametrize("room", [0, 30_000])
def test_a_full_temporary_directory_keeps_reports_in_memory(
    in_memory: RunResult, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_: _FullDisk(room))
    reports = ReportList(in_memory.files, budget=1)
    assert reports.spilled  # some reports went to the file before it filled up (or none did)
    full = RunResult(reports, list(in_memory.errors))
    for fmt in ("text", "sarif", "junit"):
        assert FORMATS[fmt](full) == FORMATS[fmt](in_memory)


def test_no_temporary_directory_at_all_keeps_reports_in_memory(
    in_memory: RunResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    kept = RunResult(ReportList(in_memory.files, budget=1), list(in_memory.errors))
    assert not kept.files.spilled
    assert FORMATS["json"](kept) == FORMATS["json"](in_memory)
