"""``hvcheck rules`` and ``hvcheck explain``: the rule registry and each rule's documentation."""

from __future__ import annotations

import difflib
from typing import Any

from hvcheck.cli.output import EXIT_OK, emit, fail
from hvcheck.cli.spec import Command, argument, formats_of, option


def _listing(codes: list[str], select: list[str], ignore: list[str], full: bool) -> Any:
    from hvcheck.cli.commands._catalogs import load_catalog_or_exit
    from hvcheck.reporters.rules import RuleListing
    from hvcheck.rules.registry import all_rules, matches

    rules = [
        r
        for r in all_rules()
        if (not select or matches(r, select)) and not (ignore and matches(r, ignore))
    ]
    if codes:
        rules = [r for r in rules if r.code in codes]
    return RuleListing(rules, load_catalog_or_exit([]), full=full)


def run_rules(values: dict[str, Any]) -> int:
    from hvcheck.reporters import stream

    listing = _listing([], values["select"], values["ignore"], full=False)
    emit(stream("rules", values["format"] or "text", listing), values["output"])
    return EXIT_OK


def run_explain(values: dict[str, Any]) -> int:
    from hvcheck.reporters import stream
    from hvcheck.rules.registry import all_rules, find_rule

    code = values["code"]
    rule = find_rule(code)
    if rule is None:
        names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        # A code typed with a letter O or I/l for a digit is that code; else the closest name.
        digits = code.upper().translate(str.maketrans("OIL", "011"))
        close = [digits] if digits in names else difflib.get_close_matches(code, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; see `hvcheck rules`"
        raise fail(f"unknown rule '{code}'{hint}")
    listing = _listing([rule.code], [], [], full=True)
    emit(stream("rules", values["format"] or "text", listing), None)
    return EXIT_OK


FORMAT = option(
    "format",
    "--format",
    "-f",
    metavar="FORMAT",
    choices=formats_of("rules"),
    default="text",
    help="Output format.",
)

COMMANDS = [
    Command(
        "rules",
        "List every rule: code, name, severity, architectures and requirement.",
        (
            FORMAT,
            option("select", "--select", kind="many", metavar="CODE", help="Only these rules."),
            option("ignore", "--ignore", kind="many", metavar="CODE", help="Not these rules."),
            option("output", "--output", "-o", metavar="FILE", help="Write to FILE (atomically)."),
        ),
        run_rules,
    ),
    Command(
        "explain",
        "Show a rule's documentation: why it exists, examples, and its sources.",
        (argument("code", metavar="CODE", help="Rule code (HV3001) or name."), FORMAT),
        run_explain,
    ),
]
