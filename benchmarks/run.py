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
import importlib.util
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

from benchmarks.generate import write_apart  # noqa: E402

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
    if text.count(".yaml ") > 3:  # check-jsonschema is given the files one by one
        text = text[: text.index(files)] + "$CORPUS/*/*.yaml"
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
        [*command, "--timings"], capture_output=True, text=True, cwd=REPO, check=False
    )
    lines = proc.stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("hvcheck timings")), None)
    return "\n".join(lines[start:]) if start is not None else proc.stderr


Row = tuple[str, str, str, str, str, str]


class Report:
    """The rows of the results table."""

    def __init__(self, files: str) -> None:
        self.files = files
        self.rows: list[Row] = []

    def add(self, what: str, m: Measured, ratio: str = "") -> None:
        cmd = f"`{short(m.command, self.files)}`"
        self.rows.append((what, cmd, f"{m.wall:.3f}", f"{m.cpu:.3f}", f"{m.rss:.0f}", ratio))

    def note(self, what: str, ratio: str) -> None:
        self.rows.append((what, "", "", "", "", ratio))


def verdict(value: float, limit: float, label: str) -> str:
    return f"{value:.2f}x {label} (target <= {limit:g}: {'met' if value <= limit else 'NOT met'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=1000, help="N, the corpus size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (minimum taken)")
    parser.add_argument("--startup-repeat", type=int, default=10)
    parser.add_argument("--large", type=int, default=2000, help="partitions of the large host")
    parser.add_argument(
        "--huge", type=int, default=15000, help="partitions of a host with >100k graph nodes"
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "hvbench")
    parser.add_argument("--no-jsonschema", action="store_true")
    parser.add_argument(
        "--examples", type=int, default=600, help="files in the replicated-examples corpus"
    )
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    parser.add_argument(
        "--groups",
        default="throughput,startup,large,statistics",
        help=(
            "comma-separated, from: throughput, startup, scale, large, statistics, "
            "examples (the bundled valid examples replicated), cold (one file against yamllint)"
        ),
    )
    args = parser.parse_args()
    groups = set(args.groups.split(","))
    needs_jsonschema = not args.no_jsonschema and bool({"throughput", "startup"} & groups)
    # found, not imported: this process stays small (see write_apart in generate.py)
    if needs_jsonschema and importlib.util.find_spec("check_jsonschema") is None:
        raise SystemExit("check-jsonschema is missing: pip install -e '.[bench]'")
    ensure_bytecode()
    work: Path = args.workdir
    n = args.files
    corpus = work / f"n{n}"
    write_apart(corpus, n, {})
    files = str(corpus)
    size = sum(p.stat().st_size for p in corpus.rglob("*.yaml"))
    out: list[str] = ["# hvcheck benchmark results", "", f"Machine: {machine()}.", ""]
    out.append(
        f"Corpus: {n} generated host files ({size / n / 1024:.1f} KiB each on average; about "
        "40 devices, 20 partitions and 100 virtual devices per host; Hyper-V, ESXi and Virtual "
        f"Server in turn). Figures are the minimum of {args.repeat} interleaved runs "
        f"({args.startup_repeat} for start-up); CPU is user+sys of the process and its workers; "
        "peak RSS is the largest single process."
    )
    out.append("")
    report = Report(files)
    if "throughput" in groups:
        throughput(args, corpus, report)
    if "startup" in groups:
        startup(args, corpus, report)
    if "scale" in groups:
        scale(args, work, report)
    if "large" in groups:
        large_hosts(args, work, report)
    if "examples" in groups:
        examples(args, work, report)
    if "cold" in groups:
        cold_start(args, report)
    out.append("| measurement | command | wall s | CPU s | peak RSS MB | ratio |")
    out.append("|---|---|---:|---:|---:|---|")
    out.extend("| " + " | ".join(r) + " |" for r in report.rows)
    out.append("")
    if "statistics" in groups:
        out.append(f"Where the time goes (`{short([*HVCHECK, '--timings', files], files)}`):")
        out.append("")
        out.append("```text")
        out.append(statistics_table([*HVCHECK, files]))
        out.append("```")
    text = "\n".join(out) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


