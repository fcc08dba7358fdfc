"""hvcheck's performance, measured side by side with the parse floor and a schema validator.

Generates a deterministic corpus (``benchmarks/generate.py``), then times, in one run and with the
repetitions of compared commands interleaved:

- throughput: ``hvcheck check`` over N files against composing the same files with ruamel.yaml's C
  composer in one process (``benchmarks/compose.py``) and against ``check-jsonschema`` with
  hvcheck's own JSON Schema;
- start-up: ``hvcheck check one.yaml`` against ``check-jsonschema`` on the same file;
- scale: N and 10N files (time and peak RSS);
- parallelism: ``--jobs 1`` against the default (one worker per CPU);
- large hosts: 2,000 partitions, and a host whose graph has more than 100,000 nodes.

It prints a Markdown table of ratios (the figures are the minimum over the repetitions: the least
disturbed run on a shared machine) and writes it to ``--output`` if given.

Usage: ``python benchmarks/run.py --files 1000 [--repeat 3] [--scale] [--huge] [--output FILE]``
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import generate, large_host_text  # noqa: E402

PY = sys.executable
HVCHECK = [PY, "-m", "hvcheck", "check"]
JSONSCHEMA = [PY, "-m", "check_jsonschema", "--schemafile", str(REPO / "schemas/host.schema.json")]
COMPOSE = [PY, str(HERE / "compose.py")]


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    code: int


@dataclass
class Measured:
    label: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return min(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mb for s in self.samples)


def run_once(command: Sequence[str], ok_codes: tuple[int, ...] = (0, 1)) -> Sample:
    """Run ``command`` with output discarded; wall time, CPU (user+sys, children included), RSS."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(command[:6])} ... exited {proc.returncode}:\n{message}")
    # ru_maxrss is in KiB on Linux: the largest of the process and its waited-for children
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def compare(items: list[Measured], repeat: int) -> None:
    """Run every command ``repeat`` times, interleaved, so that machine noise hits all alike (the
    minimum is kept, so the first, cold run does not count unless it is the fastest)."""
    for _ in range(repeat):
        for item in items:
            item.samples.append(run_once(item.command))


def short(command: Sequence[str], files: str) -> str:
    """The command as a reader would type it."""
    text = " ".join(command)
    text = text.replace(f"{PY} -m check_jsonschema", "check-jsonschema")
    text = text.replace(f"{PY} -m hvcheck", "hvcheck").replace(f"{PY} ", "python ")
    text = text.replace(str(REPO) + "/", "")
    return text.replace(files, "$CORPUS")


def ensure_bytecode() -> None:
    """Compile hvcheck's modules, as pip does when it installs a wheel (so imports read .pyc)."""
    import compileall

    compileall.compile_dir(str(REPO / "hvcheck"), quiet=1)


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    versions = []
    for module in ("ruamel.yaml", "pydantic", "check_jsonschema"):
        try:
            from importlib.metadata import version

            versions.append(f"{module} {version(module.replace('_', '-'))}")
        except Exception:
            versions.append(f"{module} (not installed)")
    return (
        f"{cpus} CPUs ({model or platform.machine()}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {', '.join(versions)}; "
        f"load average at start {load:.2f}"
    )


