"""Rules for the hyperv family."""

from hvcheck.rules.base import Rule

RULES: tuple[type[Rule], ...] = ()
