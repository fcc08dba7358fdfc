"""This checkout's ``hvcheck check`` against an earlier revision's, head to head on this machine.

Ratios to a reference (``run.py``) move with the machine; a change between two versions of hvcheck
is best measured by running both, in turn, on the same files at the same time. This script
extracts ``REVISION`` with ``git archive`` into a temporary directory, compiles both versions'
modules, and runs each command from each version alternately (each version with its own catalog
cache), keeping the fastest run of each and the largest peak RSS:

- ``--jobs 1`` and the default jobs over the generated corpus (``generate.py``);
- one generated file from a cold process;
- one host of 2,000 partitions and one of ``--huge`` partitions (``large_host_text``).

Usage: ``python benchmarks/versus.py d59d753 [--files 1000] [--repeat 3] [--huge 15000]``
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import write_apart  # noqa: E402

LIMITS = ["--max-file-bytes", "200000000", "--max-nodes", "20000000"]


@dataclass
class Version:
    """One version of hvcheck: where its sources are and where its catalog cache goes."""

    label: str
    root: Path
    cache: Path

    def run(self, args: list[str]) -> tuple[float, float]:
        """Wall seconds and peak RSS (MB) of ``hvcheck check ARGS`` run from this version."""
        env = dict(os.environ, PYTHONPATH=str(self.root), HVCHECK_CACHE_DIR=str(self.cache))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "hvcheck", "check", *args]
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        assert proc.stderr is not None
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        if code not in (0, 1):
            raise SystemExit(f"{self.label}: hvcheck check {' '.join(args)} exited {code}:\n{err}")
        return wall, usage.ru_maxrss / 1024


@dataclass
class Row:
    what: str
    args: list[str]
    wall: dict[str, float] = field(default_factory=dict)
    rss: dict[str, float] = field(default_factory=dict)


def extract(revision: str, into: Path) -> Path:
    """``revision``'s tree (hvcheck and its catalogs) in ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=REPO, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--huge", type=int, default=15000, help="0 leaves the huge host out")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "hvbench")
    args = parser.parse_args()
    work: Path = args.workdir
    corpus = work / f"n{args.files}"
    large = work / f"large-{args.large}.yaml"
    huge = work / f"huge-{args.huge}.yaml"
    write_apart(corpus, args.files, {large: args.large, **({huge: args.huge} if args.huge else {})})
    rows = [
        Row(
            f"`hvcheck check --jobs 1 $CORPUS` ({args.files:,} files)", ["--jobs", "1", str(corpus)]
        ),
        Row("`hvcheck check $CORPUS` (default jobs)", [str(corpus)]),
        Row(
            "`hvcheck check $CORPUS/d000/host-000000.yaml` (start-up)",
            [str(corpus / "d000" / "host-000000.yaml")],
        ),
        Row(f"large host, {args.large:,} partitions", [str(large)]),
    ]
    if args.huge:
        rows.append(Row(f"huge host, {args.huge:,} partitions", [*LIMITS, str(huge)]))
    with tempfile.TemporaryDirectory(prefix="hvcheck-versus-") as tmp:
        old = Version(args.revision, extract(args.revision, Path(tmp) / "old"), Path(tmp) / "c1")
        now = Version("now", REPO, Path(tmp) / "c2")
        for version in (old, now):
            compileall.compile_dir(str(version.root / "hvcheck"), quiet=1)
            version.run([str(corpus / "d000" / "host-000000.yaml")])  # fill the catalog cache
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            for row in rows:
                for version in (old, now):
                    wall, rss = version.run(row.args)
                    row.wall[version.label] = min(row.wall.get(version.label, wall), wall)
                    row.rss[version.label] = max(row.rss.get(version.label, rss), rss)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average {load:.2f} at the start; fastest of "
        f"{args.repeat} alternating runs; peak RSS the largest:\n"
    )
    print(f"| measurement | {args.revision} | now | change | peak RSS {args.revision} | now |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        before, after = row.wall[old.label], row.wall["now"]
        print(
            f"| {row.what} | {before:.2f} s | {after:.2f} s | {(after / before - 1) * 100:+.0f}% "
            f"| {row.rss[old.label]:.0f} MB | {row.rss['now']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