def throughput(args: argparse.Namespace, corpus: Path, report: Report) -> None:
    files = str(corpus)
    n = args.files
    compose = Measured("compose", [*COMPOSE, files])
    hv = Measured("hvcheck", [*HVCHECK, files])
    hv1 = Measured("hvcheck --jobs 1", [*HVCHECK, "--jobs", "1", files])
    every = sorted(str(p) for p in corpus.rglob("*.yaml"))
    cj = Measured("check-jsonschema", [*JSONSCHEMA, *every])
    items = [compose, hv, hv1] + ([] if args.no_jsonschema else [cj])
    compare(items, args.repeat)
    report.add(f"parse floor: compose {n} files", compose)
    report.add(
        f"hvcheck, {n} files (default: all CPUs)", hv, verdict(hv.wall / compose.wall, 1, "compose")
    )
    report.add(f"hvcheck --jobs 1, {n} files", hv1, f"{hv1.wall / compose.wall:.2f}x compose")
    if not args.no_jsonschema:
        report.add(f"check-jsonschema, {n} files", cj)
        report.note(
            "hvcheck vs check-jsonschema", verdict(hv.wall / cj.wall, 0.5, "check-jsonschema")
        )
    report.note("parallel speed-up", f"{hv1.wall / hv.wall:.2f}x (--jobs 1 wall / default wall)")


def startup(args: argparse.Namespace, corpus: Path, report: Report) -> None:
    one = str(sorted(corpus.rglob("*.yaml"))[0])
    s_hv = Measured("hvcheck one file", [*HVCHECK, one])
    s_cj = Measured("check-jsonschema one file", [*JSONSCHEMA, one])
    compare([s_hv] + ([] if args.no_jsonschema else [s_cj]), args.startup_repeat)
    if args.no_jsonschema:
        report.add("start-up: hvcheck, one file", s_hv)
        return
    report.add(
        "start-up: hvcheck, one file", s_hv, verdict(s_hv.wall / s_cj.wall, 1, "check-jsonschema")
    )
    report.add("start-up: check-jsonschema, one file", s_cj)


def scale(args: argparse.Namespace, work: Path, report: Report) -> None:
    n = args.files
    small, big = work / f"n{n}", work / f"n{10 * n}"
    write_apart(big, 10 * n, {})
    one_small = Measured("N", [*HVCHECK, "--jobs", "1", str(small)])
    one_big = Measured("10N", [*HVCHECK, "--jobs", "1", str(big)])
    par_small = Measured("N", [*HVCHECK, str(small)])
    par_big = Measured("10N", [*HVCHECK, str(big)])
    compare([one_small, one_big, par_small, par_big], max(1, args.repeat - 1))
    report.add(f"scale: hvcheck --jobs 1, {n} files", one_small)
    report.add(
        f"scale: hvcheck --jobs 1, {10 * n} files",
        one_big,
        verdict(one_big.wall / one_small.wall, 11, f"{n} files"),
    )
    report.add(f"scale: hvcheck, {n} files", par_small)
    report.add(
        f"scale: hvcheck, {10 * n} files",
        par_big,
        verdict(par_big.wall / par_small.wall, 11, f"{n} files"),
    )
    report.note(
        f"peak RSS, {10 * n} vs {n} files (--jobs 1)",
        f"{one_big.rss / one_small.rss:.2f}x; {one_big.rss:.0f} MB (target <= 300: "
        f"{'met' if one_big.rss <= 300 else 'NOT met'})",
    )