def statistics_table(command: list[str]) -> str:
    proc = subprocess.run(
        [*command, "--statistics"], capture_output=True, text=True, cwd=REPO, check=False
    )
    lines = proc.stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("hvcheck statistics")), None)
    return "\n".join(lines[start:]) if start is not None else proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=1000, help="N, the corpus size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (minimum taken)")
    parser.add_argument("--startup-repeat", type=int, default=10)
    parser.add_argument("--scale", action="store_true", help="also check 10N files")
    parser.add_argument("--large", type=int, default=2000, help="partitions of the large host")
    parser.add_argument(
        "--huge", type=int, default=0, help="partitions of a host with >100k nodes (e.g. 15000)"
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "hvbench")
    parser.add_argument("--no-jsonschema", action="store_true")
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    args = parser.parse_args()

    if not args.no_jsonschema and shutil.which("check-jsonschema") is None:
        try:
            import check_jsonschema  # noqa: F401
        except ImportError:
            raise SystemExit(
                "check-jsonschema is not installed: pip install -e '.[bench]'"
            ) from None
    ensure_bytecode()
    work: Path = args.workdir
    n = args.files
    corpus = work / f"n{n}"
    generate(corpus, n)
    one = next(iter(sorted(corpus.rglob("*.yaml"))))
    files = str(corpus)
    out: list[str] = ["# hvcheck benchmark results", "", f"Machine: {machine()}.", ""]
    size = sum(p.stat().st_size for p in corpus.rglob("*.yaml"))
    out.append(
        f"Corpus: {n} generated host files ({size / n / 1024:.1f} KiB each on average; about "
        "40 devices, 20 partitions and 100 virtual devices per host; Hyper-V, ESXi and Virtual "
        f"Server in turn). Figures are the minimum of {args.repeat} interleaved runs "
        f"({args.startup_repeat} for start-up); CPU is user+sys of the process and its workers."
    )
    out.append("")
    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(what: str, m: Measured, ratio: str = "", target: str = "") -> None:
        rows.append(
            (
                what,
                f"`{short(m.command, files)}`",
                f"{m.wall:.3f}",
                f"{m.cpu:.3f}",
                f"{m.rss:.0f}",
                ratio + (f" ({target})" if target else ""),
            )
        )

    def verdict(value: float, limit: float) -> str:
        return "met" if value <= limit else "NOT met"

    # -- throughput --------------------------------------------------------------------------
    compose = Measured("compose", [*COMPOSE, files])
    hv = Measured("hvcheck", [*HVCHECK, files])
    hv1 = Measured("hvcheck --jobs 1", [*HVCHECK, "--jobs", "1", files])
    items = [compose, hv, hv1]
    cj = Measured(
        "check-jsonschema", [*JSONSCHEMA, *sorted(str(p) for p in corpus.rglob("*.yaml"))]
    )
    if not args.no_jsonschema:
        items.append(cj)
    compare(items, args.repeat)
    row(f"parse floor: compose {n} files", compose)
    r = hv.wall / compose.wall
    row(f"hvcheck, {n} files (default jobs)", hv, f"{r:.2f}x compose", f"≤ 1: {verdict(r, 1)}")
    r1 = hv1.wall / compose.wall
    row(f"hvcheck --jobs 1, {n} files", hv1, f"{r1:.2f}x compose")
    if not args.no_jsonschema:
        rcj = hv.wall / cj.wall
        row(f"check-jsonschema, {n} files", cj)
        rows.append(
            (
                "hvcheck vs check-jsonschema",
                "",
                "",
                "",
                "",
                f"{rcj:.2f}x (≤ 0.5: {verdict(rcj, 0.5)})",
            )
        )
    speedup = hv1.wall / hv.wall
    rows.append(("parallel speed-up", "", "", "", "", f"{speedup:.2f}x (--jobs 1 / default)"))

    # -- start-up ----------------------------------------------------------------------------
    s_hv = Measured("hvcheck one file", [*HVCHECK, str(one)])
    s_items = [s_hv]
    s_cj = Measured("check-jsonschema one file", [*JSONSCHEMA, str(one)])
    if not args.no_jsonschema:
        s_items.append(s_cj)
    compare(s_items, args.startup_repeat)
    if not args.no_jsonschema:
        rs = s_hv.wall / s_cj.wall
        row(
            "start-up: hvcheck, one file",
            s_hv,
            f"{rs:.2f}x check-jsonschema",
            f"≤ 1: {verdict(rs, 1)}",
        )
        row("start-up: check-jsonschema, one file", s_cj)
    else:
        row("start-up: hvcheck, one file", s_hv)

    # -- scale -------------------------------------------------------------------------------
    if args.scale:
        big = work / f"n{10 * n}"
        generate(big, 10 * n)
        ten = Measured("hvcheck --jobs 1, 10N", [*HVCHECK, "--jobs", "1", str(big)])
        ten_par = Measured("hvcheck, 10N", [*HVCHECK, str(big)])
        compare([ten, ten_par], max(1, args.repeat - 1))
        rt = ten.wall / hv1.wall
        row(
            f"scale: hvcheck --jobs 1, {10 * n} files",
            ten,
            f"{rt:.2f}x {n} files",
            f"≤ 11: {verdict(rt, 11)}",
        )
        rt2 = ten_par.wall / hv.wall
        row(
            f"scale: hvcheck, {10 * n} files",
            ten_par,
            f"{rt2:.2f}x {n} files",
            f"≤ 11: {verdict(rt2, 11)}",
        )
        rss = ten.rss / hv1.rss
        rows.append(
            (
                "peak RSS, 10N vs N (--jobs 1)",
                "",
                "",
                "",
                "",
                f"{rss:.2f}x ({ten.rss:.0f} MB ≤ 300: {verdict(ten.rss, 300)})",
            )
        )

    # -- large hosts -------------------------------------------------------------------------
    large = work / f"large-{args.large}.yaml"
    if not large.exists():
        large.write_text(large_host_text(args.large), encoding="utf-8")
    l_compose = Measured("compose large", [*COMPOSE, str(large)])
    l_hv = Measured("hvcheck large", [*HVCHECK, str(large)])
    compare([l_compose, l_hv], args.repeat)
    mib = large.stat().st_size / 2**20
    row(f"large host: compose ({args.large} partitions, {mib:.1f} MiB)", l_compose)
    rl = l_hv.wall / l_compose.wall
    row(f"large host: hvcheck ({args.large} partitions)", l_hv, f"{rl:.2f}x compose")
    if args.huge:
        huge = work / f"huge-{args.huge}.yaml"
        if not huge.exists():
            huge.write_text(large_host_text(args.huge), encoding="utf-8")
        limits = ["--max-file-bytes", "200000000", "--max-nodes", "20000000"]
        h_compose = Measured("compose huge", [*COMPOSE, str(huge)])
        h_hv = Measured("hvcheck huge", [*HVCHECK, *limits, str(huge)])
        compare([h_compose, h_hv], 1)
        nodes = huge_nodes(huge)
        hmib = huge.stat().st_size / 2**20
        row(f"huge host: compose ({args.huge} partitions, {hmib:.1f} MiB)", h_compose)
        rh = h_hv.wall / h_compose.wall
        row(f"huge host: hvcheck ({nodes:,} graph nodes)", h_hv, f"{rh:.2f}x compose")

    out.append("| measurement | command | wall s | CPU s | peak RSS MB | ratio (target) |")
    out.append("|---|---|---:|---:|---:|---|")
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    out.append("")
    out.append(f"Where the time goes (`{short([*HVCHECK, '--statistics', files], files)}`):")
    out.append("")
    out.append("```text")
    out.append(statistics_table([*HVCHECK, files]))
    out.append("```")
    text = "\n".join(out) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


def huge_nodes(path: Path) -> int:
    """Graph nodes of the host in ``path`` (loaded in this process)."""
    from hvcheck.graph import build_graph
    from hvcheck.loader import Limits, load_file
    from hvcheck.model import parse_host

    loaded = load_file(str(path), Limits(max_file_bytes=200_000_000, max_nodes=20_000_000))
    parsed, _ = parse_host(loaded.documents[0], str(path))
    assert parsed is not None
    return len(build_graph(parsed).nodes)


if __name__ == "__main__":
    main()
