"""Find rules whose cost grows faster than the host: time every rule on a host and on one k times larger.

For each architecture, a generated host is checked at two sizes (partitions, devices and virtual
devices all multiplied by ``--factor``); a rule whose time grows much more than ``factor`` times is
worse than O(V+E). Prints one Markdown table; the ``growth`` column should stay near ``factor``.

Usage: ``python benchmarks/rule_scaling.py [--partitions 200] [--factor 4] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import ARCHITECTURES, host_text
from hvcheck.catalog import load_catalog
from hvcheck.engine import Options, Statistics, check_loaded, select_rules
from hvcheck.loader import Limits, load_text


def rule_times(text: str, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Per-rule and per-phase seconds (the minimum over ``repeat`` runs) for one host."""
    catalog = load_catalog()
    options = Options(limits=Limits(max_file_bytes=1 << 30, max_nodes=1 << 30))
    rules = [r() for r in select_rules(options)]
    loaded = load_text(text, "host.yaml", options.limits)
    best_rules: dict[str, float] = {}
    best_phases: dict[str, float] = {}
    for _ in range(repeat):
        stats = Statistics()
        gc.disable()
        try:
            check_loaded(loaded, catalog, rules, options, stats=stats)
        finally:
            gc.enable()
        for code, seconds in stats.rules.items():
            best_rules[code] = min(best_rules.get(code, seconds), seconds)
        for phase, seconds in stats.phases.items():
            best_phases[phase] = min(best_phases.get(phase, seconds), seconds)
    return best_rules, best_phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--partitions", type=int, default=200)
    parser.add_argument("--factor", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=2.0, help="flag growth > factor x this")
    args = parser.parse_args()
    k = args.factor
    rows = []
    for arch in ARCHITECTURES:
        sizes = []
        for scale in (1, k):
            p = args.partitions * scale
            text = host_text(
                0,
                partitions=p,
                devices=2 * p,
                virtual_devices=5 * p,
                architecture=arch,
            )
            started = time.perf_counter()
            sizes.append((p, *rule_times(text, args.repeat)))
            print(
                f"{arch}: {p} partitions in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
        (_p1, small, small_phases), (_p2, large, large_phases) = sizes
        for name in ("graph", "validate"):
            a, b = small_phases.get(name, 0.0), large_phases.get(name, 0.0)
            rows.append((arch, f"({name})", a, b))
        for code in sorted(set(small) | set(large)):
            rows.append((arch, code, small.get(code, 0.0), large.get(code, 0.0)))
    print(
        f"| architecture | rule | ms at {args.partitions} partitions | ms at {args.partitions * k} | growth |"
    )
    print("|---|---|---:|---:|---:|")
    flagged = []
    for arch, code, a, b in rows:
        growth = b / a if a > 1e-5 else float("nan")
        mark = ""
        if a > 2e-4 and growth > k * args.threshold:
            mark = " **super-linear?**"
            flagged.append(f"{arch} {code}")
        print(f"| {arch} | {code} | {a * 1000:.2f} | {b * 1000:.2f} | {growth:.1f}x{mark} |")
    print()
    print(f"expected growth about {k}x; flagged: {', '.join(flagged) or 'none'}")


if __name__ == "__main__":
    main()
