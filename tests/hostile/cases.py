"""The hostile-input corpus: each case, how to make it, and what hvcheck must answer.

Small cases are committed files in ``corpus/`` (they double as fuzzing seeds); big ones are
generated into a temporary directory at test time. ``docs/hostile-input.md`` describes every class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

VALID = """\
apiVersion: hvcheck/v1
kind: Host
metadata: {name: esx01}
spec:
  hypervisor: {product: esxi, version: "8.0"}
  devices:
    - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
  drivers:
    - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
"""

Where = tuple[str, int, int]
"""(code, line, column) of a finding that must be reported."""


@dataclass(frozen=True)
class Case:
    """One hostile (or legitimate-but-odd) input and the outcome hvcheck must produce."""

    name: str
    expect: Where | None
    """A finding that must be among the output lines; None for a clean (exit 0) case."""
    data: bytes | Callable[[], bytes] | None = None
    """Generated content; None means the committed file ``corpus/<name>.yaml``."""
    message: str = ""
    """Text the expected finding's message must contain."""

    @property
    def exit(self) -> int:
        return 1 if self.expect else 0

    def content(self) -> bytes:
        if self.data is None:
            return (CORPUS / f"{self.name}.yaml").read_bytes()
        return self.data if isinstance(self.data, bytes) else self.data()


# --- generators for the big cases --------------------------------------------------------------------


def _lines(n: int, line: str) -> bytes:
    return (line * n).encode()


def merge_chain(links: int) -> bytes:
    """Map i merges map i-1: quadratic work for a loader that copies merged keys."""
    out = ["m0: &m0 {k0: 0}"]
    out += [f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, links)]
    return ("\n".join(out) + "\n").encode()


def nested_block_map(depth: int) -> bytes:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)).encode()


def nested_block_seq(depth: int) -> bytes:
    return "".join("  " * i + "-\n" for i in range(depth)).encode()


def flow_map_keys(n: int) -> bytes:
    return ("{" + ", ".join(f"k{i}: {i}" for i in range(n)) + "}\n").encode()


def with_blank_lines(n: int) -> bytes:
    return VALID.encode() + b"\n" * n


def many_hosts(n: int) -> bytes:
    return "---\n".join(VALID.replace("esx01", f"esx{i:05d}") for i in range(n)).encode()


MiB = 1024 * 1024

