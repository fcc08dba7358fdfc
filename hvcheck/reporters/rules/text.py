"""One line per rule (code, name, severity, architectures, requirement), or a rule's whole page."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.reporters.rules import RuleListing, architectures_label, fix_label, fixable


def stream(listing: RuleListing) -> Iterator[str]:
    if listing.full:
        for rule in listing.rules:
            out = [
                f"{rule.code} {rule.name}",
                f"severity: {rule.default_severity.label}",
                f"architectures: {architectures_label(rule)}",
                f"fix: {fix_label(rule) or 'none'} (hvcheck fix)",
                "",
                rule.doc(),
            ]
            if rule.sources:
                out += ["", "Sources:"]
                out += [f"  - {c}" for c in listing.catalog.cite(list(rule.sources))]
            yield "\n".join(out) + "\n"
        return
    if not listing.rules:
        return
    width = max(len(r.name) for r in listing.rules)
    for r in listing.rules:
        fams = ",".join(r.architectures)
        yield (
            f"{r.code}  {r.name:<{width}}  {r.default_severity.label:<7}  {fams:<36}  "
            f"{fixable(r) or '-':<6}  {r.summary()}\n"
        )
