"""The typer application, built from the command table (:mod:`hvcheck.cli.spec`).

Every command's typer signature is generated from its :class:`~hvcheck.cli.spec.Param` list, so
help text, metavars, choices and completion come from the same declaration as the fast path.
"""

from __future__ import annotations

import enum
import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from hvcheck import __version__
from hvcheck.cli.commands import REGISTRY
from hvcheck.cli.output import Exit
from hvcheck.cli.spec import Command, Param


def _choice_type(param: Param) -> type[enum.Enum] | None:
    if param.choices is None:
        return None
    values = list(param.choices())
    return enum.Enum(param.metavar or param.name.upper(), [(v, v) for v in values], type=str)  # type: ignore[return-value]


def _annotation(param: Param) -> Any:
    choice = _choice_type(param)
    base: Any = choice if choice is not None else str
    if param.kind == "flag":
        typ: Any = bool
    elif param.kind == "int":
        typ = int | None
    elif param.kind == "many":
        typ = list[base] | None
    elif param.required:
        typ = base
    else:
        typ = base | None
    text = param.help
    if param.choices is not None:  # FORMAT in help, and what FORMAT may be
        text = f"{text} {param.metavar or 'One'} is one of: {', '.join(param.choices())}."
    if param.positional:
        info: Any = typer.Argument(help=text, metavar=param.metavar or None)
    else:
        extra: dict[str, Any] = {}
        if param.kind == "int" and param.minimum is not None:
            extra["min"] = param.minimum
        if param.metavar and param.kind != "flag":
            extra["metavar"] = param.metavar
        info = typer.Option(*param.flags, help=text, show_default=False, **extra)
    return Annotated[typ, info]


def _default(param: Param) -> Any:
    if param.kind == "flag":
        return bool(param.default)
    if param.positional and param.required:
        return inspect.Parameter.empty
    if param.kind == "many":
        return None
    return param.default


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _callback(command: Command) -> Callable[..., None]:
    def run(**kwargs: Any) -> None:
        values = {k: _plain(v) for k, v in kwargs.items()}
        for p in command.params:
            if p.kind == "many" and values.get(p.name) is None:
                values[p.name] = list(p.default or ())
        try:
            code = command.run(values)
        except Exit as done:
            code = done.code
        raise typer.Exit(code)

    parameters = [
        inspect.Parameter(
            p.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=_default(p),
            annotation=_annotation(p),
        )
        for p in command.params
    ]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    run.__doc__ = command.help
    run.__name__ = command.name.replace("-", "_")
    return run


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hvcheck {__version__}\n")
        raise typer.Exit(0)


def build() -> Any:
    """The click command of the typer application with every command of the registry.

    Help shows each parameter's metavar (FILE, FORMAT, CODE...), never a Python type.
    """
    command = typer.main.get_command(_app())
    _hide_types(command)
    return command


def _hide_types(command: Any) -> None:
    """Arguments show as ``FILE`` (required) or ``[PATH]...`` in help, as in most tools, not as
    ``{FILE}`` with a Python type."""
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", "") == "argument":
            name = param.metavar or param.name.upper()
            usage = name if param.required else f"[{name}]"
            if param.nargs != 1:
                usage += "..."
            param.display_type = lambda ctx: None
            param._usage_display_name = lambda usage=usage: usage
    for sub in getattr(command, "commands", {}).values():
        _hide_types(sub)


def _app() -> typer.Typer:
    """The typer application with every command of the registry."""
    app = typer.Typer(
        name="hvcheck",
        help="Validate virtualization host descriptions against hypervisor architecture rules.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
        ] = False,
    ) -> None:
        """hvcheck: lint hypervisor host descriptions."""

    groups: dict[str, typer.Typer] = {}
    for group in REGISTRY.groups:
        sub = typer.Typer(help=group.help, no_args_is_help=True)
        app.add_typer(sub, name=group.name)
        groups[group.name] = sub
    for command in REGISTRY.commands:
        target = app if command.group is None else groups[command.group]
        target.command(command.name, help=command.help, epilog=command.epilog or None)(
            _callback(command)
        )
    return app
