"""Every rule with its metadata, summary, documentation and resolved sources, as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hvcheck.reporters._docs import doc_url_for
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
    yield json.dumps(data, indent=2, ensure_ascii=False) + "\n"
