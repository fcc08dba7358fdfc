"""Does checking get slower, or take more memory, as a run goes on? Time each block of files in one
long run.

``hvcheck check --jobs 1`` over 10N files compared with N files (``run.py --groups scale``) mixes
two things: whether the per-file cost grows during a run, and how much the machine's speed drifts
between a five-minute run and a thirty-second one (on a shared VM, easily 10%). This script
separates them: it checks the files in one process exactly as ``check --jobs 1`` does (one checker,
one run result that keeps every report, spilling beyond its budget) and prints the CPU seconds and
peak RSS after every block of ``--block`` files, then renders the text report to /dev/null. If the
per-file cost does not grow, the last blocks cost what the first ones do.

Usage: ``python benchmarks/scale_blocks.py CORPUS_DIR [--block 1000]``
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hvcheck.catalog import load_catalog
from hvcheck.engine import Checker as _Checker
from hvcheck.engine import Options
from hvcheck.engine.discover import discover
from hvcheck.reporters.check.text import stream
from hvcheck.results import RunResult


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--block", type=int, default=1000)
    args = parser.parse_args()
    files, errors = discover([str(args.corpus)])
    if errors or not files:
        sys.exit(f"scale_blocks: no files to check under {args.corpus}: {errors}")
    catalog = load_catalog()
    checker = _Checker()
    result = RunResult()
    options = Options()
    blocks: list[tuple[int, float, int]] = []
    mark = time.process_time()
    for i, path in enumerate(files, 1):
        outcome = checker.check_file(path, options, catalog)
        if isinstance(outcome, str):
            sys.exit(f"scale_blocks: {outcome}")
        result.files.append(outcome)
        if i % args.block == 0 or i == len(files):
            now = time.process_time()
            blocks.append((i, now - mark, _peak_mb()))
            mark = now
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.writelines(stream(result))
    report = time.process_time() - mark
    print("| files checked | CPU s for the block | CPU ms per file | peak RSS MB |")
    print("|---:|---:|---:|---:|")
    done = 0
    for i, seconds, peak in blocks:
        print(f"| {i:,} | {seconds:.1f} | {1000 * seconds / (i - done):.1f} | {peak} |")
        done = i
    full = [b for b in blocks if b[0] % args.block == 0]
    half = len(full) // 2
    if half:
        first = sum(s for _, s, _ in full[:half])
        last = sum(s for _, s, _ in full[-half:])
        print(
            f"\nlast {half} blocks / first {half} blocks: {last / first:.2f}x CPU; text report "
            f"of {sum(result.counts().values()):,} findings: {report:.1f} s CPU; "
            f"peak RSS {_peak_mb()} MB; reports spilled to disk: {result.files.spilled}"
        )


if __name__ == "__main__":
    main()