def large_hosts(args: argparse.Namespace, work: Path, report: Report) -> None:
    large = work / f"large-{args.large}.yaml"
    write_apart(None, 0, {large: args.large})
    l_compose = Measured("compose large", [*COMPOSE, str(large)])
    l_hv = Measured("hvcheck large", [*HVCHECK, str(large)])
    compare([l_compose, l_hv], args.repeat)
    mib = large.stat().st_size / 2**20
    report.add(f"large host: compose ({args.large} partitions, {mib:.1f} MiB)", l_compose)
    report.add(
        f"large host: hvcheck ({args.large} partitions)",
        l_hv,
        f"{l_hv.wall / l_compose.wall:.2f}x compose",
    )
    if not args.huge:
        return
    huge = work / f"huge-{args.huge}.yaml"
    write_apart(None, 0, {huge: args.huge})
    limits = ["--max-file-bytes", "200000000", "--max-nodes", "20000000"]
    h_compose = Measured("compose huge", [*COMPOSE, str(huge)])
    h_hv = Measured("hvcheck huge", [*HVCHECK, *limits, str(huge)])
    compare([h_compose, h_hv], 1)
    hmib = huge.stat().st_size / 2**20
    report.add(f"huge host: compose ({args.huge} partitions, {hmib:.1f} MiB)", h_compose)
    report.add(
        f"huge host: hvcheck ({huge_nodes(huge):,} graph nodes)",
        h_hv,
        f"{h_hv.wall / h_compose.wall:.2f}x compose",
    )


EXAMPLE_FILES = sorted((REPO / "examples" / "valid").glob("*.yaml"))
COLD_FILE = REPO / "examples" / "valid" / "hyperv-2022.yaml"


def replicate_examples(target: Path, count: int) -> Path:
    """``count`` files cycling through the bundled valid examples, 100 to a directory."""
    if target.is_dir():
        shutil.rmtree(target)  # the examples change: always copy the current ones
    for i in range(count):
        source = EXAMPLE_FILES[i % len(EXAMPLE_FILES)]
        path = target / f"d{i // 100:03d}" / f"{i:05d}-{source.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
    return target


def examples(args: argparse.Namespace, work: Path, report: Report) -> None:
    """The bundled clean examples replicated: small, realistic files, every architecture."""
    corpus = replicate_examples(work / f"examples-{args.examples}", args.examples)
    compose = Measured("compose", [*COMPOSE, str(corpus)])
    hv1 = Measured("hvcheck --jobs 1", [*HVCHECK, "--jobs", "1", str(corpus)])
    hv = Measured("hvcheck", [*HVCHECK, str(corpus)])
    compare([compose, hv1, hv], args.repeat)
    n = args.examples
    where = f"{n} copies of examples/valid"
    report.add(f"parse floor: compose {where}", compose)
    report.add(f"hvcheck --jobs 1, {where}", hv1, verdict(hv1.wall / compose.wall, 1.5, "compose"))
    report.add(
        f"hvcheck (default jobs), {where}", hv, verdict(hv.wall / compose.wall, 1.0, "compose")
    )


def cold_start(args: argparse.Namespace, report: Report) -> None:
    """One file, a fresh process each time: hvcheck against yamllint, the linter users know."""
    if importlib.util.find_spec("yamllint") is None:
        raise SystemExit("yamllint is missing: pip install -e '.[bench]'")
    hv = Measured("hvcheck one file", [*HVCHECK, str(COLD_FILE)])
    yl = Measured("yamllint one file", [PY, "-m", "yamllint", str(COLD_FILE)])
    compare([hv, yl], args.startup_repeat)
    report.add("cold start: hvcheck, one example", hv, verdict(hv.wall / yl.wall, 3.5, "yamllint"))
    report.add("cold start: yamllint, the same file", yl)


def huge_nodes(path: Path) -> int:
    """Graph nodes of the host in ``path``, counted by a child process (see ``write_apart``: this
    process stays small so that its children's peak RSS is their own)."""
    code = (
        "import sys; from hvcheck.graph import build_graph; "
        "from hvcheck.loader import Limits, load_file; from hvcheck.model import parse_host; "
        "loaded = load_file(sys.argv[1], Limits(max_file_bytes=200_000_000, max_nodes=20_000_000)); "
        "parsed, _ = parse_host(loaded.documents[0], sys.argv[1]); "
        "print(len(build_graph(parsed).nodes))"
    )
    proc = subprocess.run(
        [PY, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO, check=True
    )
    return int(proc.stdout)


if __name__ == "__main__":
    main()
