"""Baselines: accept today's findings, report only new ones.

A baseline records each active finding's logical identity (file, host, subject, rule) with a count,
never its line number or a list position: the subject names list items by their ids
(``spec.devices[nic0].id``), so editing unrelated lines, or inserting, removing or reordering other
devices, drivers, partitions or virtual devices, does not bring old findings back. Findings matched
by the baseline are kept as suppressed (``external``), so SARIF still shows them as such.

Version 2 (written since subjects name list items by id) is read alongside version 1 (whose
subjects are positional paths, matched against each finding's positional path).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from hvcheck.escape import json_safe
from hvcheck.findings import Finding
from hvcheck.results import RunResult

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_BASELINE_BYTES = 64 * 1024 * 1024
"""A baseline larger than this is refused (read no further), whatever it is."""
MAX_ENTRY_COUNT = 10**9
Identity = tuple[str, str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why."""


class Baseline:
    """The accepted findings: identity -> how many, by the version the file was written in."""

    def __init__(self, counts: Counter[Identity], version: int = BASELINE_VERSION) -> None:
        self.counts = counts
        self.version = version

    def key(self, finding: Finding) -> Identity:
        if self.version == 1:
            subject = finding.logical_path or f"#document{finding.document}:{finding.message}"
            return (finding.file.replace("\\", "/"), finding.host, subject, finding.code)
        return finding.identity()


def baseline_text(result: RunResult) -> str:
    counts: Counter[Identity] = Counter(f.identity() for f in result.iter_findings("active"))
    entries = [
        {"file": file, "host": host, "subject": subject, "code": code, "count": n}
        for (file, host, subject, code), n in sorted(counts.items())
    ]
    data = {"version": BASELINE_VERSION, "tool": "hvcheck", "findings": entries}
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def load_baseline(path: str, roots: tuple[str, ...] = ()) -> Baseline:
    """Read a baseline file: a regular file of at most :data:`MAX_BASELINE_BYTES`, inside
    ``roots`` (the checked tree) when they are given."""
    from hvcheck.loader.load import ReadError, read_file_bytes

    try:
        raw = read_file_bytes(path, MAX_BASELINE_BYTES, roots or None)
    except ReadError as exc:
        raise BaselineError(f"{path}: cannot read: {exc}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError(f"{path}: larger than {MAX_BASELINE_BYTES} bytes; not read")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not UTF-8 text: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{path}: nested too deeply to be an hvcheck baseline") from None
    except ValueError:  # a number with thousands of digits (the interpreter's conversion limit)
        raise BaselineError(f"{path}: holds a number too long to be an hvcheck baseline") from None
    version = data.get("version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise BaselineError(f"{path}: not an hvcheck baseline (version {BASELINE_VERSION})")
    counts: Counter[Identity] = Counter()
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    for i, entry in enumerate(entries):
        try:
            key = (
                str(entry["file"]),
                str(entry["host"]),
                str(entry["subject"]),
                str(entry["code"]),
            )
            count = entry.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool):
                raise TypeError
            if not 0 < count <= MAX_ENTRY_COUNT:
                raise ValueError
            counts[key] += count
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(
                f"{path}: entry {i} needs file, host, subject, code and a count from 1 to "
                f"{MAX_ENTRY_COUNT}"
            ) from None
    return Baseline(counts, int(version))


def apply_baseline(result: RunResult, baseline: Baseline) -> int:
    """Mark findings the baseline accepts as suppressed; return how many were.

    Findings are matched file report by file report, in the order the files were checked.
    """
    remaining = Counter(baseline.counts)
    matched = 0
    for i, report in enumerate(result.files):
        updated = []
        changed = False
        for f in report.findings:
            ident = baseline.key(f)
            if f.suppressed is None and remaining[ident] > 0:
                remaining[ident] -= 1
                matched += 1
                changed = True
                f = replace(f, suppressed="accepted in the baseline", suppression_kind="external")
            updated.append(f)
        if changed:
            report.findings = updated
            result.files.replace(i, report)
    return matched
