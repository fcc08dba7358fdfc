"""Suppressions: inline comments and structural ``suppress`` mappings, each with a required reason.

Inline: ``# hvcheck: ignore[HV4005] reason`` at the end of a line silences the named rules on that line;
on a line of its own it silences them on the next line. Several codes or names may be listed, separated
by commas. Structural: ``metadata.suppress`` (the whole host) and ``partitions[].suppress`` (everything
inside that partition) map a rule code or name to the reason.

A suppression without a reason, naming an unknown rule, or naming a rule that cannot be suppressed is
itself a finding (HV0011) and silences nothing; one that silences nothing is reported as unused
(HV0012). Suppressed findings are kept, marked with their reason, so that SARIF and JUnit can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from hvcheck.findings import (
    INVALID_SUPPRESSION,
    UNUSED_SUPPRESSION,
    Finding,
    Span,
    make_finding,
)
from hvcheck.model import ParsedHost
from hvcheck.rules.registry import find_rule

_INLINE = re.compile(r"(?:^|(?<=\s))#\s*hvcheck:\s*ignore\[(?P<codes>[^\]]*)\](?P<reason>.*)$")
_REASON_LEAD = re.compile("^[\\s:\\-\u2013\u2014]+")


@dataclass
class Suppression:
    """One suppression entry: a rule it names, the reason, and where it applies."""

    rule: str  # the code or name as written
    code: str  # the resolved rule code
    reason: str
    span: Span
    lines: frozenset[int] = frozenset()  # inline: the lines it covers
    document: int | None = None  # structural: the document and path prefix it covers
    prefix: str | None = None
    logical_path: str = ""
    used: bool = field(default=False)


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (``HV3010`` is one step from ``HV3001``)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _did_you_mean(rule: str) -> str:
    """``; did you mean HV3001 (device-without-hypervisor-driver)?`` for a mistyped code or name:
    for a code, the codes one or two edits away (a letter O or I/l typed for a digit counts as
    that digit), those of the same family first; for a name, the closest names."""
    import difflib

    from hvcheck.rules.registry import all_rules

    rules = [r for r in all_rules() if not r.input_check and r.suppressible]
    wanted = rule.strip()
    if wanted[:2].upper() == "HV":
        code = "HV" + wanted[2:].upper().translate(str.maketrans("OIL", "011"))
        scored = sorted((_distance(code, r.code), r.code[:3] != code[:3], r.code, r) for r in rules)
        best = scored[0][0] if scored else 3
        found = [item[3] for item in scored if item[0] == best and best <= 2][:3]
    else:
        names = {r.name: r for r in rules}
        found = [names[n] for n in difflib.get_close_matches(wanted.lower(), list(names), 2, 0.75)]
    if not found:
        return "; see hvcheck rules"
    return "; did you mean " + " or ".join(f"{r.code} ({r.name})" for r in found) + "?"


def _resolve(
    rule: str, file: str, span: Span, problems: list[Finding], path: str = ""
) -> str | None:
    found = find_rule(rule)
    if found is None:
        problems.append(
            make_finding(
                INVALID_SUPPRESSION,
                f"suppression names unknown rule '{rule}'{_did_you_mean(rule)}",
                file,
                span,
                logical_path=path,
            )
        )
        return None
    if found.input_check or not found.suppressible:
        problems.append(
            make_finding(
                INVALID_SUPPRESSION,
                f"{found.code} ({found.name}) cannot be suppressed",
                file,
                span,
                logical_path=path,
            )
        )
        return None
    return found.code


def inline_suppressions(text: str, file: str, problems: list[Finding]) -> list[Suppression]:
    out: list[Suppression] = []
    if "hvcheck:" not in text:
        return out
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if "hvcheck:" not in line:
            continue
        m = _INLINE.search(line)
        if m is None:
            continue
        column = m.start() + 1 if line[m.start()] == "#" else m.start() + 2
        span = Span(number, column, number, len(line) + 1)
        reason = _REASON_LEAD.sub("", m.group("reason")).strip()
        own_line = line[: m.start()].strip() == ""
        covered = frozenset({number + 1} if own_line else {number})
        rules = [r.strip() for r in m.group("codes").split(",") if r.strip()]
        if not rules:
            problems.append(
                make_finding(INVALID_SUPPRESSION, "suppression names no rule", file, span)
            )
            continue
        if not reason:
            problems.append(
                make_finding(
                    INVALID_SUPPRESSION,
                    f"suppression of {', '.join(rules)} has no reason; write it after the "
                    "bracket: # hvcheck: ignore[CODE] why this is acceptable",
                    file,
                    span,
                )
            )
            continue
        for rule in rules:
            code = _resolve(rule, file, span, problems)
            if code is not None:
                out.append(Suppression(rule, code, reason, span, lines=covered))
    return out


def structural_suppressions(host: ParsedHost, problems: list[Finding]) -> list[Suppression]:
    out: list[Suppression] = []
    scopes: list[tuple[str, str, dict[str, str]]] = [
        ("metadata.suppress", "", dict(host.model.metadata.suppress))
    ]
    for i, part in enumerate(host.model.spec.partitions):
        scopes.append(
            (f"spec.partitions[{i}].suppress", f"spec.partitions[{i}]", dict(part.suppress))
        )
    for where, prefix, entries in scopes:
        for rule, reason in entries.items():
            path = f"{where}.{rule}"
            span = host.source_map.key(path)
            if not reason.strip():
                problems.append(
                    make_finding(
                        INVALID_SUPPRESSION,
                        f"suppression of {rule} has no reason; give the reason as its value",
                        host.file,
                        span,
                        logical_path=path,
                        host=host.name,
                        document=host.document,
                    )
                )
                continue
            code = _resolve(rule, host.file, span, problems, path)
            if code is not None:
                out.append(
                    Suppression(
                        rule,
                        code,
                        reason.strip(),
                        span,
                        document=host.document,
                        prefix=prefix,
                        logical_path=path,
                    )
                )
    return out


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression], file: str
) -> list[Finding]:
    """Mark covered findings as suppressed and report suppressions that covered nothing."""
    out: list[Finding] = []
    index = _SuppressionIndex(suppressions)
    for finding in findings:
        match = index.first_covering(finding)
        if match is None or finding.code.startswith("HV00"):
            out.append(finding)
            continue
        match.used = True
        out.append(replace(finding, suppressed=match.reason, suppression_kind="inSource"))
    for s in suppressions:
        if not s.used:
            out.append(
                make_finding(
                    UNUSED_SUPPRESSION,
                    f"suppression of {s.rule} matches no finding; remove it",
                    file,
                    s.span,
                    logical_path=s.logical_path,
                )
            )
    return out


class _SuppressionIndex:
    """The first suppression (in list order) that covers a finding, without trying every one.

    Inline suppressions are found by (code, line); structural ones by (code, document, prefix),
    trying each prefix of the finding's path that ``Suppression.covers`` would accept.
    """

    def __init__(self, suppressions: list[Suppression]) -> None:
        self.suppressions = suppressions
        self.by_line: dict[tuple[str, int], int] = {}
        self.by_scope: dict[tuple[str, int | None, str], int] = {}
        for i, s in enumerate(suppressions):
            if s.prefix is None:
                for line in s.lines:
                    self.by_line.setdefault((s.code, line), i)
            else:
                self.by_scope.setdefault((s.code, s.document, s.prefix), i)

    def first_covering(self, finding: Finding) -> Suppression | None:
        if not self.suppressions:
            return None
        code = finding.code
        best = self.by_line.get((code, finding.span.line))
        if self.by_scope:
            path = finding.logical_path
            # "" covers everything; otherwise the path itself and each prefix ending before "." or "["
            prefixes = [""] + [path[:k] for k, ch in enumerate(path) if ch in ".[" and k > 0]
            if path:
                prefixes.append(path)
            for prefix in prefixes:
                i = self.by_scope.get((code, finding.document, prefix))
                if i is not None and (best is None or i < best):
                    best = i
        return self.suppressions[best] if best is not None else None
