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
from hvcheck.findings import INVALID_VALUE, YAML_SYNTAX, Finding, Severity, Span, make_finding
from hvcheck.loader import Limits, SourceMap, load_file
from hvcheck.loader.load import FAILED_DOCUMENT, ReadError
from hvcheck.model.validate import validate_model

CONFIG_NAMES = (".hvcheck.yaml", ".hvcheck.yml")

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

    def options(self) -> Options:
        """What the engine needs of these settings."""
        return Options(
            select=self.select,
            ignore=self.ignore,
            limits=self.limits,
            severity=self.severity,
            fail_on=self.fail_on,
            show_unknown=self.show_unknown,
        )


def _toml_line(text: str, pattern: str) -> int:
    m = re.search(pattern, text, flags=re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def load_config(path: str) -> LoadedConfig:
    """Load and validate one configuration file (YAML, or pyproject.toml's [tool.hvcheck])."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "pyproject.toml":
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except OSError as exc:
            raise ConfigError(
                [make_finding(INVALID_VALUE, f"cannot read: {exc.strerror}", path)]
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
            raise ConfigError(
                [
                    replace(p, span=Span.point(_key_line(text, p.logical_path, header), 1))
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


def _key_line(text: str, logical_path: str, default: int) -> int:
    key = logical_path.split(".")[0].split("[")[0]
    if not key:
        return default
    m = re.search(rf"^\s*{re.escape(key)}\s*=", text[_offset_of_line(text, default) :], flags=re.M)
    if m is None:
        return default
    return default + text[_offset_of_line(text, default) :].count("\n", 0, m.start())


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        nxt = text.find("\n", offset)
        if nxt < 0:
            return offset
        offset = nxt + 1
    return offset


def _has_tool_table(path: str) -> bool:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
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

    def __init__(self, cli: CommandLine) -> None:
        self.cli = cli
        self._configs: dict[str, LoadedConfig] = {}
        self._found: dict[str, str | None] = {}  # directory -> its configuration file
        self._settings: dict[str | None, Settings] = {}  # configuration file -> settings
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

    def settings_for(self, path: str) -> Settings:
        """The settings for ``path``: computed once per configuration file unless its
        ``per_path`` overrides make them depend on the path."""
        cfg = self.config_for(path)
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
                catalogs = tuple(os.path.join(cfg.directory, c) for c in data.catalogs)
                origins["catalogs"] = cfg.where("catalogs")
            if data.limits is not None:
                values = {k: v for k, v in data.limits.model_dump().items() if v is not None}
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
        )


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
