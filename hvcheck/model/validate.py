"""Turn loaded YAML documents into models, and every validation error into a positioned finding."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hvcheck.findings import (
    EMPTY_INPUT,
    INVALID_VALUE,
    MISSING_FIELD,
    UNKNOWN_KEY,
    UNKNOWN_KIND,
    Finding,
    make_finding,
)
from hvcheck.loader import Document, SourceMap
from hvcheck.loader.identity import identity_path
from hvcheck.loader.load import FAILED_DOCUMENT
from hvcheck.loader.sourcemap import child_path
from hvcheck.model.cluster import ClusterDocument
from hvcheck.model.foreign import foreign_document
from hvcheck.model.host import API_VERSION, HostDocument

M = TypeVar("M", bound=BaseModel)

KNOWN_KINDS = ("Host", "Cluster")


@dataclass(frozen=True)
class ParsedHost:
    """A validated host document with the map back to its source."""

    file: str
    document: int
    model: HostDocument
    source_map: SourceMap
    data: Any = None
    """The document as loaded (plain data), which names list items by id for finding identities."""

    @property
    def name(self) -> str:
        return self.model.metadata.name


def loc_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path = child_path(path, part)
    return path


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/list/dict/Annotated annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _field_by_key(cls: type[BaseModel], key: str) -> Any:
    for name, info in cls.model_fields.items():
        if (info.alias or name) == key:
            return info.annotation
    return None


def model_at(cls: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` (for 'did you mean' suggestions)."""
    current: Any = cls
    for part in loc:
        candidates = _unwrap(current)
        nxt: Any = None
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(part, int) and origin is list:
                nxt = typing.get_args(cand)[0]
            elif isinstance(part, str) and isinstance(cand, type) and issubclass(cand, BaseModel):
                nxt = _field_by_key(cand, part)
            if nxt is not None:
                break
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def field_keys(cls: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in cls.model_fields.items()]


