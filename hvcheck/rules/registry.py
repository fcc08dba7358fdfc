"""Every rule, found by its file name, and lookup by code, name or prefix.

A rule is a module ``hvcheck/rules/<family>/hvNNNN_<name>.py`` that defines one rule class whose
``code`` and ``name`` match the file name; adding the module is what registers it (a meta-test
holds every module to that shape). Families are the packages under ``hvcheck/rules/``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

from hvcheck.findings import matches_code
from hvcheck.rules.base import ClusterRule, Rule, RuleBase

_RULE_MODULE = re.compile(r"^hv\d{4}_[a-z0-9_]+$")
_PACKAGE = Path(__file__).resolve().parent


def rule_modules() -> list[str]:
    """Dotted names of every rule module, by family and code."""
    names = []
    for family in sorted(p.name for p in _PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        for info in pkgutil.iter_modules([str(_PACKAGE / family)]):
            if _RULE_MODULE.match(info.name):
                names.append(f"hvcheck.rules.{family}.{info.name}")
    return sorted(names, key=lambda n: n.rsplit(".", 1)[-1])


def _rule_of(module_name: str) -> type[RuleBase]:
    module = importlib.import_module(module_name)
    found = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, RuleBase)
        and obj not in (RuleBase, Rule, ClusterRule)
        and obj.__module__ == module_name
        and hasattr(obj, "code")
    ]
    if len(found) != 1:
        raise RuntimeError(f"{module_name} must define exactly one rule (found {len(found)})")
    return found[0]


@cache
def _registry() -> tuple[type[RuleBase], ...]:
    return tuple(_rule_of(name) for name in rule_modules())


def all_rules() -> list[type[RuleBase]]:
    """Every rule, sorted by code."""
    return list(_registry())


def host_rules() -> list[type[Rule]]:
    """The rules that run on one host."""
    return [r for r in _registry() if issubclass(r, Rule)]


def cluster_rules() -> list[type[ClusterRule]]:
    return [r for r in _registry() if issubclass(r, ClusterRule)]


def family_of(rule: type[RuleBase]) -> str:
    """The family package a rule lives in (``core``, ``hyperv`` ...)."""
    return rule.__module__.split(".")[2]


def find_rule(code_or_name: str) -> type[RuleBase] | None:
    wanted = code_or_name.strip()
    for rule in _registry():
        if rule.code.upper() == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def matches(rule: type[RuleBase], selectors: list[str] | tuple[str, ...]) -> bool:
    """True if any selector is a prefix of the rule's code, its full name, or 'ALL'."""
    return matches_code(rule.code, rule.name, selectors)
