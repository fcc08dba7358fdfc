"""Work grows linearly with the input: importers, cluster checks and configuration validation, each
timed at 1x, 10x and 100x its base size.

Each case writes one input of the given size and times one command on it in a fresh process (the
minimum of ``--repeat`` runs). The ratios compare the command's own work (its time less the
start-up of ``hvcheck --version``, measured alone): linear work gives about 10 and 100, quadratic
work about 100 and 10,000.

Usage: ``python benchmarks/linear.py [--repeat 3] [--output FILE]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURES = REPO / "tests" / "importers" / "fixtures"
PY = sys.executable

Case = tuple[str, int, Callable[[Path, int], list[str]]]


def libvirt(work: Path, n: int) -> list[str]:
    xml = (FIXTURES / "libvirt" / "web01.xml").read_text()
    nics = "".join(
        f"<interface type='network'><source network='n{i}'/><model type='virtio'/></interface>"
        for i in range(n)
    )
    path = work / "many.xml"
    path.write_text(xml.replace("</devices>", nics + "</devices>", 1))
    return ["import", "libvirt", str(path)]


def vmx(work: Path, n: int) -> list[str]:
    lines = [
        'config.version = "8"',
        'virtualHW.version = "19"',
        'guestOS = "ubuntu-64"',
        'displayName = "many"',
    ]
    for i in range(n):
        lines += [f'ethernet{i}.present = "TRUE"', f'ethernet{i}.virtualDev = "vmxnet3"']
    path = work / "many.vmx"
    path.write_text("\n".join(lines) + "\n")
    return ["import", "vmx", str(path)]


def xl(work: Path, n: int) -> list[str]:
    vifs = ", ".join(
        f"'mac=00:16:3e:00:{i // 256 % 256:02x}:{i % 256:02x},bridge=br0'" for i in range(n)
    )
    path = work / "many.cfg"
    path.write_text(f'name = "many"\ntype = "pvh"\nmemory = 1024\nvif = [{vifs}]\n')
    return ["import", "xl", str(path)]


def cluster(work: Path, n: int) -> list[str]:
    host = (REPO / "examples" / "valid" / "hyperv-2022.yaml").read_text()
    (work / "h.yaml").write_text(host)
    members = "".join("    - {host: hv-prod-01, file: h.yaml}\n" for _ in range(n))
    path = work / "cluster.yaml"
    path.write_text(
        "apiVersion: hvcheck/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  members:\n" + members
    )
    return ["check", "--jobs", "1", str(path)]


def pyproject(work: Path, n: int) -> list[str]:
    keys = "".join(f"unknown_{i} = 1\n" for i in range(n))
    (work / "pyproject.toml").write_text("[tool.hvcheck]\n" + keys)
    (work / "h.yaml").write_text((REPO / "examples" / "valid" / "hyperv-2022.yaml").read_text())
    return ["check", str(work / "h.yaml")]


CASES: list[Case] = [
    ("libvirt import, interfaces", 160, libvirt),
    (".vmx import, NICs", 60, vmx),
    ("xl import, vifs", 160, xl),
    ("cluster members naming one host file", 2, cluster),
    ("[tool.hvcheck] unknown keys", 200, pyproject),
]


def timed(args: list[str], cwd: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [PY, "-m", "hvcheck", *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    rows = [
        "| input (sizes) | 1x | 10x | 100x | work 10x / 1x | work 100x / 1x |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        start = timed(["--version"], empty, args.repeat)
        for title, base, make in CASES:
            times = []
            for factor in (1, 10, 100):
                work = Path(tmp) / f"{make.__name__}-{factor}"
                work.mkdir()
                times.append(timed(make(work, base * factor), work, args.repeat))
            label = f"{title} ({base}, {base * 10}, {base * 100})"
            work_times = [max(t - start, 0.005) for t in times]  # the command's own work
            rows.append(
                f"| {label} | {times[0]:.2f} s | {times[1]:.2f} s | {times[2]:.2f} s | "
                f"{work_times[1] / work_times[0]:.1f} | {work_times[2] / work_times[0]:.1f} |"
            )
    text = "\n".join(
        [f"Start-up alone (`hvcheck --version`): {start:.2f} s; cpus {os.cpu_count()}.", "", *rows]
    )
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
