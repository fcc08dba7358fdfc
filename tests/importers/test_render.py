"""The YAML writer: any text round-trips, comments stay comments, ids are valid."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hvcheck.engine.suppress import inline_suppressions
from hvcheck.findings import Finding
from hvcheck.importers._common import hex4, pci_address, sanitize_id
from hvcheck.importers._render import _FORBIDDEN, IdSpace, comment_lines, quote
from hvcheck.loader import load_text

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_quoted_text_loads_back_unchanged(text: str) -> None:
    loaded = load_text(f"k: {quote(text)}\nn: [{quote(text)}]\n", "q.yaml")
    assert loaded.findings == []
    expected = _FORBIDDEN.sub("\ufffd", text)
    assert loaded.documents[0].data == {"k": expected, "n": [expected]}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_comment_text_stays_a_comment(text: str) -> None:
    body = "\n".join(comment_lines(text, "  "))
    doc = f"a:\n{body}\n  b: 1\n"
    loaded = load_text(doc, "c.yaml")
    assert loaded.findings == []
    assert loaded.documents[0].data == {"a": {"b": 1}}
    problems: list[Finding] = []
    assert inline_suppressions(doc, "c.yaml", problems) == []
    assert problems == []


def test_suppression_text_is_defused() -> None:
    for text in ("hvcheck: ignore[HV1007] why", "x # hvcheck: ignore[HV1007] why"):
        lines = comment_lines(text, "")
        problems: list[Finding] = []
        assert inline_suppressions("\n".join(lines) + "\na: 1\n", "s.yaml", problems) == []


@given(st.text(max_size=200))
def test_sanitized_ids_are_valid(text: str) -> None:
    assert ID.match(sanitize_id(text))


def test_id_space_makes_ids_unique_and_avoids_reserved_ids() -> None:
    ids = IdSpace()
    assert [ids.claim(x) for x in ("vm", "vm", "vm", "hypervisor", "host-os", "")] == [
        "vm",
        "vm-2",
        "vm-3",
        "hypervisor-2",
        "host-os-2",
        "item",
    ]


def test_pci_helpers() -> None:
    assert pci_address("00:02.0") == "0000:00:02.0"
    assert pci_address("000:001:00.0") == "0000:01:00.0"
    assert pci_address("0001:ff:1f.7") == "0001:ff:1f.7"
    assert pci_address("00:20.0") is None  # slot > 31
    assert pci_address("zz") is None
    assert [hex4(x) for x in ("0x8086", "8086", "32902", "0x10000", "x", None)] == [
        "8086",
        "8086",
        "8086",
        None,
        None,
        None,
    ]
