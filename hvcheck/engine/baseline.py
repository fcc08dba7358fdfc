"""Baselines: accept today's findings, report only new ones.

A baseline records each active finding's logical identity (file, host, subject path, rule) with a
count, never its line number, so editing unrelated lines does not bring old findings back. Findings
matched by the baseline are kept as suppressed (``external``), so SARIF still shows them as such.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from hvcheck.engine.results import RunResult

BASELINE_VERSION = 1
Identity = tuple[str, str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why."""


def baseline_text(result: RunResult) -> str:
    counts: Counter[Identity] = Counter(f.identity() for f in result.iter_findings("active"))
    entries = [
        {"file": file, "host": host, "subject": subject, "code": code, "count": n}
        for (file, host, subject, code), n in sorted(counts.items())
    ]
    data = {"version": BASELINE_VERSION, "tool": "hvcheck", "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: str) -> Counter[Identity]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
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
            counts[key] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: entry {i} needs file, host, subject, code") from None
    return counts


def apply_baseline(result: RunResult, counts: Counter[Identity]) -> int:
    """Mark findings the baseline accepts as suppressed; return how many were.

    Findings are matched file report by file report, in the order the files were checked.
    """
    remaining = Counter(counts)
    matched = 0
    for i, report in enumerate(result.files):
        updated = []
        changed = False
        for f in report.findings:
            ident = f.identity()
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
