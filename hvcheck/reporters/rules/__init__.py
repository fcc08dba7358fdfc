"""The formats of ``hvcheck rules`` and ``hvcheck explain``: the rule registry as text, JSON or
Markdown (``docs/rules.md`` is the Markdown of every rule). Every module here has
``stream(listing: RuleListing)``."""

from __future__ import annotations

from dataclasses import dataclass

from hvcheck.catalog import Catalog
from hvcheck.rules.base import RuleBase


@dataclass(frozen=True)
class RuleListing:
    """The rules to show, the catalogs their sources resolve against, and whether to show each
    rule's whole documentation (``explain``) or one line per rule (``rules``)."""

    rules: list[type[RuleBase]]
    catalog: Catalog
    full: bool = False


def architectures_label(rule: type[RuleBase]) -> str:
    text = ", ".join(rule.architectures)
    limits = [*rule.products, *rule.traits]
    if limits:
        text += f" ({', '.join(limits)})"
    return text


def fixable(rule: type[RuleBase]) -> str:
    """'safe', 'unsafe' or '' for a rule's automatic fix (``hvcheck fix``; ``hvcheck/fixes/``)."""
    from hvcheck.fixes import fix_for

    fix = fix_for(rule.code)
    return "" if fix is None else ("safe" if fix.safe else "unsafe")


def fix_label(rule: type[RuleBase]) -> str:
    """``safe: quote the version, as it was typed`` for a rule's automatic fix, or ``''``."""
    from hvcheck.fixes import fix_for

    fix = fix_for(rule.code)
    return "" if fix is None else f"{fixable(rule)}: {fix.title}"
