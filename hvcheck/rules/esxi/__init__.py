"""Rules for the esxi family."""

from hvcheck.rules.base import Rule

RULES: tuple[type[Rule], ...] = ()
