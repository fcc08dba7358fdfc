"""Mangled input never crashes an importer: it imports (and validates) or is refused."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvcheck.importers import ImportRefused, import_files, names
from tests.importers.helpers import FIXTURES, validate

# Every fixture of every registered importer: a new importer is covered by adding its module and
# its fixtures.
SEEDS = [
    (name, path)
    for name in names()
    for path in sorted((FIXTURES / name).rglob("*"))
    if path.is_file() and path.stat().st_size < 200_000
]


def test_every_importer_has_seeds() -> None:
    assert {name for name, _ in SEEDS} == set(names())


NASTY = [
    b"\x00",
    b"\xff",
    b'"',
    b"'",
    b"<",
    b">",
    b"&",
    b"#",
    b"\n",
    b"9" * 5000,
    b"=",
    b"[",
    b"]",
    b":",
    b"|22",
    b"\xe2\x80\xae",
    b"0x",
    b"-1",
    b"hvcheck: ignore[HV1007] x",
]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt, path = draw(st.sampled_from(SEEDS))
    data = bytearray(Path(path).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[at:at] = draw(st.sampled_from(NASTY))
        else:
            data[at : at + draw(st.integers(1, 40))] = b""
    return fmt, bytes(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_input_imports_or_is_refused(case: tuple[str, bytes]) -> None:
    fmt, data = case
    try:
        result = import_files(fmt, ["m"], sources={"m": data})
    except ImportRefused as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    validate(result.text)
