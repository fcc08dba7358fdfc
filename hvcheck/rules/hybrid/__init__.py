"""Rules for the hybrid family."""

from hvcheck.rules.base import Rule

RULES: tuple[type[Rule], ...] = ()
