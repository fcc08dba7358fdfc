"""The loader: YAML 1.2 values, exact positions, duplicate keys, tags, limits and encodings."""

from __future__ import annotations

import pytest

from hvcheck.findings import Span
from hvcheck.loader import Limits, load_bytes, load_text


def only_doc(text: str) -> object:
    result = load_text(text, "t.yaml")
    assert result.findings == []
    assert len(result.documents) == 1
    return result.documents[0].data


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: no", "no"),
        ("a: off", "off"),
        ("a: yes", "yes"),
        ("a: true", True),
        ("a: False", False),
        ("a: 0777", 777),
        ("a: 0o17", 15),
        ("a: 0x1F", 31),
        ("a: 1.10", 1.1),
        ("a: 12:30", "12:30"),
        ("a: 2024-01-31", "2024-01-31"),
        ("a: ~", None),
        ("a:", None),
        ('a: "8086"', "8086"),
        ("a: !!str 123", "123"),
        ("a: !!float 1", 1.0),
    ],
)
def test_yaml_12_core_scalars(text: str, value: object) -> None:
    assert only_doc(text) == {"a": value}


def test_positions_of_keys_and_values() -> None:
    text = "spec:\n  partitions:\n    - id: vm1\n      devices:\n        - {id: n0, model: x}\n"
    result = load_text(text, "t.yaml")
    smap = result.documents[0].source_map
    assert smap.value("spec.partitions[0].id") == Span(3, 11, 3, 14)
    assert smap.key("spec.partitions[0].devices") == Span(4, 7, 4, 14)
    assert smap.value("spec.partitions[0].devices[0].model") == Span(5, 27, 5, 28)
    # an unrecorded path falls back to its nearest ancestor
    assert smap.value("spec.partitions[0].devices[0].nothing") == smap.value(
        "spec.partitions[0].devices[0]"
    )


def test_duplicate_key_keeps_first_and_reports_second() -> None:
    result = load_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert result.documents[0].data == {"a": 1, "b": 2}
    [finding] = result.findings
    assert (finding.code, finding.span.line, finding.span.column) == ("HV0002", 3, 1)
    assert "line 1" in finding.message


def test_merge_keys_are_supported_and_explicit_keys_win() -> None:
    data = only_doc("base: &b {x: 1, y: 2}\nnode:\n  <<: *b\n  y: 3\n")
    assert data == {"base": {"x": 1, "y": 2}, "node": {"y": 3, "x": 1}}


def test_several_documents() -> None:
    result = load_text("a: 1\n---\nb: 2\n", "t.yaml")
    assert [d.data for d in result.documents] == [{"a": 1}, {"b": 2}]
    assert result.documents[1].span.line == 2


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: [1,\nb: 2", "HV0001", 3, 1),
        ("a:\n\tb: 1\n", "HV0001", 2, 1),
        ("a: *nope\n", "HV0001", 1, 4),
        ("a: &x 1\nb: &x 2\n", "HV0001", 2, 4),
        ("%YAML 1.1\n---\na: no\n", "HV0001", 1, 1),
        ("a: !!python/object/apply:os.system [echo]\n", "HV0009", 1, 4),
        ("a: !Host {x: 1}\n", "HV0009", 1, 4),
        ("a: !!binary aGVsbG8=\n", "HV0009", 1, 4),
        ("a: &a [*a]\n", "HV0006", 1, 8),
        ("? [a, b]\n: 1\n", "HV0001", 1, 3),
        ("a: !!int abc\n", "HV0001", 1, 4),
    ],
)
def test_bad_yaml_is_a_positioned_finding(text: str, code: str, line: int, column: int) -> None:
    result = load_text(text, "t.yaml")
    assert [(f.code, f.span.line, f.span.column) for f in result.findings][:1] == [
        (code, line, column)
    ]


def test_empty_and_comment_only_files() -> None:
    for text in ("", "# only a comment\n", "\n\n"):
        [finding] = load_text(text, "t.yaml").findings
        assert finding.code == "HV0008"


def test_billion_laughs_is_stopped_by_the_node_budget() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    result = load_text("\n".join(lines) + "\n", "t.yaml")
    assert [f.code for f in result.findings] == ["HV0006"]


def test_depth_limit() -> None:
    text = "a: " + "[" * 100 + "]" * 100 + "\n"
    [finding] = load_text(text, "t.yaml", Limits(max_depth=64)).findings
    assert finding.code == "HV0006"
    assert "64" in finding.message
    assert load_text("a: " + "[" * 10 + "]" * 10, "t.yaml", Limits(max_depth=64)).findings == []


def test_alias_limit() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 20) + "]\n"
    [finding] = load_text(text, "t.yaml", Limits(max_aliases=10)).findings
    assert finding.code == "HV0006"


def test_long_scalar_and_number_limits() -> None:
    [f1] = load_text("a: " + "x" * 100 + "\n", "t.yaml", Limits(max_scalar_chars=50)).findings
    [f2] = load_text("a: " + "9" * 5000 + "\n", "t.yaml").findings
    assert f1.code == f2.code == "HV0006"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"a: 1\nb: \xff\n", 2, 4),
        (b"\xff\xfea\x00:\x00", 1, 1),
        (b"a: 1\n\x00\x01\x02", 2, 1),
    ],
)
def test_encoding_problems(data: bytes, line: int, column: int) -> None:
    [finding] = load_bytes(data, "t.yaml").findings
    assert (finding.code, finding.span.line, finding.span.column) == ("HV0007", line, column)


def test_utf8_bom_is_accepted() -> None:
    result = load_bytes(b"\xef\xbb\xbfa: 1\n", "t.yaml")
    assert result.findings == []
    assert result.documents[0].data == {"a": 1}


def test_file_size_limit() -> None:
    [finding] = load_bytes(b"a: 1\n" * 100, "t.yaml", Limits(max_file_bytes=64)).findings
    assert finding.code == "HV0006"
