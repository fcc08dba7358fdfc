"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Every rule is listed with its documentation (``help.markdown``) and a docs link; each result carries
an exact region (end column exclusive, as SARIF wants), a logical location (host and subject path),
``partialFingerprints`` from the logical identity, and ``suppressions`` for suppressed findings. No
timestamps: the same input gives the same bytes. Findings that only say what could not be checked
are left out unless --show-unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

from hvcheck import __version__
from hvcheck.escape import safe_unicode
from hvcheck.findings import Finding, Fingerprinter, Severity
from hvcheck.reporters._docs import doc_url_for
from hvcheck.reporters._jsonstream import Items, dump
from hvcheck.reporters.check import Display
from hvcheck.results import RunResult
from hvcheck.rules.registry import all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://github.com/hvcheck/hvcheck"


def _uri(path: str) -> str:
    return quote(safe_unicode(path).replace("\\", "/"), safe="/:._-~")


def _rule(rule: Any) -> dict[str, Any]:
    doc = rule.doc()
    summary = rule.summary()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary[:1024]},
        "fullDescription": {"text": (doc.split("\n\n")[1] if "\n\n" in doc else summary)[:1024]},
        "help": {"text": doc, "markdown": doc},
        "helpUri": doc_url_for(rule.code, rule.name),
        "defaultConfiguration": {"level": LEVEL[rule.default_severity]},
        "properties": {
            "tags": [f"architecture:{f}" for f in rule.architectures][:20],
            "precision": "high",
            "problem.severity": {"error": "error", "warning": "warning", "info": "recommendation"}[
                rule.default_severity.label
            ],
        },
    }


def _result(f: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    region = {
        "startLine": max(1, f.span.line),
        "startColumn": max(1, f.span.column),
        "endLine": max(1, f.span.end_line),
        "endColumn": max(1, f.span.end_column),
    }
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVEL[f.severity],
        "message": {"text": safe_unicode(f.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.file), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                },
                "logicalLocations": [
                    {
                        "fullyQualifiedName": safe_unicode(
                            "/".join(p for p in (f.host, f.subject or f.logical_path) if p)
                            or f.file
                        ),
                        "kind": "member",
                    }
                ],
            }
        ],
        "partialFingerprints": {"hvcheck/v1": fingerprint},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    if f.suppressed is not None:
        result["suppressions"] = [
            {
                "kind": f.suppression_kind or "inSource",
                "justification": safe_unicode(f.suppressed),
            }
        ]
    return result


def _results(result: RunResult, index: dict[str, int]) -> Iterator[dict[str, Any]]:
    fingerprint = Fingerprinter()
    for f in result.iter_findings("all"):
        if f.unknown and not result.show_unknown:
            continue
        yield _result(f, index, fingerprint(f))


def _document(result: RunResult, lists: Callable[[Iterable[Any]], Any]) -> dict[str, Any]:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hvcheck",
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "automationDetails": {"id": "hvcheck/"},
                "columnKind": "unicodeCodePoints",
                "properties": {
                    "hvcheck": {
                        "narrowingConfigurations": [
                            {"file": _uri(path), "changes": list(fields), "files": count}
                            for path, fields, count in result.narrowed
                        ]
                    }
                },
                "results": lists(_results(result, index)),
                "invocations": [
                    {
                        "executionSuccessful": not result.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": safe_unicode(e)}}
                            for e in result.errors
                        ],
                    }
                ],
            }
        ],
    }


def to_data(result: RunResult) -> dict[str, Any]:
    return _document(result, list)


def stream(result: RunResult, display: Display | None = None) -> Iterator[str]:
    yield from dump(_document(result, Items))
    yield "\n"
