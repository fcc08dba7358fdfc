"""The explicit list of every rule family, and lookup by code, name or prefix."""

from __future__ import annotations

from hvcheck.rules.base import Rule
from hvcheck.rules.cluster import RULES as CLUSTER
from hvcheck.rules.core import RULES as CORE
from hvcheck.rules.drivers import RULES as DRIVERS
from hvcheck.rules.esxi import RULES as ESXI
from hvcheck.rules.hybrid import RULES as HYBRID
from hvcheck.rules.hyperv import RULES as HYPERV
from hvcheck.rules.input import RULES as INPUT
from hvcheck.rules.kvm import RULES as KVM
from hvcheck.rules.requirements import RULES as REQUIREMENTS
from hvcheck.rules.xen import RULES as XEN

ALL_RULES: tuple[type[Rule], ...] = (
    *INPUT,
    *CORE,
    *DRIVERS,
    *HYBRID,
    *ESXI,
    *HYPERV,
    *CLUSTER,
    *REQUIREMENTS,
    *XEN,
    *KVM,
)


def all_rules() -> list[type[Rule]]:
    """Every rule, sorted by code."""
    return sorted(ALL_RULES, key=lambda r: r.code)


def find_rule(code_or_name: str) -> type[Rule] | None:
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if rule.code.upper() == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def matches(rule: type[Rule], selectors: list[str]) -> bool:
    """True if any selector is a prefix of the rule's code, its full name, or 'ALL'."""
    for sel in selectors:
        s = sel.strip()
        if not s:
            continue
        if s.upper() == "ALL" or rule.code.upper().startswith(s.upper()) or rule.name == s.lower():
            return True
    return False
