"""Answers a catalog index keeps for the questions every host asks again.

A bottom module of the catalog package: it imports none of its siblings.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ANSWERS = 100_000
"""At most this many answers are kept (questions name models and OSes from input files)."""


@dataclass
class Remembers:
    """A mixin for catalog indexes: :meth:`remember` computes an answer once per key. Answers are
    cleared when facts are added (:meth:`forget`) and never pickled into the catalog cache."""

    _answers: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per key (while fewer than :data:`MAX_ANSWERS` are kept)."""
        try:
            found: T = self._answers[key]
            return found
        except KeyError:
            value = compute()
            if len(self._answers) < MAX_ANSWERS:
                self._answers[key] = value
            return value

    def forget(self) -> None:
        self._answers.clear()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_answers"] = {}  # answers, not facts: cheap to recompute, not worth caching on disk
        return state