def did_you_mean(word: str, choices: list[str]) -> str:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def _describe(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"must be one of {expected}"
    if kind in ("int_type", "int_parsing"):
        return "must be an integer"
    if kind in ("float_type", "float_parsing"):
        return "must be a number"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("string_type", "str_type"):
        return "must be a string (quote it)"
    if kind == "model_type" or kind == "model_attributes_type" or kind == "dict_type":
        return "must be a mapping"
    if kind == "list_type":
        return "must be a list"
    if kind == "string_pattern_mismatch":
        return "has an invalid format"
    if kind == "finite_number":
        return "must be a finite number"
    message = str(error.get("msg", kind))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[0].lower() + message[1:] if message else kind


def _shown(value: Any) -> str:
    """A short, safe rendering of a user value for messages (no newlines, bounded length)."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, bool | int | float) or value is None:
        return repr(value)
    return type(value).__name__


def _value_at(data: Any, loc: tuple[int | str, ...]) -> tuple[bool, Any]:
    current = data
    for part in loc:
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            continue
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            current = current[part]
            continue
        return False, None
    return True, current


def validate_model(
    cls: type[M],
    data: Any,
    source_map: SourceMap,
    file: str,
    *,
    prefix: tuple[int | str, ...] = (),
    document: int = 0,
    host: str = "",
) -> tuple[M | None, list[Finding]]:
    """Validate ``data`` as ``cls``; return the model or the findings that explain why not."""
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        for error in exc.errors(include_url=False, include_input=False):
            loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
            # pydantic appends the failing validator's name for some union members; drop non-keys
            full = prefix + loc
            path = loc_path(full)
            kind = error["type"]
            if kind == "extra_forbidden":
                key = str(loc[-1]) if loc else ""
                owner = model_at(cls, loc[:-1])
                hint = did_you_mean(key, field_keys(owner)) if owner else ""
                message = f"unknown key '{key}'{hint}"
                finding = make_finding(
                    UNKNOWN_KEY,
                    message,
                    file,
                    source_map.key(path),
                    logical_path=path,
                    document=document,
                    host=host,
                )
            elif kind == "missing":
                parent = loc_path(full[:-1])
                where = f"'{parent}'" if parent else "the document"
                message = f"missing required key '{loc[-1]}' in {where}"
                finding = make_finding(
                    MISSING_FIELD,
                    message,
                    file,
                    source_map.key(parent),
                    logical_path=path,
                    document=document,
                    host=host,
                )
            else:
                found, value = _value_at(data, loc)
                description = _describe(error)
                if kind == "value_error":
                    description = f": {description}"
                elif found:
                    description += f" (got {_shown(value)})"
                if kind == "literal_error" and found and isinstance(value, str):
                    expected = str((error.get("ctx") or {}).get("expected", ""))
                    options = [
                        o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")
                    ]
                    description += did_you_mean(value, [o for o in options if o])
                message = f"'{path}'{'' if description.startswith(':') else ' '}{description}"
                finding = make_finding(
                    INVALID_VALUE,
                    message,
                    file,
                    source_map.value(path),
                    logical_path=path,
                    document=document,
                    host=host,
                )
            ident = (finding.code, path)
            if ident in seen:
                continue
            seen.add(ident)
            if not prefix:
                finding = replace(finding, subject=identity_path(data, path))
            findings.append(finding)
        return None, findings


def parse_host(doc: Document, file: str) -> tuple[ParsedHost | None, list[Finding]]:
    """Validate one loaded document as a host description."""
    data = doc.data
    smap = doc.source_map
    if data is FAILED_DOCUMENT:
        return None, []
    if data is None:
        return None, [
            make_finding(
                EMPTY_INPUT,
                "document is empty",
                file,
                doc.span,
                document=doc.index,
            )
        ]
    if not isinstance(data, dict):
        return None, [
            make_finding(
                INVALID_VALUE,
                f"a document must be a mapping with apiVersion, kind, metadata and spec "
                f"(got a {_yaml_type(data)})",
                file,
                smap.value(""),
                document=doc.index,
            )
        ]
    if foreign_document(data, file, API_VERSION) is not None:
        return None, []  # hvcheck's configuration or another tool's file (hvcheck.model.foreign)
    if "apiVersion" not in data and "kind" not in data:
        return None, [
            make_finding(
                UNKNOWN_KIND,
                "not an hvcheck document: it has no apiVersion or kind "
                f"(expected apiVersion: {API_VERSION}); ignore HV0010 to skip foreign YAML files",
                file,
                smap.value(""),
                document=doc.index,
            )
        ]
    kind = data.get("kind")
    if isinstance(kind, str) and kind not in KNOWN_KINDS:
        return None, [
            make_finding(
                UNKNOWN_KIND,
                f"unknown document kind '{kind}'{did_you_mean(kind, list(KNOWN_KINDS))} "
                f"(known: {', '.join(KNOWN_KINDS)})",
                file,
                smap.value("kind"),
                logical_path="kind",
                document=doc.index,
            )
        ]
    api = data.get("apiVersion")
    if isinstance(api, str) and api != API_VERSION:
        return None, [
            make_finding(
                UNKNOWN_KIND,
                f"unsupported apiVersion '{api}'; this hvcheck reads {API_VERSION}",
                file,
                smap.value("apiVersion"),
                logical_path="apiVersion",
                document=doc.index,
            )
        ]
    if kind == "Cluster":
        return None, []  # clusters are parsed by parse_cluster
    host = ""
    meta = data.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("name"), str):
        host = meta["name"]
    model, findings = validate_model(HostDocument, data, smap, file, document=doc.index, host=host)
    if model is None:
        return None, findings
    return ParsedHost(file, doc.index, model, smap, data), findings


def _yaml_type(value: Any) -> str:
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


@dataclass(frozen=True)
class ParsedCluster:
    """A validated cluster document with the map back to its source."""

    file: str
    document: int
    model: ClusterDocument
    source_map: SourceMap
    data: Any = None

    @property
    def name(self) -> str:
        return self.model.metadata.name


def is_cluster(doc: Document) -> bool:
    return isinstance(doc.data, dict) and doc.data.get("kind") == "Cluster"


def parse_cluster(doc: Document, file: str) -> tuple[ParsedCluster | None, list[Finding]]:
    """Validate one loaded document as a cluster description."""
    api = doc.data.get("apiVersion") if isinstance(doc.data, dict) else None
    if isinstance(api, str) and api != API_VERSION:
        return None, [
            make_finding(
                UNKNOWN_KIND,
                f"unsupported apiVersion '{api}'; this hvcheck reads {API_VERSION}",
                file,
                doc.source_map.value("apiVersion"),
                logical_path="apiVersion",
                document=doc.index,
            )
        ]
    model, findings = validate_model(
        ClusterDocument, doc.data, doc.source_map, file, document=doc.index
    )
    if model is None:
        return None, findings
    return ParsedCluster(file, doc.index, model, doc.source_map, doc.data), findings
