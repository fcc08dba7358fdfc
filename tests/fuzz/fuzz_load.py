"""Coverage-guided fuzzing of the whole input path: bytes -> loader -> model -> graph -> rules -> reports.

The invariant: for any bytes, ``load_bytes`` + ``parse_host`` + every rule either return findings or
raise nothing; no rule crashes (an HV0099 internal-error finding counts as a crash); every finding has
a position of at least line 1, column 1; and every reporter renders the result (JSON parses).

Run with atheris (``pip install atheris``), see ``tests/fuzz/README.md``::

    python tests/fuzz/fuzz_load.py /tmp/hvcheck-corpus tests/fuzz/seeds examples/valid \
        -dict=tests/fuzz/yaml.dict -max_len=4096 -rss_limit_mb=1024 -timeout=10

Without atheris, ``python tests/fuzz/fuzz_load.py --random N`` runs N random mutations of the
seed files through the same target (slower, no coverage guidance).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_STATE: dict[str, Any] = {}


def _setup() -> None:
    import os

    from hvcheck.catalog import load_catalog
    from hvcheck.loader import load as load_module

    if os.environ.get("HVCHECK_FUZZ_PURE"):
        # Fuzz the fallback used where the C extension is missing: ruamel.yaml's pure parser.
        load_module._EVENTS = load_module._pure_events
    from hvcheck.engine import Options, select_rules
    from hvcheck.loader import Limits
    from hvcheck.reporters import render  # noqa: F401 - imported here so atheris instruments it

    # Small limits keep each execution fast; the limits themselves are part of what is fuzzed.
    limits = Limits(max_file_bytes=64 * 1024, max_nodes=200_000)
    options = Options(limits=limits)
    _STATE["catalog"] = load_catalog()
    _STATE["options"] = options
    _STATE["rules"] = [r() for r in select_rules(options)]


def check_bytes(data: bytes) -> None:
    """The fuzz target. Raises AssertionError (or anything else) only on a real bug."""
    from hvcheck.engine import check_loaded
    from hvcheck.loader import load_bytes
    from hvcheck.reporters import names, render
    from hvcheck.results import RunResult

    if not _STATE:
        _setup()
    options = _STATE["options"]
    loaded = load_bytes(data, "fuzz.yaml", options.limits)
    report = check_loaded(loaded, _STATE["catalog"], _STATE["rules"], options)
    for finding in report.findings:
        assert finding.code != "HV0099", f"internal error: {finding.message}"
        assert finding.span.line >= 1 and finding.span.column >= 1, finding
        assert finding.span.end_line >= finding.span.line, finding
    # Rendering costs more than checking (SARIF describes every rule), so every format renders
    # the first input and one in RENDER_EVERY after it; a reproduced crash input is always the first.
    count = _STATE["count"] = _STATE.get("count", 0) + 1
    if (count - 1) % RENDER_EVERY == 0:
        result = RunResult(files=[report])
        for name in names("check"):
            out = render("check", name, result)
            assert isinstance(out, str), name
            if name in ("json", "sarif", "gitlab"):
                json.loads(out)


RENDER_EVERY = 50


def _random_run(count: int) -> None:
    import random

    seeds = [p.read_bytes() for p in sorted((HERE / "seeds").glob("*.yaml"))]
    rng = random.Random(0)
    for i in range(count):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(4)
            pos = rng.randrange(len(data) + 1)
            if op == 0 and data:
                data[min(pos, len(data) - 1)] = rng.randrange(256)
            elif op == 1:
                data[pos:pos] = rng.choice(
                    [b"{", b"[", b"&a ", b"*a", b"\t", b"\n  ", b": ", b"- "]
                )
            elif op == 2 and data:
                del data[pos : pos + rng.randint(1, 16)]
            else:
                data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        try:
            check_bytes(bytes(data))
        except Exception:
            crash = Path(f"crash-mutation-{i}.yaml")
            crash.write_bytes(bytes(data))
            print(f"crash written to {crash}", file=sys.stderr)
            raise
    print(f"{count} mutations, no crash")


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "--random":
        _random_run(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
        return
    import os

    import atheris  # type: ignore[import-untyped]

    include = ["hvcheck"]
    if os.environ.get("HVCHECK_FUZZ_PURE"):
        include.append("ruamel")
    with atheris.instrument_imports(include=include):
        _setup()
    atheris.Setup(sys.argv, _save_crashes(check_bytes))
    atheris.Fuzz()


def _save_crashes(target: Any) -> Any:
    """Write a crashing input to ``$HVCHECK_FUZZ_ARTIFACTS`` (default: the current directory).

    libFuzzer writes crash files through sanitizer hooks that a pure-Python target may lack.
    """
    import hashlib
    import os

    def wrapped(data: bytes) -> None:
        try:
            target(data)
        except BaseException:
            folder = Path(os.environ.get("HVCHECK_FUZZ_ARTIFACTS", "."))
            name = folder / f"crash-{hashlib.sha1(data).hexdigest()}"
            name.write_bytes(data)
            print(f"\ncrashing input written to {name}", file=sys.stderr)
            raise

    return wrapped


if __name__ == "__main__":
    main()
