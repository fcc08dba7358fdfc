"""Configuration: ``.hvcheck.yaml`` or ``[tool.hvcheck]`` in pyproject.toml, found by walking up.

For each checked file, the nearest directory (the file's own, then each parent) holding
``.hvcheck.yaml``, ``.hvcheck.yml`` or a pyproject.toml with a ``[tool.hvcheck]`` table supplies the
configuration. Command-line options override it: ``--select`` and ``--fail-on`` replace, ``--ignore``
and ``--catalog`` add. Every effective value remembers where it came from (``hvcheck config``).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hvcheck.engine.options import Options
from hvcheck.findings import (
    INPUT_LIMIT,
    INVALID_VALUE,
    YAML_SYNTAX,
    Finding,
    Severity,
    Span,
    make_finding,
)
from hvcheck.loader import Limits, SourceMap, load_file
from hvcheck.loader.contain import Roots, inside
from hvcheck.loader.load import FAILED_DOCUMENT, ReadError, read_file_bytes
from hvcheck.model.validate import validate_model

CONFIG_NAMES = (".hvcheck.yaml", ".hvcheck.yml")
MAX_CONFIG_BYTES = 1024 * 1024
"""The largest pyproject.toml read for its ``[tool.hvcheck]`` table."""

SeverityName = Literal["error", "warning", "info"]
FailOnName = Literal["error", "warning", "info", "never"]


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True
    )


class LimitsConfig(_Strict):
    """Input limits (see `hvcheck check --help`)."""

    max_file_bytes: int | None = Field(None, ge=1, description="Largest file to parse, in bytes.")
    max_depth: int | None = Field(None, ge=1, description="Deepest YAML nesting.")
    max_aliases: int | None = Field(None, ge=0, description="Alias uses per document.")
    max_nodes: int | None = Field(None, ge=1, description="Nodes per document after expansion.")
    max_scalar_chars: int | None = Field(None, ge=1, description="Longest scalar, in characters.")


class PathOverride(_Strict):
    """Settings for the files matching some patterns."""

    paths: list[str] = Field(
        min_length=1,
        description=(
            "fnmatch patterns matched against the file's path relative to the configuration file's "
            "directory ('*' also matches '/')."
        ),
    )
    select: list[str] | None = Field(None, description="Rules to run for these files instead.")
    ignore: list[str] = Field(
        default_factory=list, description="More rules to skip for these files."
    )
    severity: dict[str, SeverityName] = Field(
        default_factory=dict, description="Severity overrides: rule code or name -> severity."
    )


class ConfigFile(_Strict):
    """The hvcheck configuration file (`.hvcheck.yaml`, or `[tool.hvcheck]` in pyproject.toml)."""

    select: list[str] | None = Field(
        None, description="Rules to run: code prefixes (HV4) or names; default all."
    )
    ignore: list[str] = Field(
        default_factory=list, description="Rules to skip: code prefixes or names."
    )
    severity: dict[str, SeverityName] = Field(
        default_factory=dict, description="Severity overrides: rule code or name -> severity."
    )
    fail_on: FailOnName | None = Field(
        None, description="Lowest severity that makes the exit code 1 (default error)."
    )
    catalogs: list[str] = Field(
        default_factory=list,
        description="Extra catalog files or directories, relative to this file.",
    )
    per_path: list[PathOverride] = Field(
        default_factory=list, description="Overrides for files matching patterns, applied in order."
    )
    limits: LimitsConfig | None = Field(None, description="Input limits.")


class ConfigError(Exception):
    """A configuration file is invalid; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


@dataclass(frozen=True)
class LoadedConfig:
    """One configuration file, validated, with the positions of its keys."""

    path: str
    directory: str
    data: ConfigFile
    source_map: SourceMap | None = None
    header_line: int = 1

    def where(self, key: str) -> str:
        if self.source_map is not None:
            span = self.source_map.key(key)
            return f"{self.path}:{span.line}"
        return f"{self.path}:{self.header_line}"


@dataclass(frozen=True)
class CommandLine:
    """What the user said on the command line (None: not said)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    catalogs: tuple[str, ...] = ()
    limits: dict[str, int] = field(default_factory=dict)
    config: str | None = None
    show_unknown: bool = False
    follow_symlinks: bool = False
    outcomes: bool = True
    """Record every rule's outcome on every host (JUnit output needs them)."""


