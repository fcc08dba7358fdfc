"""Loading: generated YAML round-trips exactly, generated hosts always load and check the same way
twice, and no mutation of a valid file makes hvcheck raise or report a position before 1:1."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from hvcheck.graph import build_graph
from hvcheck.loader import load_bytes, load_text
from hvcheck.model import parse_host
from hvcheck.reporters import render
from tests.strategies import PLAIN_DATA, dump_block, dump_json, hosts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "valid"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(a: Any, b: Any) -> bool:
    """Equal, with -0.0 == 0.0 and int/float kept apart (1 and 1.0 are different YAML)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and a == b


@FAST
@given(data=PLAIN_DATA, emitter=st.sampled_from(["json", "block"]))
def test_plain_data_round_trips(data: Any, emitter: str) -> None:
    text = {"json": dump_json, "block": dump_block}[emitter](data)
    result = load_text(text, "t.yaml")
    assert result.findings == [], (text, result.findings)
    [doc] = result.documents
    assert same(doc.data, data), text


@FAST
@given(host=hosts(), emitter=st.sampled_from(["json", "block"]), crlf=st.booleans())
def test_generated_hosts_load_and_check_deterministically(
    catalog: Catalog, host: dict[str, Any], emitter: str, crlf: bool
) -> None:
    text = dump_json(host) if emitter == "json" else dump_block(host)
    if crlf:
        text = text.replace("\n", "\r\n")
    first = check_text(text, "host.yaml", catalog)
    input_problems = [f for f in first.findings if f.code.startswith("HV00")]
    assert input_problems == [], (text, input_problems)
    assert first.hosts == [host["metadata"]["name"]]
    second = check_text(text, "host.yaml", catalog)
    assert second.findings == first.findings
    assert second.outcomes == first.outcomes
    docs = load_text(text, "host.yaml").documents
    parsed, problems = parse_host(docs[0], "host.yaml")
    assert parsed is not None and problems == []
    again, _ = parse_host(load_text(text, "host.yaml").documents[0], "host.yaml")
    assert again is not None
    assert render("graph", "json", build_graph(parsed)) == render(
        "graph", "json", build_graph(again)
    )


def _seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted(EXAMPLES.glob("*.yaml"))]


def mutate(data: bytes, rng: random.Random, rounds: int) -> bytes:
    """Byte flips, line deletions and duplications, indentation changes and key renames."""
    lines = data.split(b"\n")
    for _ in range(rounds):
        op = rng.randrange(7)
        i = rng.randrange(len(lines))
        line = lines[i]
        if op == 0 and line:  # flip a byte
            j = rng.randrange(len(line))
            lines[i] = line[:j] + bytes([rng.randrange(256)]) + line[j + 1 :]
        elif op == 1 and len(lines) > 1:  # delete a line
            del lines[i]
        elif op == 2:  # indent or dedent
            lines[i] = b"  " + line if rng.random() < 0.5 else line.lstrip(b" ")[: len(line)]
        elif op == 3 and b":" in line:  # rename a key
            key, _, rest = line.partition(b":")
            lines[i] = key.rstrip(b"abcdefghijklmnopqrstuvwxyz") + b"renamed:" + rest
        elif op == 4:  # duplicate a line
            lines.insert(i, line)
        elif op == 5:  # insert YAML punctuation
            j = rng.randrange(len(line) + 1)
            token = rng.choice([b"[", b"{", b"&a ", b"*a", b"!x ", b"\t", b"- ", b": ", b"'", b'"'])
            lines[i] = line[:j] + token + line[j:]
        else:  # truncate the file here
            lines = lines[: i + 1]
    return b"\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, 2), rounds=st.integers(1, 6))
def test_mutations_never_raise_and_positions_are_valid(
    catalog: Catalog, seed: int, which: int, rounds: int
) -> None:
    seeds = _seeds()
    data = mutate(seeds[which % len(seeds)], random.Random(seed), rounds)
    text = data.decode("utf-8", errors="surrogateescape")
    report = check_text(text, "mutant.yaml", catalog)
    line_count = len(text.splitlines()) + 1
    for finding in report.findings:
        assert finding.code != "HV0099", finding.message
        assert finding.span.line >= 1 and finding.span.column >= 1, finding
        assert finding.span.line <= line_count, finding
    for finding in load_bytes(data, "mutant.yaml").findings:
        assert finding.span.line >= 1 and finding.span.column >= 1, finding


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_round_trip_through_the_emitter(path: Path) -> None:
    [doc] = load_text(path.read_text(encoding="utf-8"), path.name).documents
    for text in (dump_json(doc.data), dump_block(doc.data)):
        [again] = load_text(text, "again.yaml").documents
        assert same(again.data, doc.data)
