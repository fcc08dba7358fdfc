"""Typed logical paths: where in a host document a rule points, checked against the schema.

A rule says where a problem is with a :class:`Path` such as ``at / "model"`` rather than an
f-string: each step is checked against the pydantic model of the node it leaves, so a misspelt key
fails loudly (a crashing rule is an internal error, which the rule's own tests catch) instead of
silently landing on the parent's span.

>>> from hvcheck.model.paths import SPEC
>>> str(SPEC / "partitions" / 2 / "devices" / 0 / "model")
'spec.partitions[2].devices[0].model'
>>> SPEC / "partitons"
Traceback (most recent call last):
...
KeyError: "HostSpec has no field 'partitons'"
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from hvcheck.loader.sourcemap import child_path
from hvcheck.model.cluster import ClusterDocument
from hvcheck.model.host import HostDocument

# model class -> field alias -> (the model class of its value or of its items, is it a list)
_Fields = dict[str, tuple[type[BaseModel] | None, bool]]
_TABLE: dict[type[BaseModel], _Fields] = {}


def _fields(cls: type[BaseModel]) -> _Fields:
    table = _TABLE.get(cls)
    if table is None:
        table = {}
        for name, info in cls.model_fields.items():
            table[info.alias or name] = _shape(info.annotation)
        _TABLE[cls] = table
    return table


def _shape(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside an annotation, and whether the value is a list (or a dict) of it."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _shape(arg)
        return None, False
    if origin in (list, dict):
        args = typing.get_args(annotation)
        inner, _ = _shape(args[-1]) if args else (None, False)
        return inner, True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


class Path:
    """A logical path in a document (``spec.partitions[2].devices[0].model``).

    ``/ key`` steps into a mapping field and ``/ index`` into a list item. A path knows the model
    class of the node it names (when it names a model) and refuses keys that class does not have;
    below a scalar or a free-form mapping, keys are not checked.
    """

    __slots__ = ("_cls", "_kids", "_list", "text")

    def __init__(
        self, text: str = "", cls: type[BaseModel] | None = None, is_list: bool = False
    ) -> None:
        self.text = text
        self._cls = cls
        self._list = is_list
        self._kids: dict[str, Path] | None = None

    def __truediv__(self, key: str | int) -> Path:
        """The child path. A field's path is made once per parent (rules and the graph ask for
        the same ones again and again); a list item's is made anew, so that paths shared by every
        host (``spec.partitions``) never keep one host's items alive."""
        if type(key) is int and (self._list or self._cls is None):
            return Path(f"{self.text}[{key}]", self._cls, False)  # a list item: the commonest
        if isinstance(key, int):
            return self._child(key)
        kids = self._kids
        if kids is None:
            kids = self._kids = {}
        else:
            found = kids.get(key)
            if found is not None:
                return found
        child = self._child(key)
        kids[key] = child
        return child

    def _child(self, key: str | int) -> Path:
        if isinstance(key, int):
            if not self._list and self._cls is not None:
                raise KeyError(f"{self._cls.__name__} at '{self.text}' is not a list")
            return Path(child_path(self.text, key), self._cls, False)
        if self._list and self._cls is not None:
            raise KeyError(f"'{self.text}' is a list; index it before '{key}'")
        if self._cls is None:
            return Path(child_path(self.text, key))
        shape = _fields(self._cls).get(key)
        if shape is None:
            raise KeyError(f"{self._cls.__name__} has no field '{key}'")
        return Path(child_path(self.text, key), *shape)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Path({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Path):
            return self.text == other.text
        if isinstance(other, str):
            return self.text == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)


ROOT = Path("", HostDocument)
"""The root of a host document."""
SPEC = ROOT / "spec"
"""``spec`` of a host document."""
CLUSTER_ROOT = Path("", ClusterDocument)
"""The root of a cluster document."""
