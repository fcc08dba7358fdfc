"""The one table of every command's parameters.

Each command module declares a :class:`Command`: its name, help, parameters and the function that
runs it. From that one declaration come both the typer application (help, completion, every message
and refusal, see :mod:`hvcheck.cli.app`) and the fast start path that reads the usual command
lines without importing typer (:mod:`hvcheck.cli.fast`). Nothing is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["flag", "text", "int", "many"]


@dataclass(frozen=True)
class Param:
    """One option or argument.

    ``kind``: a ``flag`` (on or off), a ``text`` value, an ``int`` (at least ``minimum``), or
    ``many`` text values (the option repeated, or all remaining arguments). ``choices`` gives the
    accepted values (a callable, so that the format registry is read only when needed).
    """

    name: str
    flags: tuple[str, ...] = ()
    kind: Kind = "text"
    help: str = ""
    metavar: str = ""
    choices: Callable[[], Sequence[str]] | None = None
    default: Any = None
    minimum: int | None = None
    required: bool = False

    @property
    def positional(self) -> bool:
        return not self.flags


Run = Callable[[dict[str, Any]], int]


@dataclass(frozen=True)
class Command:
    """A command: ``hvcheck NAME ...`` (or ``hvcheck GROUP NAME ...``)."""

    name: str
    help: str
    params: tuple[Param, ...]
    run: Run
    group: str | None = None
    epilog: str = ""


@dataclass(frozen=True)
class Group:
    """A command that only holds subcommands (``hvcheck catalog list``)."""

    name: str
    help: str


def option(
    name: str,
    *flags: str,
    kind: Kind = "text",
    help: str = "",
    metavar: str = "",
    choices: Callable[[], Sequence[str]] | None = None,
    default: Any = None,
    minimum: int | None = None,
) -> Param:
    return Param(name, flags, kind, help, metavar, choices, default, minimum)


def argument(
    name: str,
    *,
    kind: Kind = "text",
    help: str = "",
    metavar: str = "",
    choices: Callable[[], Sequence[str]] | None = None,
    default: Any = None,
    required: bool = True,
) -> Param:
    return Param(name, (), kind, help, metavar, choices, default, None, required)


def _fixed(*values: str) -> Callable[[], Sequence[str]]:
    return lambda: values


def formats_of(kind: str) -> Callable[[], Sequence[str]]:
    """The format names (and aliases) of a reporter kind, read from the reporter registry."""

    def read() -> Sequence[str]:
        from hvcheck.reporters import choices

        return choices(kind)

    return read


def importers() -> Sequence[str]:
    from hvcheck.importers import names

    return names()


SEVERITY_CHOICES = _fixed("error", "warning", "info")
FAIL_ON_CHOICES = _fixed("error", "warning", "info", "never")

# --- parameter groups every command that checks anything shares -------------------------------

SELECTION: tuple[Param, ...] = (
    option(
        "select",
        "--select",
        kind="many",
        metavar="CODE",
        help="Only these rules: a code prefix (HV3), a code (HV3001) or a name. Repeatable.",
    ),
    option(
        "ignore",
        "--ignore",
        kind="many",
        metavar="CODE",
        help="Skip these rules: a code prefix, a code or a name. Repeatable.",
    ),
    option(
        "config",
        "--config",
        metavar="FILE",
        help="Use this configuration file instead of the nearest .hvcheck.yaml or pyproject.toml.",
    ),
    option(
        "catalog",
        "--catalog",
        kind="many",
        metavar="PATH",
        help="An extra catalog file or directory; its entries override bundled ones by id. "
        "Repeatable.",
    ),
)

FAIL_ON = option(
    "fail_on",
    "--fail-on",
    metavar="SEVERITY",
    choices=FAIL_ON_CHOICES,
    help="The lowest severity that makes the exit code 1 (default: error).",
)
EXIT_ZERO = option(
    "exit_zero", "--exit-zero", kind="flag", help="Exit 0 even when there are findings."
)
SHOW_UNKNOWN = option(
    "show_unknown",
    "--show-unknown",
    kind="flag",
    help="List what could not be checked (unknown facts, catalog gaps) with the findings, and "
    "let it count for --fail-on.",
)
FOLLOW_SYMLINKS = option(
    "follow_symlinks",
    "--follow-symlinks",
    kind="flag",
    help="Follow symbolic links that lead out of the checked directories.",
)
OUTPUT = option(
    "output", "--output", "-o", metavar="FILE", help="Write to FILE (atomically); - is stdout."
)
FROM = option(
    "from_format",
    "--from",
    metavar="IMPORTER",
    choices=importers,
    help="Import each path from this format (see `hvcheck import`) and check the result.",
)
STDIN_FILENAME = option(
    "stdin_filename",
    "--stdin-filename",
    metavar="NAME",
    help="The name to show for standard input (the path -).",
)
PATHS = argument(
    "paths",
    kind="many",
    metavar="PATH",
    required=False,
    default=(),
    help="Host files or directories (default: the current directory; - reads standard input).",
)
LIMITS: tuple[Param, ...] = (
    option("max_file_bytes", "--max-file-bytes", kind="int", minimum=1, metavar="BYTES",
           help="The largest file to read (default 4 MiB)."),
    option("max_depth", "--max-depth", kind="int", minimum=1, metavar="N",
           help="The deepest YAML nesting (default 64)."),
    option("max_aliases", "--max-aliases", kind="int", minimum=0, metavar="N",
           help="Alias uses per document (default 1,000)."),
    option("max_nodes", "--max-nodes", kind="int", minimum=1, metavar="N",
           help="Nodes per document after alias expansion (default 200,000)."),
    option("max_scalar_chars", "--max-scalar-chars", kind="int", minimum=1, metavar="N",
           help="The longest scalar (string) value, in characters (default 65,536)."),
)  # fmt: skip
LIMIT_NAMES = tuple(p.name for p in LIMITS)


@dataclass
class Registry:
    """Every command, in the order ``hvcheck --help`` lists them."""

    commands: list[Command] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def find(self, words: Sequence[str]) -> tuple[Command, int] | None:
        """The command the first words name, and how many words that took."""
        if not words:
            return None
        for cmd in self.commands:
            if cmd.group is None and cmd.name == words[0]:
                return cmd, 1
            if cmd.group == words[0] and len(words) > 1 and cmd.name == words[1]:
                return cmd, 2
        return None
