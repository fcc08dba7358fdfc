"""Every generated file is current: ``scripts/regen --check`` finds nothing stale.

The schemas, docs/rules.md, the README's rule table, the golden outputs of every check format and
the sample reports each come from one source; when that source changes, ``scripts/regen`` rewrites
them and the diff shows what changed for users.
"""

from __future__ import annotations

import importlib.util
from importlib.machinery import SourceFileLoader
from types import ModuleType

from tests.conftest import REPO


def _regen() -> ModuleType:
    path = REPO / "scripts" / "regen"
    loader = SourceFileLoader("hvcheck_regen", str(path))
    spec = importlib.util.spec_from_loader("hvcheck_regen", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_no_generated_file_is_stale() -> None:
    stale = [str(p.relative_to(REPO)) for p in _regen().stale()]
    assert stale == [], f"stale generated files: {stale}; run scripts/regen and review the diff"


def test_generated_outputs_are_deterministic() -> None:
    regen = _regen()
    assert regen.generated() == regen.generated()
