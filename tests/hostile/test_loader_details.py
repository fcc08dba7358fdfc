"""The loader, in process: YAML 1.2 resolution of YAML 1.1 look-alikes, tags, keys, merge keys,
characters and positions (including files with CR or CRLF line ends)."""

from __future__ import annotations

import math
import time

import pytest

from hvcheck.findings import Finding
from hvcheck.loader import Limits, load_bytes, load_text


def value(text: str) -> object:
    result = load_text(f"a: {text}\n", "t.yaml")
    assert result.findings == [], result.findings
    data = result.documents[0].data
    assert isinstance(data, dict)
    return data["a"]


def where(found: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.code, f.span.line, f.span.column) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1 booleans are strings in YAML 1.2
        ("no", "no"),
        ("NO", "NO"),
        ("off", "off"),
        ("on", "on"),
        ("yes", "yes"),
        ("y", "y"),
        ("n", "n"),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        # YAML 1.1 octals and sexagesimals: decimals and strings
        ("010", 10),
        ("0777", 777),
        ("0o17", 15),
        ("0x1F", 31),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
        ("190:20:30", "190:20:30"),
        ("1_000", "1_000"),
        ("+12", 12),
        ("-0", 0),
        # floats
        ("1.10", 1.1),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1.0e999999", math.inf),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        (".iNf", ".iNf"),
        ("+.nan", "+.nan"),
        # timestamps and other YAML 1.1 types are strings
        ("2001-12-14", "2001-12-14"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("=", "="),
        # nulls
        ("~", None),
        ("null", None),
        ("Null", None),
        ("", None),
        # standard tags
        ("!!str 123", "123"),
        ("!!str", ""),
        ('!!int "12"', 12),
        ("!!int 0x10", 16),
        ("!!float 1", 1.0),
        ("!!bool true", True),
        ("!!null ~", None),
        ("! 12", "12"),
        ("'0777'", "0777"),
    ],
)
def test_yaml_12_resolution(text: str, expected: object) -> None:
    got = value(text)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert got == expected and type(got) is type(expected)


def test_nan_is_a_float() -> None:
    got = value(".NaN")
    assert isinstance(got, float) and math.isnan(got)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!int 1.5", "not a valid !!int"),
        ("!!bool yes", "not a valid !!bool"),
        ("!!null x", "not a valid !!null"),
        ("!!float abc", "not a valid !!float"),
        ("!!int " + "x" * 100, "'" + "x" * 37 + "...' is not a valid !!int"),
    ],
)
def test_bad_tagged_scalars(text: str, message: str) -> None:
    [finding] = load_text(f"k: {text}\n", "t.yaml").findings
    assert (finding.code, finding.span.line, finding.span.column) == ("HV0001", 1, 4)
    assert message in finding.message


def test_keys_are_strings_after_resolution() -> None:
    data = load_text("1: a\n0x2: b\ntrue: c\n~: d\n1.5: e\n", "t.yaml").documents[0].data
    assert data == {"1": "a", "2": "b", "true": "c", "null": "d", "1.5": "e"}


def test_merge_keys() -> None:
    text = (
        "a: &a {x: 1, y: 1}\n"
        "b: &b {y: 2, z: 2}\n"
        "c: {<<: [*a, *b], x: 0}\n"  # explicit keys win, then the first merged map
        'd: {"<<": plain}\n'  # a quoted << is an ordinary key
        "e: {<<: {inline: 1}}\n"
        "f: {<<: []}\n"  # merging nothing is allowed
    )
    result = load_text(text, "t.yaml")
    assert result.findings == []
    data = result.documents[0].data
    assert data["c"] == {"x": 0, "y": 1, "z": 2}
    assert data["d"] == {"<<": "plain"}
    assert data["e"] == {"inline": 1}
    assert data["f"] == {}


def test_merged_keys_fall_back_to_the_mapping_position() -> None:
    result = load_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n", "t.yaml")
    smap = result.documents[0].source_map
    assert smap.value("b.x") == smap.value("b")
    assert (smap.value("b.y").line, smap.value("b.y").column) == (4, 6)


def test_an_alias_bomb_used_as_a_key_is_refused_without_being_expanded() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    lines.append("? *i\n: value")
    # limits high enough that only not expanding the key (str() of 4.9e8 nodes) keeps this fast
    limits = Limits(max_nodes=10**12, max_aliases=10**6)
    started = time.process_time()
    found = load_text("\n".join(lines) + "\n", "t.yaml", limits).findings
    assert time.process_time() - started < 1.0
    assert where(found) == [("HV0001", 10, 3)]
    assert "cannot be used as a key" in found[0].message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a: 1\r\nb: \x1b\r\n", ("HV0007", 2, 4)),  # CRLF
        (b"a: 1\rb: \x1b\r", ("HV0007", 2, 4)),  # old Mac line ends: CR alone ends a line
        (b"a: 1\rb: [\r", ("HV0001", 3, 1)),  # the parser counts lines the same way
        (b"a: 1\rb: \xff\r", ("HV0007", 2, 4)),  # invalid UTF-8, positioned from the bytes
        (b"a: 1\n\nb: \xe2\x80\xae\n", ("HV0007", 3, 4)),
        (b'a: 1\nb: "x\\u2028y"\n', ("HV0007", 2, 4)),  # an escaped line separator in a value
        (b"\xef\xbb\xbfa: \x7f\n", ("HV0007", 1, 4)),  # the BOM is not a column
    ],
)
def test_character_positions(data: bytes, expected: tuple[str, int, int]) -> None:
    assert where(load_bytes(data, "t.yaml").findings)[:1] == [expected]


def test_text_with_lone_surrogates_is_an_encoding_finding() -> None:
    text = b"a: caf\xe9\n".decode("utf-8", errors="surrogateescape")
    assert where(load_text(text, "t.yaml").findings) == [("HV0007", 1, 7)]


def test_tabs_and_newlines_are_allowed_in_values() -> None:
    result = load_text('a: "x\\ty\\nz\\r"\nb: |\n  line one\n  line two\n', "t.yaml")
    assert result.findings == []
    assert result.documents[0].data == {"a": "x\ty\nz\r", "b": "line one\nline two\n"}


def test_non_ascii_text_is_fine() -> None:
    data = load_text("name: café 日本 😀\nrtl: עברית\n", "t.yaml").documents[0].data
    assert data == {"name": "café 日本 😀", "rtl": "עברית"}


def test_loading_is_reentrant() -> None:
    """Each load has its own parser: an abandoned load does not disturb the next one."""
    from hvcheck.loader.load import _events

    events = _events("a: [1, 2, 3]\n")
    next(events)
    assert load_text("b: 2\n", "t.yaml").documents[0].data == {"b": 2}
    assert sum(1 for _ in events) > 3
