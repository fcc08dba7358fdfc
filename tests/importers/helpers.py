"""Shared helpers: import a fixture, re-load the text with hvcheck's loader and validate it."""

from __future__ import annotations

from pathlib import Path

from hvcheck.findings import Finding, Severity
from hvcheck.importers import ImportResult, import_files
from hvcheck.loader import load_text
from hvcheck.model import parse_host
from hvcheck.model.host import HostDocument, Partition, VirtualDevice

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(*parts: str) -> str:
    return str(FIXTURES.joinpath(*parts))


def validate(text: str, name: str = "imported.yaml") -> list[HostDocument]:
    """The host documents in ``text``; fails on any HV0xxx finding (syntax, schema, …)."""
    loaded = load_text(text, name)
    assert loaded.findings == [], [f.message for f in loaded.findings]
    hosts = []
    for doc in loaded.documents:
        parsed, findings = parse_host(doc, name)
        bad = [f"{f.code} {f.span.line}: {f.message}" for f in findings if f.code.startswith("HV0")]
        assert bad == [], bad
        assert parsed is not None
        hosts.append(parsed.model)
    assert hosts, "no host document"
    return hosts


def run(fmt: str, *paths: str) -> tuple[ImportResult, list[HostDocument]]:
    result = import_files(fmt, list(paths))
    return result, validate(result.text)


def guest(host: HostDocument, pid: str) -> Partition:
    return next(p for p in host.spec.partitions if p.id == pid)


def by_kind(part: Partition, kind: str) -> list[VirtualDevice]:
    return [d for d in part.devices if d.kind == kind]


def serious(findings: list[Finding]) -> list[str]:
    """Input findings (HV0xxx) and any warning or error: what an import must not cause by itself.

    Info findings ("the catalog does not know whether …") are expected for placeholder hosts.
    """
    return [
        f"{f.code} {f.span.line}: {f.message}"
        for f in findings
        if f.code.startswith("HV0") or f.severity >= Severity.WARNING
    ]


def comments(text: str) -> str:
    """The full-line YAML comments of ``text``, joined with spaces (so wrapped lines rejoin)."""
    bodies = [
        line.strip()[1:].strip() for line in text.splitlines() if line.strip().startswith("#")
    ]
    return " ".join(bodies)


def warnings_text(result: ImportResult) -> str:
    return "\n".join(str(w) for w in result.warnings)
