"""Every output format stays well-formed whatever the findings say: file names and messages with
newlines, ``%``, ``::``, quotes, ANSI escapes, bidi overrides and non-ASCII text.

The formats are whatever ``hvcheck.reporters.names("check")`` lists when the test runs, so a new format is
covered the day it is registered: JSON formats must parse, XML formats must parse, line formats
must keep one line per finding, and no format may print a raw escape character or start a line
with a workflow command that hvcheck did not write.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import partial

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvcheck.findings import Finding, Severity, Span
from hvcheck.reporters import names, render
from hvcheck.reporters._summary import unknown_line
from hvcheck.reporters.check.text import header
from hvcheck.results import FileReport, RunResult
from tests.strategies import NASTY

FORMATS = {n: partial(render, "check", n) for n in names("check")}

JSON_FORMATS = {"json", "sarif", "gitlab"}
XML_FORMATS = {"junit"}

FILE_NAME = st.one_of(
    NASTY.filter(bool),
    st.sampled_from(["hosts/a.yaml", "::error::x.yaml", "dir with space/h.yml"]),
)


@st.composite
def findings(draw: st.DrawFn, file: str) -> Finding:
    line = draw(st.integers(1, 400))
    column = draw(st.integers(1, 120))
    end_line = draw(st.integers(line, line + 3))
    end_column = draw(st.integers(1, 130)) if end_line > line else draw(st.integers(column, 130))
    suppressed = draw(st.one_of(st.none(), NASTY.filter(bool)))
    return Finding(
        code=draw(st.sampled_from(["HV0001", "HV0006", "HV0099", "HV1002", "HV3001", "HV4005"])),
        name=draw(st.sampled_from(["yaml-syntax", "input-limit", "dangling-reference"])),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(NASTY),
        file=file,
        span=Span(line, column, end_line, end_column),
        logical_path=draw(st.one_of(st.just(""), NASTY)),
        host=draw(st.one_of(st.just(""), NASTY)),
        document=draw(st.integers(0, 3)),
        suppressed=suppressed,
        suppression_kind=None
        if suppressed is None
        else draw(st.sampled_from(["inSource", "external"])),
    )


@st.composite
def results(draw: st.DrawFn) -> RunResult:
    names = draw(st.lists(FILE_NAME, min_size=0, max_size=3, unique=True))
    reports = []
    for name in names:
        found = draw(st.lists(findings(name), max_size=6))
        lines = {f.span.line: draw(NASTY) for f in found if draw(st.booleans())}
        hosts = draw(st.lists(NASTY.filter(bool), max_size=2))
        reports.append(FileReport(name, hosts=hosts, findings=found, lines=lines))
    errors = draw(st.lists(NASTY.map(lambda s: f"x.yaml: cannot read: {s}"), max_size=2))
    return RunResult(files=reports, errors=errors)


def well_formed(fmt: str, out: str, result: RunResult) -> None:
    assert isinstance(out, str)
    assert "\x1b" not in out, "raw escape character in the output"
    assert "\x00" not in out
    active = [f for f in result.findings if not f.unknown]
    lines = out.splitlines()
    if fmt in JSON_FORMATS:
        json.loads(out)
        return
    if fmt in XML_FORMATS:
        ET.fromstring(out.encode("utf-8"))
        return
    assert "\u202e" not in out, "raw bidi override in a line format"
    if fmt == "github":
        annotations = [line for line in lines if line.startswith("::")]
        assert len(annotations) == len(active)
        assert len(lines) == len(active) + 1 + (unknown_line(result) is not None)  # and summary
        return
    # every other format is read by people and problem matchers: never a forged command
    assert not any(line.startswith("::") for line in lines), [
        x for x in lines if x.startswith("::")
    ]
    if fmt == "concise":
        assert lines[: len(active)] == [header(f) for f in active]
        assert lines[len(active)].startswith(("Found ", "No findings"))
    elif fmt == "text":
        headers = [header(f) for f in active]
        assert [line for line in lines if line in set(headers)] == headers
        assert lines[-1].startswith(("Found ", "No findings"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(result=results())
def test_every_format_is_well_formed(result: RunResult) -> None:
    for fmt, render_format in FORMATS.items():
        well_formed(fmt, render_format(result), result)


def test_the_known_formats_are_covered() -> None:
    known = {"text", "concise", "json", "sarif", "junit", "github", "gitlab"}
    assert known <= set(FORMATS)
