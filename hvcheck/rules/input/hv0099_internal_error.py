"""HV0099 internal-error: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import INTERNAL_ERROR
from hvcheck.rules.base import ALL, Rule


class InternalError(Rule):
    """Report a rule that crashed, and keep checking.

    Why: a bug in one rule must not hide the findings of every other rule. If a rule raises an
    exception, hvcheck reports this finding naming the rule, runs the remaining rules, and exits
    non-zero. Please report it with the input that triggered it.
    """

    code = INTERNAL_ERROR.code
    name = INTERNAL_ERROR.name
    default_severity = INTERNAL_ERROR.severity
    architectures = (ALL,)
    input_check = True
