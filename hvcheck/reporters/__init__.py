"""Reporters: pure functions from a result to text, one module per output format.

Every output format is one module ``hvcheck/reporters/<kind>/<name>.py`` with a ``stream(data)``
function that yields the output in pieces (so that a large report never exists as one string) and
a one-line docstring that describes it. The kind says what the format renders and which command
offers it:

| kind | data | command |
|---|---|---|
| ``check`` | :class:`~hvcheck.results.RunResult` | ``hvcheck check --format`` |
| ``report`` | report data (hosts, findings, errors) | ``hvcheck report --format`` |
| ``matrix`` | matrix cells and targets | ``hvcheck matrix --format`` |
| ``graph`` | a host's networkx graph | ``hvcheck graph --format`` |
| ``rules`` | the rule registry and catalogs | ``hvcheck rules --format`` |

This module is the one registry: command-line choices, documentation and tests all come from
:func:`names`, so a new format is its module (and its tests), nothing else. Module names map to
format names with ``_`` read as ``-``; ``md`` is accepted everywhere for ``markdown``. Listing the
names reads the package directory and imports nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

KINDS = ("check", "report", "matrix", "graph", "rules")
ALIASES = {"md": "markdown"}
"""Other names accepted for a format, in every kind that has it."""

_HERE = Path(__file__).resolve().parent


@cache
def names(kind: str) -> tuple[str, ...]:
    """The format names of ``kind``, sorted (without aliases)."""
    if kind not in KINDS:
        raise KeyError(f"unknown report kind {kind!r}")
    modules = pkgutil.iter_modules([str(_HERE / kind)])
    return tuple(sorted(m.name.replace("_", "-") for m in modules if not m.name.startswith("_")))


def choices(kind: str) -> tuple[str, ...]:
    """The names a user may type for ``kind``: the formats and their aliases."""
    formats = names(kind)
    return formats + tuple(a for a, target in sorted(ALIASES.items()) if target in formats)


def canonical(kind: str, name: str) -> str | None:
    """The format ``name`` stands for in ``kind`` (an alias resolved), or None."""
    wanted = ALIASES.get(name, name)
    return wanted if wanted in names(kind) else None


def module(kind: str, name: str) -> ModuleType:
    """The module of one format (imported on first use)."""
    found = canonical(kind, name)
    if found is None:
        raise KeyError(f"no {kind} format {name!r} (choose from {', '.join(names(kind))})")
    return importlib.import_module(f"hvcheck.reporters.{kind}.{found.replace('-', '_')}")


def needs_outcomes(kind: str, name: str) -> bool:
    """Whether a format shows each rule's outcome on each host (its module sets
    ``NEEDS_OUTCOMES``); the engine records outcomes only for such a format."""
    return bool(getattr(module(kind, name), "NEEDS_OUTCOMES", False))


def describe(kind: str, name: str) -> str:
    """The first line of a format module's docstring."""
    doc = module(kind, name).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def stream(kind: str, name: str, data: Any, **options: Any) -> Iterator[str]:
    """The output of one format, in pieces."""
    out: Iterator[str] = module(kind, name).stream(data, **options)
    return out


def render(kind: str, name: str, data: Any, **options: Any) -> str:
    """The output of one format as one string (for small outputs and tests)."""
    return "".join(stream(kind, name, data, **options))
