"""Every rule with its metadata, summary, documentation and resolved sources, as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hvcheck.fixes import fix_for
from hvcheck.reporters._docs import doc_url_for
from hvcheck.reporters._jsonstream import dumps
from hvcheck.reporters.rules import RuleListing, fixable
from hvcheck.rules.base import RuleBase


def rule_dict(rule: type[RuleBase], listing: RuleListing) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.default_severity.label,
        "architectures": list(rule.architectures),
        "products": list(rule.products),
        "traits": list(rule.traits),
        "summary": rule.summary(),
        "input_check": rule.input_check,
        "only_unknown": rule.only_unknown,
        "fix": fixable(rule) or None,
        "fix_title": fix.title if (fix := fix_for(rule.code)) is not None else None,
        "url": doc_url_for(rule.code, rule.name),
        "sources": [
            {"id": s, "citation": c}
            for s, c in zip(rule.sources, listing.catalog.cite(list(rule.sources)), strict=True)
        ],
    }
    if listing.full:
        data["documentation"] = rule.doc()
        data["examples"] = rule.examples()
    return data


def stream(listing: RuleListing) -> Iterator[str]:
    data = {"version": 1, "rules": [rule_dict(r, listing) for r in listing.rules]}
    yield dumps(data, indent=2) + "\n"
