"""Every input limit: exactly at the limit loads, one past it is an HV0006 finding at a position,
and raising the limit (on the command line where it has an option) lets a legitimate file through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from hvcheck.findings import Finding
from hvcheck.loader import Limits, load_bytes, load_text
from tests.hostile.cases import VALID, nested_block_map, nested_block_seq
from tests.hostile.harness import ForkServer


def findings(text: str, **limits: int) -> list[Finding]:
    return load_text(text, "t.yaml", Limits(**limits)).findings


def limit_hit(found: list[Finding]) -> Finding:
    [finding] = found
    assert finding.code == "HV0006", finding
    assert finding.span.line >= 1 and finding.span.column >= 1
    return finding


# --- depth: 63 / 64 / 65 for block and flow, mappings and sequences -------------------------------


def flow_seq(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def flow_map(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth + "\n"


def block_map(depth: int) -> str:
    return nested_block_map(depth).decode()


def block_seq(depth: int) -> str:
    return nested_block_seq(depth).decode()


STYLES: dict[str, Callable[[int], str]] = {
    "flow-seq": flow_seq,
    "flow-map": flow_map,
    "block-map": block_map,
    "block-seq": block_seq,
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("depth", [63, 64, 65])
def test_depth_boundary(style: str, depth: int) -> None:
    found = findings(STYLES[style](depth))
    if depth <= 64:
        assert found == []
    else:
        finding = limit_hit(found)
        assert "nesting deeper than 64 levels" in finding.message


@pytest.mark.parametrize("style", STYLES)
def test_depth_limit_position_is_the_first_collection_too_deep(style: str) -> None:
    finding = limit_hit(findings(STYLES[style](10), max_depth=5))
    expected = {
        "flow-seq": (1, 6),
        "flow-map": (1, 21),
        "block-map": (6, 11),
        "block-seq": (6, 11),
    }[style]
    assert (finding.span.line, finding.span.column) == expected


def test_raising_the_depth_limit_lets_deep_input_through() -> None:
    assert limit_hit(findings(flow_seq(200)))
    assert findings(flow_seq(200), max_depth=200) == []


# --- aliases, expanded nodes ---------------------------------------------------------------------


def aliases(n: int) -> str:
    return "a: &a x\nb: [" + ", ".join(["*a"] * n) + "]\n"


def test_alias_count_boundary() -> None:
    assert findings(aliases(10), max_aliases=10) == []
    finding = limit_hit(findings(aliases(11), max_aliases=10))
    assert (finding.span.line, finding.span.column) == (2, 45)
    assert "more than 10 aliases" in finding.message
    assert limit_hit(findings(aliases(1), max_aliases=0))


def test_node_count_boundary() -> None:
    # root mapping + key + sequence + n items = n + 3 nodes
    assert findings("a: [" + "1," * 97 + "]\n", max_nodes=100) == []
    finding = limit_hit(findings("a: [" + "1," * 98 + "]\n", max_nodes=100))
    assert (finding.span.line, finding.span.column) == (1, 199)


def test_expanded_nodes_count_every_alias_use() -> None:
    # the anchored sequence has 4 nodes; root + 2 keys + 4 + alias(4) = 11
    text = "a: &a [1, 2, 3]\nb: *a\n"
    assert findings(text, max_nodes=11) == []
    finding = limit_hit(findings(text, max_nodes=10))
    assert (finding.span.line, finding.span.column) == (2, 4)


def test_merge_keys_count_the_merged_entries() -> None:
    text = "base: &b {x: 1, y: 2}\nnode: {<<: *b, z: 3}\n"
    assert load_text(text, "t.yaml").documents[0].data["node"] == {"z": 3, "x": 1, "y": 2}
    assert findings(text, max_nodes=100) == []
    assert limit_hit(findings(text, max_nodes=15))


def test_legitimate_merge_keys_in_500_hosts_load() -> None:
    text = "defaults: &d {vcpus: 2, memory_mb: 4096, os: linux}\nvms:\n" + "".join(
        f"  - {{<<: *d, id: vm{i}}}\n" for i in range(500)
    )
    result = load_text(text, "t.yaml")
    assert result.findings == []
    assert result.documents[0].data["vms"][499] == {
        "id": "vm499",
        "vcpus": 2,
        "memory_mb": 4096,
        "os": "linux",
    }


# --- scalar and number length ----------------------------------------------------------------------


@pytest.mark.parametrize("style", ["{}", "'{}'", '"{}"', "|-\n  {}"])
def test_scalar_length_boundary(style: str) -> None:
    assert findings("a: " + style.format("x" * 50) + "\n", max_scalar_chars=50) == []
    finding = limit_hit(findings("a: " + style.format("x" * 51) + "\n", max_scalar_chars=50))
    assert "scalar of 51 characters exceeds 50" in finding.message


def test_number_length_boundary() -> None:
    assert load_text("a: " + "9" * 40, "t.yaml").documents[0].data == {"a": int("9" * 40)}
    finding = limit_hit(findings("a: " + "9" * 41))
    assert (finding.span.line, finding.span.column) == (1, 4)
    assert findings('a: "' + "9" * 41 + '"') == []  # quoted: a string, no limit
    assert limit_hit(findings("a: 0x" + "f" * 39))
    assert limit_hit(findings("a: 1." + "5" * 39))


# --- file size, documents, problems -------------------------------------------------------------


def test_file_size_boundary(tmp_path: Path) -> None:
    data = b"a: 1\n" + b"#" * 59  # 64 bytes
    assert load_bytes(data, "t.yaml", Limits(max_file_bytes=64)).findings == []
    finding = limit_hit(load_bytes(data + b"\n", "t.yaml", Limits(max_file_bytes=64)).findings)
    assert (finding.span.line, finding.span.column) == (1, 1)
    from hvcheck.loader import load_file

    path = tmp_path / "t.yaml"
    path.write_bytes(data + b"\n" * 1000)
    assert limit_hit(load_file(str(path), Limits(max_file_bytes=64)).findings)


def test_document_count_boundary() -> None:
    assert findings("---\na: 1\n" * 3, max_documents=3) == []
    finding = limit_hit(findings("---\na: 1\n" * 4, max_documents=3))
    assert (finding.span.line, finding.span.column) == (7, 1)


def test_problem_count_boundary() -> None:
    text = "a: 1\n" * 11  # ten duplicates
    assert [f.code for f in findings(text, max_problems=10)] == ["HV0002"] * 10
    found = findings(text + "a: 1\n", max_problems=10)
    assert [f.code for f in found] == ["HV0002"] * 10 + ["HV0006"]
    assert found[-1].span.line == 12


def test_every_limit_has_a_boundary_test() -> None:
    tested = {
        "max_file_bytes",
        "max_depth",
        "max_aliases",
        "max_nodes",
        "max_scalar_chars",
        "max_number_chars",
        "max_documents",
        "max_problems",
    }
    assert {f.name for f in fields(Limits)} == tested


# --- through the command line: reaching a limit is a finding, raising it lets a file through ------


def big_labels(n: int, alias: bool = False) -> str:
    if alias:
        labels = "    l0: &v value\n" + "".join(f"    l{i}: *v\n" for i in range(1, n))
    else:
        labels = "".join(f"    l{i}: v\n" for i in range(n))
    return VALID.replace(
        "metadata: {name: esx01}", "metadata:\n  name: esx01\n  labels:\n" + labels
    )


def codes(out: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in out.splitlines() if ": HV" in line]


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if " error " in line]


@pytest.mark.parametrize(
    ("option", "low", "text"),
    [
        ("--max-file-bytes", "100", VALID),
        ("--max-depth", "2", VALID),
        ("--max-aliases", "0", VALID.replace("name: esx01}", "name: &n esx01}\n# *n") + "x: *n\n"),
        ("--max-nodes", "10", VALID),
        ("--max-scalar-chars", "5", VALID),
    ],
)
def test_cli_limit_reached_is_a_finding(
    server: ForkServer, tmp_path: Path, option: str, low: str, text: str
) -> None:
    (tmp_path / "host.yaml").write_text(text, encoding="utf-8")
    run = server.run("check", "--format", "concise", option, low, "host.yaml", cwd=tmp_path)
    run.check_contract()
    assert run.code == 1
    assert "HV0006" in codes(run.out), run.out
    assert option in run.out  # the message names the option that raises the limit


def test_cli_raising_limits_lets_legitimate_big_files_through(
    server: ForkServer, tmp_path: Path
) -> None:
    # more than the default file size, in comments: the file is fine once the limit allows it
    padded = VALID + "# padding\n" * 450_000
    (tmp_path / "padded.yaml").write_text(padded, encoding="utf-8")
    # 1,500 aliases: over the default 1,000
    (tmp_path / "aliases.yaml").write_text(big_labels(1_500, alias=True), encoding="utf-8")
    # 30,000 labels (about 60,000 nodes): over a lowered node limit, within a raised one (going
    # over the default 200,000 takes a 1.4 MB file, which costs seconds and shows nothing more)
    (tmp_path / "nodes.yaml").write_text(big_labels(30_000), encoding="utf-8")
    # a 70,000-character description: over the default 65,536
    long = VALID.replace("name: esx01}", "name: esx01, description: " + "x" * 70_000 + "}")
    (tmp_path / "long.yaml").write_text(long, encoding="utf-8")
    for name, low, high in [
        ("padded.yaml", [], ["--max-file-bytes", str(8 * 1024 * 1024)]),
        ("aliases.yaml", [], ["--max-aliases", "2000"]),
        ("nodes.yaml", ["--max-nodes", "50000"], ["--max-nodes", "100000"]),
        ("long.yaml", [], ["--max-scalar-chars", "100000"]),
    ]:
        before = server.run("check", "--format", "concise", *low, name, cwd=tmp_path)
        before.check_contract()
        assert before.code == 1 and "HV0006" in codes(before.out), (name, before.out[-500:])
        after = server.run("check", "--format", "concise", *high, name, cwd=tmp_path)
        after.check_contract()
        assert after.code == 0, (name, after.summary(), errors(after.out))
        assert "HV0006" not in codes(after.out)