CASES: list[Case] = [
    # alias bombs: billion laughs in sequences and mappings, and through merge keys
    Case("alias_lol9", ("HV0006", 6, 11), message="expands to more than 200000 nodes"),
    Case("alias_lol_maps", ("HV0006", 6, 12), message="expands to more than"),
    Case("alias_merge_bomb", ("HV0006", 7, 12), message="expands to more than"),
    Case("alias_recursive_seq", ("HV0006", 1, 8), message="recursive alias"),
    Case("alias_recursive_map", ("HV0006", 1, 11), message="recursive alias"),
    Case("alias_undefined", ("HV0001", 1, 4), message="undefined anchor"),
    Case("merge_chain_4k", ("HV0006", 283, 18), lambda: merge_chain(4_000)),
    Case("merge_chain_16k", ("HV0006", 283, 18), lambda: merge_chain(16_000)),
    Case("merge_non_map", ("HV0001", 3, 7), message="merge key"),
    Case("merge_duplicate", ("HV0002", 5, 3), message="duplicate key '<<'"),
    Case(
        "alias_count_flood",
        ("HV0006", 2, 4005),
        lambda: b"a: &a x\nb: [" + b", ".join([b"*a"] * 5_000) + b"]\n",
        message="more than 1000 aliases",
    ),
    # deep nesting, block and flow, closed and unclosed
    Case(
        "deep_flow_seq_100k",
        ("HV0006", 1, 67),
        lambda: b"a: " + b"[" * 100_000 + b"]" * 100_000,
        message="nesting deeper than 64",
    ),
    Case(
        "deep_flow_map_100k",
        ("HV0006", 1, 256),
        lambda: b"a: " + b"{a: " * 100_000 + b"}" * 100_000,
        message="nesting deeper than 64",
    ),
    Case("deep_flow_unclosed_1m", ("HV0006", 1, 67), lambda: b"a: " + b"[" * 1_000_000),
    Case("deep_block_map_300", ("HV0006", 65, 129), lambda: nested_block_map(300)),
    Case("deep_block_seq_300", ("HV0006", 65, 129), lambda: nested_block_seq(300)),
    # huge scalars, numbers, lines and files
    Case("int_5000_digits", ("HV0006", 1, 4), message="number literal of 5000 characters"),
    Case(
        "int_hex_500k_digits",
        ("HV0006", 1, 4),
        lambda: b"a: 0x" + b"f" * 500_000 + b"\n",
        message="scalar of 500002 characters",
    ),
    Case("int_bang_int_garbage", ("HV0001", 1, 4), message="not a valid !!int"),
    Case("float_inf_nan", ("HV0004", 6, 14), message="finite number"),
    Case("scalar_500k", ("HV0006", 1, 4), lambda: b"a: " + b"x" * 500_000 + b"\n"),
    Case(
        "scalar_500k_quoted_multiline",
        ("HV0006", 1, 4),
        lambda: b'a: "' + b"x \\\n  " * 100_000 + b'"\n',
    ),
    Case("long_line_spaces", ("HV0010", 1, 1), lambda: b"a: " + b" " * 900_000 + b"b\n"),
    Case("key_over_1024", ("HV0001", 1, 2001)),
    Case(
        "file_over_limit",
        ("HV0006", 1, 1),
        lambda: b"# padding\n" * (4 * MiB // 10 + 1),
        message="larger than 4194304 bytes",
    ),
    Case(
        "node_flood_at_limit",
        ("HV0006", 200_000, 3),
        lambda: _lines(300_000, "- x\n"),
        message="more than 200000 nodes",
    ),
    Case("flow_map_60k_keys", ("HV0010", 1, 1), lambda: flow_map_keys(60_000)),
    Case("comments_200k", ("HV0008", 1, 1), lambda: _lines(200_000, "# a comment\n")),
    Case("empty_lines_1m", None, lambda: with_blank_lines(1_000_000)),
    # many documents
    Case(
        "many_documents",
        ("HV0006", 2001, 1),
        lambda: _lines(20_000, "---\na: 1\n"),
        message="more than 1000 documents",
    ),
    Case("many_hosts_200", None, lambda: many_hosts(200)),
    Case("multi_doc_trailing_garbage", ("HV0001", 3, 1)),
    Case("empty_documents", ("HV0008", 3, 1), message="document is empty"),
    Case("empty", ("HV0008", 1, 1)),
    Case("only_comments", ("HV0008", 1, 1)),
    # wrong root type
    Case("toplevel_scalar", ("HV0004", 1, 1), message="got a string"),
    Case("toplevel_list", ("HV0004", 1, 1), message="got a sequence"),
    # binary, NUL, encodings
    Case("binary_elf", ("HV0007", 1, 8), message="NUL byte"),
    Case("char_nul", ("HV0007", 1, 5), message="NUL byte"),
    Case(
        "random_bytes",
        ("HV0007", 2, 57),
        lambda: bytes((i * 7919 + 13) % 256 for i in range(65_536)),
    ),
    Case("enc_latin1", ("HV0007", 1, 7), message="invalid UTF-8 (byte 0xe9)"),
    Case("enc_utf16le_bom", ("HV0007", 1, 1), message="UTF-16"),
    Case("enc_utf16be_bom", ("HV0007", 1, 1), message="UTF-16"),
    Case("enc_utf16le_nobom", ("HV0007", 1, 2), message="NUL byte"),
    Case("enc_utf32le_bom", ("HV0007", 1, 1), message="UTF-32"),
    Case("enc_bom_midfile", ("HV0007", 2, 1), message="U+FEFF"),
    Case("ok_utf8_bom", None),
    Case("ok_crlf", None),
    # control characters and bidirectional overrides, raw and escaped
    Case("char_raw_esc", ("HV0007", 1, 4), message="U+001B"),
    Case("char_raw_del", ("HV0007", 1, 5), message="U+007F"),
    Case("char_nel", ("HV0007", 1, 5), message="U+0085"),
    Case("char_line_separator", ("HV0007", 1, 5), message="U+2028"),
    Case("char_bidi_override_comment", ("HV0007", 1, 12), message="U+202E"),
    Case("char_escaped_esc", ("HV0007", 1, 4), message="even as an escape"),
    Case("char_escaped_nul", ("HV0007", 1, 4), message="U+0000"),
    Case("char_escaped_bidi", ("HV0007", 1, 4), message="U+202E"),
    Case("char_lone_surrogate", ("HV0001", 1, 7), message="invalid Unicode character escape"),
    # workflow-command injection: loads, and the output never starts a line with "::"
    Case("gha_workflow_command", ("HV0004", 11, 66)),
    # tabs
    Case("tab_indent", ("HV0001", 2, 1), message="tabs are not allowed for indentation"),
    Case("ok_tab_before_comment", None),
    # duplicate keys (compared after YAML 1.2 resolution) and anchors; complex keys
    Case("dup_key_plain", ("HV0002", 2, 1), message="first occurrence is at line 1"),
    Case("dup_key_int_hex", ("HV0002", 2, 1)),
    Case("dup_key_bool", ("HV0002", 2, 1)),
    Case("dup_key_null", ("HV0002", 2, 1)),
    Case(
        "dup_key_flood",
        ("HV0006", 102, 1),
        lambda: _lines(200_000, "a: 1\n"),
        message="more than 100 duplicate or complex keys",
    ),
    Case("dup_anchor", ("HV0001", 2, 4), message="defined twice"),
    Case("complex_key_seq", ("HV0001", 1, 3)),
    Case("complex_key_map", ("HV0001", 1, 3)),
    # tags: Python tags (never executed), local tags, %TAG directives, non-core types
    Case("tag_python_apply", ("HV0009", 1, 4)),
    Case("tag_python_name", ("HV0009", 1, 4)),
    Case("tag_python_new", ("HV0009", 1, 4)),
    Case("tag_directive_apply", ("HV0009", 3, 4)),
    Case("tag_verbatim_apply", ("HV0009", 1, 4)),
    Case("tag_directive_redefines_core", ("HV0009", 3, 4), message="tag:example.com"),
    Case("tag_local_map", ("HV0009", 1, 4), message="!Host"),
    Case("tag_local_scalar", ("HV0009", 1, 4), message="!Secret"),
    Case("tag_set", ("HV0009", 1, 4)),
    Case("tag_omap", ("HV0009", 1, 4)),
    Case("tag_binary", ("HV0009", 1, 4)),
    Case("tag_timestamp", ("HV0009", 1, 4)),
    Case("ok_tag_explicit_str", None),
    # YAML 1.1 is not spoken: directives are refused, 1.1 scalars load as YAML 1.2 strings
    Case("directive_yaml11", ("HV0001", 1, 1), message="%YAML 1.1"),
    Case("directive_yaml13", ("HV0001", 1, 1)),
    Case("directive_yaml20", ("HV0001", 1, 1)),
    Case("ok_yaml12_directive", None),
    Case("ok_yaml12_scalars", None),
    # plain syntax errors
    Case("syntax_unclosed_quote", ("HV0001", 3, 1)),
]

CASES_BY_NAME = {case.name: case for case in CASES}
