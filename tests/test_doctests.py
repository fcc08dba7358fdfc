"""Docstring examples (``>>>``) in hvcheck's modules run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.conftest import REPO

MODULES = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts)
    for path in (REPO / "hvcheck").rglob("*.py")
    if ">>> " in path.read_text(encoding="utf-8") and path.name != "__main__.py"
)


def test_some_modules_have_examples() -> None:
    assert "hvcheck.catalog.versions" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert tried > 0, f"{name}: no example ran"
    assert failed == 0, f"{name}: {failed} of {tried} examples failed"
