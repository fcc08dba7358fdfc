"""Automatic fixes (``hvcheck fix``): one module per fix, named after the rule whose finding it fixes.

A fix is a module ``hvcheck/fixes/hvNNNN_<name>.py`` (the rule's code and name, as rule modules
are named); being in this folder is what registers it, and rule modules do not change. Each
defines:

- ``SAFE``: True when applying the fix never changes what the description says about the host
  (quoting a version, writing the one place the architecture allows); False when it states
  something new that only the user can make true (a different device model, integration software
  installed). Unsafe fixes run only with ``--unsafe-fixes``.
- ``TITLE``: what the fix does, in the imperative (``hvcheck rules`` and ``hvcheck fix`` show it).
- ``edits(finding, doc) -> list[Edit]``: the edits (:mod:`hvcheck.fixes.edits`) that fix one
  finding, or ``[]`` when the catalog or the description leaves the fix uncertain.

Fixes decide from the description and the catalogs, never from a finding's message text.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hvcheck.findings import Finding
from hvcheck.fixes.document import FixDocument
from hvcheck.fixes.edits import Edit

_FIX_MODULE = re.compile(r"^hv(\d{4})_([a-z0-9_]+)$")
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Fix:
    """A registered fix: the rule it fixes, whether it is safe, what it does."""

    code: str
    name: str
    safe: bool
    title: str
    edits: Callable[[Finding, FixDocument], list[Edit]]


def fix_modules() -> list[str]:
    """Dotted names of every fix module, by code."""
    return sorted(
        f"hvcheck.fixes.{info.name}"
        for info in pkgutil.iter_modules([str(_PACKAGE)])
        if _FIX_MODULE.match(info.name)
    )


@cache
def fixes() -> dict[str, Fix]:
    """Every fix, by the code of the rule it fixes."""
    out: dict[str, Fix] = {}
    for dotted in fix_modules():
        short = dotted.rsplit(".", 1)[-1]
        m = _FIX_MODULE.match(short)
        assert m is not None
        module = importlib.import_module(dotted)
        code = f"HV{m.group(1)}"
        out[code] = Fix(
            code=code,
            name=m.group(2).replace("_", "-"),
            safe=bool(module.SAFE),
            title=str(module.TITLE),
            edits=module.edits,
        )
    return out


def fix_for(code: str) -> Fix | None:
    """The fix for findings of rule ``code``, if there is one."""
    return fixes().get(code)


__all__ = ["Fix", "FixDocument", "fix_for", "fix_modules", "fixes"]
