"""Read the usual command lines without importing typer.

A pre-commit hook runs ``hvcheck check FILE...`` on every commit, and importing typer (with click
and rich) costs about as much as checking a small file. :func:`parse` reads a command line with the
same parameter table the typer application is built from (:mod:`hvcheck.cli.spec`) and returns the
values, or None for anything it does not handle itself: ``--help``, an unknown option, a value
typer would refuse, shell completion. Those go to typer, so every message and refusal is typer's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hvcheck.cli.spec import Command, Param


def parse(command: Command, args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword values of ``command`` for ``args``, or None to let typer parse them."""
    by_flag = {flag: p for p in command.params for flag in p.flags}
    positional = [p for p in command.params if p.positional]
    values: dict[str, Any] = {}
    given: list[str] = []
    i = 0
    only_positional = False
    while i < len(args):
        token = args[i]
        i += 1
        if only_positional or token == "-" or not token.startswith("-"):
            given.append(token)
            continue
        if token == "--":
            only_positional = True
            continue
        name, eq, attached = token.partition("=")
        if not name.startswith("--"):
            name, eq, attached = token, "", ""  # short options only as "-f VALUE"
        param = by_flag.get(name)
        if param is None:
            return None
        if param.kind == "flag":
            if eq:
                return None
            values[param.name] = True
            continue
        if eq:
            value = attached
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        if not _store(values, param, value):
            return None
    if not _positionals(values, positional, given):
        return None
    for p in command.params:
        values.setdefault(p.name, _default(p))
    return values


def _store(values: dict[str, Any], param: Param, value: str) -> bool:
    if param.choices is not None and value not in param.choices():
        return False
    if param.kind == "many":
        values.setdefault(param.name, []).append(value)
    elif param.kind == "int":
        if not (value.isascii() and value.isdigit()):
            return False
        number = int(value)
        if param.minimum is not None and number < param.minimum:
            return False
        values[param.name] = number
    else:
        values[param.name] = value
    return True


def _positionals(values: dict[str, Any], params: list[Param], given: list[str]) -> bool:
    rest = list(given)
    for p in params:
        if p.kind == "many":
            if p.required and not rest:
                return False
            for value in rest:
                if p.choices is not None and value not in p.choices():
                    return False
            values[p.name] = rest
            rest = []
            continue
        if not rest:
            if p.required:
                return False
            continue
        value = rest.pop(0)
        if p.choices is not None and value not in p.choices():
            return False
        values[p.name] = value
    return not rest


def _default(p: Param) -> Any:
    if p.kind == "flag":
        return bool(p.default)
    if p.kind == "many":
        return list(p.default or ())
    return p.default
