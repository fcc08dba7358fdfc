"""JUnit XML: one testsuite per file, one testcase per host x rule evaluated.

Passes are testcases without children, so dashboards show what passed; failures carry every finding
of that rule on that host (info findings alone pass, with the notes in ``system-out``); rules that do not apply to the host's architecture, and findings that are
all suppressed, are ``skipped`` with the reason. Input problems (syntax, schema) are failures of a
testcase named after the input check. A rule that could only say what it could not check is
``skipped`` with that reason.
"""

from __future__ import annotations

import itertools
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator

from hvcheck.escape import clean, xml_text
from hvcheck.findings import Finding, Severity
from hvcheck.reporters.check import Display
from hvcheck.results import FileReport, RunResult

_xml_text = xml_text

NEEDS_OUTCOMES = True
"""A testcase per host and rule, passed ones too: the engine records every rule's outcome."""


def _failure_body(findings: list[Finding]) -> str:
    """One escaped line per finding; only the line breaks between findings are real."""
    return "\n".join(
        clean(f"{f.file}:{f.span.line}:{f.span.column}: {f.code} {f.severity.label} {f.message}")
        for f in findings
    )


def _suite(report: FileReport) -> ET.Element:
    suite = ET.Element("testsuite", name=_xml_text(report.path))
    by_key: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_key[(f.host, f.code)].append(f)
    tests = failures = skipped = 0
    covered: set[tuple[str, str]] = set()
    for outcome in report.outcomes:
        key = (outcome.host, outcome.code)
        covered.add(key)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml_text(f"{report.path}.{outcome.host}"),
            name=outcome.code,
            file=_xml_text(report.path),
        )
        tests += 1
        found = by_key.get(key, [])
        active = [f for f in found if f.suppressed is None and not f.unknown]
        unknown = [f for f in found if f.suppressed is None and f.unknown]
        if outcome.status == "not-applicable":
            ET.SubElement(case, "skipped", message="not applicable to this host's architecture")
            skipped += 1
        elif active and max(f.severity for f in active) >= Severity.WARNING:
            worst = max(f.severity for f in active)
            failure = ET.SubElement(
                case, "failure", message=_xml_text(active[0].message), type=worst.label
            )
            failure.text = _failure_body(active)
            case.set("line", str(active[0].span.line))
            failures += 1
        elif active:  # info findings only: the check passed, with notes
            out = ET.SubElement(case, "system-out")
            out.text = _failure_body(active)
        elif unknown:  # the rule could not decide: neither a pass nor a failure
            message = f"could not be checked: {unknown[0].message}"
            ET.SubElement(case, "skipped", message=_xml_text(message))
            skipped += 1
        elif found:
            ET.SubElement(case, "skipped", message=_xml_text(f"suppressed: {found[0].suppressed}"))
            skipped += 1
    # Findings no rule outcome covers: input checks (syntax, schema, suppressions).
    loose: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        if (f.host, f.code) not in covered:
            loose[f.code].append(f)
    for code in sorted(loose):
        group = loose[code]
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml_text(report.path),
            name=f"{code} {group[0].name}",
            file=_xml_text(report.path),
            line=str(group[0].span.line),
        )
        tests += 1
        active = [f for f in group if f.suppressed is None]
        if active:
            failure = ET.SubElement(
                case, "failure", message=_xml_text(active[0].message), type=active[0].severity.label
            )
            failure.text = _failure_body(active)
            failures += 1
        else:
            ET.SubElement(case, "skipped", message=_xml_text(f"suppressed: {group[0].suppressed}"))
            skipped += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _error_suite(error: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_xml_text(error.split(":")[0]))
    case = ET.SubElement(suite, "testcase", classname="hvcheck", name="read")
    ET.SubElement(case, "error", message=_xml_text(error))
    suite.set("tests", "1")
    suite.set("errors", "1")
    return suite


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    """The document in pieces. The root element carries the totals, so the suites are serialized
    first, one file at a time, into a temporary buffer (in memory while small)."""
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    suites = itertools.chain(map(_suite, result.files), map(_error_suite, result.errors))
    with tempfile.SpooledTemporaryFile(
        max_size=1 << 23, mode="w+", encoding="utf-8", errors="surrogateescape", newline=""
    ) as buffer:
        for suite in suites:
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            ET.indent(suite, level=1)
            buffer.write("\n  " + ET.tostring(suite, encoding="unicode"))
        attributes = "".join(f' {key}="{value}"' for key, value in totals.items())
        root = f'<testsuites name="hvcheck"{attributes} errors="{len(result.errors)}"'
        yield '<?xml version="1.0" encoding="UTF-8"?>\n' + root
        if not buffer.tell():
            yield " />\n"
            return
        yield ">"
        buffer.seek(0)
        while chunk := buffer.read(1 << 16):
            yield chunk
        yield "\n</testsuites>\n"
