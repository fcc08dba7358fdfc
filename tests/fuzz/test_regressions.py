"""Every input the fuzzer ever crashed on, and every seed, through the fuzz target, with both parser
backends (libyaml's C parser and the pure-Python fallback). Fast: this runs in every CI build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hvcheck.loader import load as load_module
from tests.fuzz.fuzz_load import check_bytes

HERE = Path(__file__).resolve().parent
CRASHERS = sorted((HERE / "crashers").glob("*"))
SEEDS = sorted((HERE / "seeds").glob("*.yaml"))
HOSTILE = sorted((HERE.parent / "hostile" / "corpus").glob("*.yaml"))


@pytest.fixture(params=["c", "pure"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "pure":
        monkeypatch.setattr(load_module, "_EVENTS", load_module._pure_events)
    else:
        monkeypatch.setattr(load_module, "_EVENTS", load_module._c_events)
    yield request.param


@pytest.mark.parametrize("path", CRASHERS, ids=lambda p: p.name)
def test_crasher_no_longer_crashes(backend: str, path: Path) -> None:
    check_bytes(path.read_bytes())


def test_seeds_and_hostile_corpus_pass_the_fuzz_target(backend: str) -> None:
    for path in SEEDS + HOSTILE:
        check_bytes(path.read_bytes())


def test_there_are_crashers_and_seeds() -> None:
    assert CRASHERS and SEEDS and HOSTILE
