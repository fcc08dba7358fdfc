"""What to check and how: rule selection, severity overrides, the exit threshold and input limits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from hvcheck.findings import Finding, Severity, matches_code
from hvcheck.loader import Limits
from hvcheck.rules.base import Rule
from hvcheck.rules.registry import host_rules


@dataclass(frozen=True)
class Options:
    """What to check and how (one file's effective settings, without where each came from)."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    show_unknown: bool = False
    """Whether unknown findings (what could not be checked) count for ``fail_on`` and are listed
    by the CI formats."""
    read_roots: tuple[str, ...] = ()
    """Where reads may go (the checked tree, see :mod:`hvcheck.loader.contain`); empty: anywhere
    (``--follow-symlinks``)."""
    outcomes: bool = True
    """Whether to record each rule's outcome on each host (passed, failed, not applicable), which
    only JUnit output shows; without them a host's report holds its findings only."""

    def key(self) -> tuple[object, ...]:
        """A hashable key: equal options share rule instances and catalogs."""
        return (
            self.select,
            self.ignore,
            self.limits,
            tuple(sorted((k, int(v)) for k, v in self.severity.items())),
            self.fail_on,
            self.show_unknown,
            self.read_roots,
            self.outcomes,
        )

    def selects(self, finding: Finding) -> bool:
        """True if the finding's rule is selected and not ignored."""
        return matches_code(finding.code, finding.name, self.select) and not matches_code(
            finding.code, finding.name, self.ignore
        )

    def override(self, finding: Finding) -> Finding:
        """The finding with its configured severity (unknown findings always stay info)."""
        if finding.unknown:
            return finding
        sev = self.severity.get(finding.code) or self.severity.get(finding.name)
        if sev is None or sev == finding.severity:
            return finding
        return replace(finding, severity=sev)


def select_rules(options: Options) -> list[type[Rule]]:
    """The host rules the options select, by code."""
    return list(_selected(options.select, options.ignore))


@cache
def _selected(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[type[Rule], ...]:
    return tuple(
        r
        for r in host_rules()
        if matches_code(r.code, r.name, select) and not matches_code(r.code, r.name, ignore)
    )
