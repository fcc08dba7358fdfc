"""Hypothesis strategies: plain YAML data, valid host descriptions, nasty strings, and emitters."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from hypothesis import strategies as st

# Characters a host file may carry in a value: no controls (bar TAB and LF), no surrogates, no
# format characters (bidi overrides are in Cf), no line separators, no private use or unassigned.
SAFE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn"),
    blacklist_characters="\x85",
)
VALUE_CHARS = st.one_of(SAFE_CHARS, st.sampled_from("\t\n"))

# Scalars that mean something else in some YAML version, or need quoting.
TRICKY = st.sampled_from(
    [
        "no",
        "yes",
        "off",
        "on",
        "y",
        "n",
        "NO",
        "True",
        "TRUE",
        "false",
        "~",
        "null",
        "Null",
        "",
        "0777",
        "010",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "1e3",
        "1.10",
        ".5",
        "5.",
        "+1",
        "-0",
        ".inf",
        "-.inf",
        ".NaN",
        ".nan",
        "+.inf",
        ".iNf",
        "12:30",
        "190:20:30",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "-",
        "- a",
        ": ",
        "a: b",
        "#",
        "# c",
        "&a",
        "*a",
        "!x",
        "!!str",
        "'",
        '"',
        "%",
        "%YAML 1.1",
        "@",
        "`",
        "? x",
        "---",
        "...",
        "[",
        "]",
        "{",
        "}",
        ",",
        "|",
        ">",
        "<<",
        " leading",
        "trailing ",
        "tab\there",
        "new\nline",
        "\u00e9t\u00e9",
        "\u65e5\u672c",
        "\U0001f600",
        "::error::x",
        "%0A",
        "a\\nb",
    ]
)
TEXT = st.one_of(TRICKY, st.text(VALUE_CHARS, max_size=40))
KEY = st.one_of(
    TRICKY.filter(lambda k: "\n" not in k and "\t" not in k), st.text(SAFE_CHARS, max_size=20)
)

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)

PLAIN_DATA = st.recursive(
    SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(KEY, children, max_size=5),
    ),
    max_leaves=30,
)
"""Plain data as the loader returns it: dicts with string keys, lists, and YAML 1.2 scalars."""


def dump_json(data: Any) -> str:
    """JSON is YAML 1.2 (flow style, double-quoted strings)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"


def dump_block(data: Any, *, flow: bool = False) -> str:
    """ruamel.yaml's emitter (YAML 1.2 resolver), block or flow style."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# --- valid host descriptions -------------------------------------------------------------------

NAME = st.from_regex(r"[a-z][a-z0-9-]{0,14}[a-z0-9]", fullmatch=True)
LABEL_KEY = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}", fullmatch=True)
LABEL_TEXT = st.one_of(TRICKY, st.text(SAFE_CHARS, max_size=30)).filter(
    lambda t: 1 <= len(t) <= 256
)
HEX4 = st.from_regex(r"[0-9a-f]{4}", fullmatch=True)
DEVICE_CLASS = st.sampled_from(["network", "storage", "display", "usb", "other"])


@st.composite
def hosts(draw: st.DrawFn) -> dict[str, Any]:
    """A host description that the model accepts (rules may still report findings on it)."""
    product = draw(st.sampled_from(["esxi", "hyperv"]))
    metadata: dict[str, Any] = {"name": draw(NAME)}
    if draw(st.booleans()):
        metadata["description"] = draw(st.text(VALUE_CHARS, min_size=1, max_size=80))
    labels = draw(st.dictionaries(LABEL_KEY, LABEL_TEXT, max_size=4))
    if labels:
        metadata["labels"] = labels
    devices = []
    for i in range(draw(st.integers(0, 5))):
        device: dict[str, Any] = {"id": f"dev{i}", "class": draw(DEVICE_CLASS)}
        if draw(st.booleans()):
            device["pci"] = {"vendor": draw(HEX4), "device": draw(HEX4)}
        if draw(st.booleans()):
            device["name"] = draw(LABEL_TEXT)
        devices.append(device)
    ids = [d["id"] for d in devices]
    drivers = []
    unused = list(ids)
    for j in range(draw(st.integers(0, 3))):
        drives = draw(st.lists(st.sampled_from(unused), unique=True)) if unused else []
        unused = [i for i in unused if i not in drives]
        if product == "esxi":
            drivers.append(
                {"name": f"drv{j}", "kind": "native", "location": "hypervisor", "drives": drives}
            )
        else:
            drivers.append(
                {"name": f"drv{j}", "kind": "windows-x64", "location": "parent", "drives": drives}
            )
    spec: dict[str, Any] = {
        "hypervisor": {"product": product, "version": "8.0" if product == "esxi" else "2022"},
        "devices": devices,
        "drivers": drivers,
    }
    if product == "hyperv":
        spec["partitions"] = [
            {
                "id": "root",
                "role": "parent",
                "os": {"family": "windows", "name": "Windows Server 2022", "arch": "x64"},
            }
        ]
    return {"apiVersion": "hvcheck/v1", "kind": "Host", "metadata": metadata, "spec": spec}


# --- nasty strings for reporters ---------------------------------------------------------------

NASTY = st.one_of(
    st.sampled_from(
        [
            "a\nb",
            "line\r\nbreak",
            "\n::error file=README.md,line=1::forged",
            "::warning::x",
            "100%",
            "%0A%25",
            'quote \' and "double"',
            "<tag attr='x'>&amp;</tag>",
            "]]>",
            "\x1b[31mred\x1b[0m",
            "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
            "\u202eevil\u202c",
            "caf\u00e9 \u65e5\u672c \U0001f600",
            "\x00\x07\x7f\x85",
            "tab\there",
            "",
            " ",
            "\\n",
        ]
    ),
    st.text(max_size=30).map(lambda s: re.sub("[\ud800-\udfff]", "?", s)),
)