@dataclass(frozen=True)
class Settings:
    """The effective settings for one file, and where each came from."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: dict[str, Severity]
    fail_on: str
    catalogs: tuple[str, ...]
    limits: Limits
    config_file: str | None
    origins: dict[str, str]
    show_unknown: bool = False
    read_roots: tuple[str, ...] = ()
    outcomes: bool = True

    def options(self) -> Options:
        """What the engine needs of these settings."""
        return Options(
            select=self.select,
            ignore=self.ignore,
            limits=self.limits,
            severity=self.severity,
            fail_on=self.fail_on,
            show_unknown=self.show_unknown,
            read_roots=self.read_roots,
            outcomes=self.outcomes,
        )


def _toml_line(text: str, pattern: str) -> int:
    m = re.search(pattern, text, flags=re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def load_config(path: str) -> LoadedConfig:
    """Load and validate one configuration file (YAML, or pyproject.toml's [tool.hvcheck])."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "pyproject.toml":
        try:
            raw = read_file_bytes(path, MAX_CONFIG_BYTES)
            if len(raw) > MAX_CONFIG_BYTES:
                raise ReadError(f"larger than {MAX_CONFIG_BYTES} bytes; not read")
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except ReadError as exc:
            raise ConfigError([make_finding(INVALID_VALUE, f"cannot read: {exc}", path)]) from None
        except RecursionError:
            raise ConfigError(
                [make_finding(INPUT_LIMIT, "TOML nested too deeply to be a configuration", path)]
            ) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            m = re.search(r"line (\d+), column (\d+)", str(exc))
            span = Span.point(int(m.group(1)), int(m.group(2))) if m else Span.point(1, 1)
            raise ConfigError(
                [
                    make_finding(
                        YAML_SYNTAX, f"invalid TOML: {str(exc).split(' (at')[0]}", path, span
                    )
                ]
            ) from None
        table = data.get("tool", {}).get("hvcheck", {})
        header = _toml_line(text, r"^\[tool\.hvcheck\]")
        model, problems = validate_model(ConfigFile, table, SourceMap(), path)
        if model is None:
            lines = _key_lines(text, header)
            raise ConfigError(
                [
                    replace(p, span=Span.point(lines.get(_top_key(p.logical_path), header), 1))
                    for p in problems
                ]
            )
        return LoadedConfig(path, directory, model, None, header)
    try:
        loaded = load_file(path)
    except ReadError as exc:
        raise ConfigError([make_finding(INVALID_VALUE, f"cannot read: {exc}", path)]) from None
    problems = list(loaded.findings)
    docs = [d for d in loaded.documents if d.data is not FAILED_DOCUMENT]
    if problems:
        raise ConfigError(problems)
    if len(docs) != 1 or docs[0].data is None:
        raise ConfigError(
            [make_finding(INVALID_VALUE, "a configuration file holds exactly one mapping", path)]
        )
    model, problems = validate_model(ConfigFile, docs[0].data, docs[0].source_map, path)
    if model is None:
        raise ConfigError(problems)
    return LoadedConfig(path, directory, model, docs[0].source_map)


_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_TOML_TABLE = re.compile(r"^\s*\[")


def _top_key(logical_path: str) -> str:
    return logical_path.split(".")[0].split("[")[0]


def _key_lines(text: str, header: int) -> dict[str, int]:
    """The line of each key of the ``[tool.hvcheck]`` table (its first occurrence), in one pass."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[header:], header + 1):
        if _TOML_TABLE.match(line):
            break
        m = _TOML_KEY.match(line)
        if m is not None:
            lines.setdefault(m.group(1), number)
    return lines


def _has_tool_table(path: str) -> bool:
    try:
        text = read_file_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
    except (ReadError, UnicodeDecodeError):
        return False
    return re.search(r"^\[tool\.hvcheck(\.|\])", text, flags=re.M) is not None


def find_config(start: str) -> str | None:
    """The configuration file that governs ``start`` (a file or directory), or None."""
    here = os.path.abspath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(here, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(here, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


class Resolver:
    """Effective settings per file: nearest config, then command-line overrides. Caches per config."""

    def __init__(self, cli: CommandLine, roots: Roots = ()) -> None:
        """``roots``: where reads may go (:func:`hvcheck.loader.contain.checked_roots` of the
        paths checked; empty with ``--follow-symlinks`` or for the API's own callers)."""
        self.cli = cli
        self.roots = roots
        self._configs: dict[str, LoadedConfig] = {}
        self._found: dict[str, str | None] = {}  # directory -> its configuration file
        self._settings: dict[str | None, Settings] = {}  # configuration file -> settings
        self._narrowing: dict[str, tuple[tuple[str, ...], int]] = {}
        self._explicit: LoadedConfig | None = None
        if cli.config is not None:
            self._explicit = load_config(cli.config)

    def config_for(self, path: str) -> LoadedConfig | None:
        if self._explicit is not None:
            return self._explicit
        here = os.path.abspath(path)
        directory = here if os.path.isdir(here) else os.path.dirname(here)
        if directory not in self._found:
            self._found[directory] = find_config(directory)
        found = self._found[directory]
        if found is None:
            return None
        cached = self._configs.get(found)
        if cached is None:
            cached = load_config(found)
            self._configs[found] = cached
        return cached

    @property
    def root_config(self) -> LoadedConfig | None:
        """The configuration that governs the working directory (or ``--config``): the policy a
        CI job means to apply."""
        if not hasattr(self, "_root"):
            self._root = self.config_for(os.getcwd())
        return self._root

    def narrowed(self) -> list[tuple[str, tuple[str, ...], int]]:
        """Nested configuration files that weaken the root's policy: (file, what it changes,
        how many files it governed), in file order."""
        here = os.getcwd()
        return [
            (os.path.relpath(path, here) if inside(path, (here,)) else path, fields, count)
            for path, (fields, count) in sorted(self._narrowing.items())
        ]

    def _note_narrowing(self, cfg: LoadedConfig | None) -> None:
        root = self.root_config
        if cfg is None or (root is not None and cfg.path == root.path):
            return
        data = cfg.data
        fields = tuple(
            name
            for name, changed in (
                ("select", data.select is not None),
                ("ignore", bool(data.ignore)),
                ("severity", bool(data.severity)),
                ("fail_on", data.fail_on is not None and data.fail_on != "error"),
                ("per_path", bool(data.per_path)),
            )
            if changed
        )
        if fields:
            _, count = self._narrowing.get(cfg.path, (fields, 0))
            self._narrowing[cfg.path] = (fields, count + 1)

    def settings_for(self, path: str) -> Settings:
        """The settings for ``path``: computed once per configuration file unless its
        ``per_path`` overrides make them depend on the path."""
        cfg = self.config_for(path)
        if os.path.isfile(path) or not os.path.exists(path):
            self._note_narrowing(cfg)
        if cfg is not None and cfg.data.per_path:
            return self._settings_for(path, cfg)
        key = cfg.path if cfg is not None else None
        if key not in self._settings:
            self._settings[key] = self._settings_for(path, cfg)
        return self._settings[key]

    def _settings_for(self, path: str, cfg: LoadedConfig | None) -> Settings:
        origins: dict[str, str] = {}
        select: tuple[str, ...] = ("ALL",)
        ignore: tuple[str, ...] = ()
        severity: dict[str, Severity] = {}
        fail_on = "error"
        catalogs: tuple[str, ...] = ()
        limits = Limits()
        for key in ("select", "ignore", "severity", "fail_on", "catalogs", "limits"):
            origins[key] = "default"
        if cfg is not None:
            data = cfg.data
            if data.select is not None:
                select = tuple(data.select)
                origins["select"] = cfg.where("select")
            if data.ignore:
                ignore = tuple(data.ignore)
                origins["ignore"] = cfg.where("ignore")
            if data.severity:
                severity = {k: Severity.parse(v) for k, v in data.severity.items()}
                origins["severity"] = cfg.where("severity")
            if data.fail_on is not None:
                fail_on = data.fail_on
                origins["fail_on"] = cfg.where("fail_on")
            if data.catalogs:
                catalogs = contained_catalogs(cfg, self.roots, self.cli.follow_symlinks)
                origins["catalogs"] = cfg.where("catalogs")
            if data.limits is not None:
                values = {k: v for k, v in data.limits.model_dump().items() if v is not None}
                _only_lower(cfg, values, limits)
                limits = replace(limits, **values)
                origins["limits"] = cfg.where("limits")
            relative = os.path.relpath(os.path.abspath(path), cfg.directory).replace(os.sep, "/")
            for i, override in enumerate(data.per_path):
                if not any(fnmatch.fnmatchcase(relative, pat) for pat in override.paths):
                    continue
                where = cfg.where(f"per_path[{i}]")
                if override.select is not None:
                    select = tuple(override.select)
                    origins["select"] = where
                if override.ignore:
                    ignore = ignore + tuple(override.ignore)
                    origins["ignore"] = where
                if override.severity:
                    severity = {
                        **severity,
                        **{k: Severity.parse(v) for k, v in override.severity.items()},
                    }
                    origins["severity"] = where
        cli = self.cli
        if cli.select is not None:
            select = cli.select
            origins["select"] = "--select"
        if cli.ignore:
            origins["ignore"] = f"{origins['ignore']} + --ignore" if ignore else "--ignore"
            ignore = ignore + cli.ignore
        if cli.fail_on is not None:
            fail_on = cli.fail_on
            origins["fail_on"] = "--fail-on"
        if cli.catalogs:
            origins["catalogs"] = f"{origins['catalogs']} + --catalog" if catalogs else "--catalog"
            catalogs = catalogs + cli.catalogs
        if cli.limits:
            limits = replace(limits, **cli.limits)
            origins["limits"] = "command line"
        return Settings(
            select=select,
            ignore=ignore,
            severity=severity,
            fail_on=fail_on,
            catalogs=catalogs,
            limits=limits,
            config_file=cfg.path if cfg is not None else None,
            origins=origins,
            show_unknown=cli.show_unknown,
            read_roots=self.roots,
            outcomes=cli.outcomes,
        )


def _only_lower(cfg: LoadedConfig, values: dict[str, int], defaults: Limits) -> None:
    """A configuration file may lower the input limits, never raise them: the limits protect the
    machine that runs hvcheck, and a repository file is what they protect it from. Raise a limit
    with the command-line option instead (the operator's choice)."""
    problems = []
    for name, value in values.items():
        default = getattr(defaults, name)
        if value > default:
            option = "--" + name.replace("_", "-")
            path = f"limits.{name}"
            span = cfg.source_map.value(path) if cfg.source_map else Span.point(cfg.header_line, 1)
            problems.append(
                make_finding(
                    INVALID_VALUE,
                    f"{path} {value} is above the default {default}; a configuration file can only "
                    f"lower limits (raise it on the command line with {option})",
                    cfg.path,
                    span,
                    logical_path=path,
                )
            )
    if problems:
        raise ConfigError(problems)


def contained_catalogs(cfg: LoadedConfig, roots: Roots, follow_symlinks: bool) -> tuple[str, ...]:
    """The catalogs a configuration file names, each inside the configuration's directory or the
    checked tree; raises :class:`ConfigError` naming the entry otherwise.

    A repository's configuration may only name files of that repository: an absolute path or one
    that climbs out with ``..`` is refused always, and one that leaves through a symbolic link
    (the named path, or a file inside a named directory) unless ``--follow-symlinks``. Only the
    path is named in the error, never the target or its content.
    """
    from hvcheck.catalog.store import catalog_files

    home = os.path.realpath(cfg.directory)
    allowed = (home, *roots)
    out: list[str] = []
    for i, name in enumerate(cfg.data.catalogs):
        joined = os.path.normpath(os.path.join(cfg.directory, name))
        reason = None
        if os.path.isabs(name) or not inside(
            os.path.abspath(joined), (os.path.abspath(cfg.directory), *roots)
        ):
            reason = "is outside the configuration file's directory"
        elif not follow_symlinks:
            reached = (
                [joined, *map(str, catalog_files(Path(joined)))]
                if os.path.isdir(joined)
                else [joined]
            )
            if any(not inside(os.path.realpath(p), allowed) for p in reached):
                reason = "leads outside the repository through a symbolic link"
        if reason is not None:
            raise ConfigError(
                [
                    make_finding(
                        INVALID_VALUE,
                        f"catalogs[{i}] {name!r} {reason}; a configuration file may only name "
                        "catalogs inside its repository (--catalog on the command line may name "
                        "any file)",
                        cfg.path,
                        cfg.source_map.value(f"catalogs[{i}]")
                        if cfg.source_map
                        else Span.point(cfg.header_line, 1),
                        logical_path=f"catalogs[{i}]",
                    )
                ]
            )
        out.append(joined)
    return tuple(out)


def settings_dict(settings: Settings) -> dict[str, Any]:
    """The effective settings as plain data (``hvcheck config --format json``)."""
    limits = settings.limits
    return {
        "config_file": settings.config_file,
        "settings": {
            "select": {"value": list(settings.select), "from": settings.origins["select"]},
            "ignore": {"value": list(settings.ignore), "from": settings.origins["ignore"]},
            "severity": {
                "value": {k: v.label for k, v in sorted(settings.severity.items())},
                "from": settings.origins["severity"],
            },
            "fail_on": {"value": settings.fail_on, "from": settings.origins["fail_on"]},
            "catalogs": {"value": list(settings.catalogs), "from": settings.origins["catalogs"]},
            "limits": {
                "value": {
                    "max_file_bytes": limits.max_file_bytes,
                    "max_depth": limits.max_depth,
                    "max_aliases": limits.max_aliases,
                    "max_nodes": limits.max_nodes,
                    "max_scalar_chars": limits.max_scalar_chars,
                },
                "from": settings.origins["limits"],
            },
        },
    }


def config_schema_text() -> str:
    schema = ConfigFile.model_json_schema(mode="validation")
    full = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hvcheck.dev/schemas/config.schema.json",
        "title": "hvcheck configuration",
        **schema,
    }
    return json.dumps(full, indent=2, sort_keys=True) + "\n"
