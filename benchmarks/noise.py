"""How much of what ``hvcheck check --from`` says about real configurations is worth reading.

The targets of issue 12, measured on corpora outside this repository (never committed here):

* ``--libvirt DIR``: libvirt's domain XML test corpus (``tests/qemuxml2argvdata/*.xml`` of the libvirt
  source, e.g. as ``../shared/corpora/get-libvirt-corpus.sh`` extracts it). Prints the share of
  imported files with an unknown device-model (HV1007) or guest-OS (HV1008) finding (target: at most
  1%), and the default text output: its lines, the findings it shows (the problems), and the lines
  per problem beyond the summary.
* ``--vmx-wild DIR``: the real VMs in libvirt's ``tests/vmx2xmldata/*-in-the-wild-*.vmx``. Prints
  every error and warning (target: none).
* ``--real DIR``: real configurations from public repositories, one sub-folder per format
  (``libvirt/``, ``vmx/``, ``xl/``, ``lspci/``). Prints, per format, the files that do not import and
  every error and warning (target: every file imports; no error or warning that comes only from a fact
  the source cannot state: each one printed is to be judged).

Each corpus is checked by one real ``hvcheck check --from FMT FILE...`` process (JSON with
``--show-unknown`` for the counts, the default text format for the output size).

Usage: ``python benchmarks/noise.py --libvirt CORPUS/qemuxml2argvdata --vmx-wild CORPUS/vmx2xmldata
--real REALCORPUS``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

UNKNOWN_MODEL_OR_OS = ("HV1007", "HV1008")
_HEADLINE = re.compile(r"^\S.*:\d+:\d+: HV\d{4} ")


def hvcheck(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``python -m hvcheck ARGS`` in ``cwd``: (exit code, stdout, stderr)."""
    env = dict(os.environ, NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-m", "hvcheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def check_json(fmt: str, files: list[str], cwd: Path) -> dict[str, Any]:
    _, out, _ = hvcheck(
        ["check", "--from", fmt, *files, "-f", "json", "--show-unknown", "--exit-zero"], cwd
    )
    data: dict[str, Any] = json.loads(out)
    return data


def serious(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if f["severity"] in ("error", "warning")]


def show(findings: list[dict[str, Any]], indent: str = "    ") -> None:
    for f in findings:
        print(
            f"{indent}{f['file']}:{f['line']}:{f['column']}: {f['code']} {f['severity']} {f['message']}"
        )


def libvirt(directory: Path) -> None:
    files = sorted(p.name for p in directory.glob("*.xml"))
    data = check_json("libvirt", files, directory)
    imported = data["summary"]["files"]
    with_unknown = {f["file"] for f in data["findings"] if f["code"] in UNKNOWN_MODEL_OR_OS}
    problems = [f for f in data["findings"] if not f.get("unknown")]
    _, text, _ = hvcheck(["check", "--from", "libvirt", *files], directory)
    lines = text.splitlines()
    headlines = [line for line in lines if _HEADLINE.match(line)]
    summary = [line for line in lines if not line.startswith(" ") and not _HEADLINE.match(line)]
    print(
        f"libvirt corpus {directory}: {len(files)} files, {imported} imported, "
        f"{len(data['errors'])} refused"
    )
    for error in data["errors"]:
        print(f"    refused: {error}")
    share = 100.0 * len(with_unknown) / imported if imported else 0.0
    print(
        f"  files with an unknown device-model or guest-OS finding (HV1007, HV1008): "
        f"{len(with_unknown)} of {imported} = {share:.2f}% (target <= 1%)"
    )
    by_code = Counter(f["code"] for f in data["findings"] if f["code"] in UNKNOWN_MODEL_OR_OS)
    models = Counter(
        m.group(1)
        for f in data["findings"]
        if f["code"] == "HV1007" and (m := re.search(r"device model '([^']+)'", f["message"]))
    )
    print(f"    by code: {dict(by_code)}; models: {dict(models.most_common())}")
    print(
        f"  findings (errors, warnings, infos that are not unknowns): {len(problems)} "
        f"{dict(Counter(f['severity'] for f in problems))}"
    )
    show(problems)
    print(
        f"  default text output: {len(lines)} lines: {len(headlines)} finding lines (one per "
        f"problem; each shown with its source line and a marker line), {len(summary)} summary "
        f"lines; finding lines per problem: "
        f"{len(headlines) / len(problems) if problems else 0:.2f}"
    )
    for line in summary:
        print(f"    | {line}")


def vmx_wild(directory: Path) -> None:
    files = sorted(p.name for p in directory.glob("*-in-the-wild-*.vmx"))
    data = check_json("vmx", files, directory)
    found = serious(data)
    counts = Counter(f["severity"] for f in found)
    print(
        f"real VMs {directory}/*-in-the-wild-*.vmx: {len(files)} files, "
        f"{data['summary']['files']} imported, {counts['error']} errors, "
        f"{counts['warning']} warnings (target: 0 and 0)"
    )
    show(found)


def real(directory: Path) -> None:
    print(f"real configurations {directory}:")
    for fmt in ("libvirt", "vmx", "xl", "lspci"):
        folder = directory / fmt
        if not folder.is_dir():
            continue
        files = sorted(str(p.relative_to(directory)) for p in folder.iterdir() if p.is_file())
        data = check_json(fmt, files, directory)
        found = serious(data)
        counts = Counter(f["severity"] for f in found)
        unknown = data["summary"].get("unknown", {})
        print(
            f"  {fmt}: {len(files)} files, {data['summary']['files']} imported, "
            f"{len(data['errors'])} refused; {counts['error']} errors, {counts['warning']} "
            f"warnings; {unknown.get('facts', 0)} facts not checkable "
            f"{unknown.get('by_code', {})}"
        )
        for error in data["errors"]:
            print(f"    refused: {error}")
        show(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--libvirt", type=Path, help="libvirt's qemuxml2argvdata folder")
    parser.add_argument("--vmx-wild", type=Path, help="libvirt's vmx2xmldata folder")
    parser.add_argument("--real", type=Path, help="a folder with libvirt/, vmx/, xl/, lspci/")
    args = parser.parse_args()
    if not (args.libvirt or args.vmx_wild or args.real):
        parser.error("name at least one corpus")
    if args.libvirt:
        libvirt(args.libvirt)
    if args.vmx_wild:
        vmx_wild(args.vmx_wild)
    if args.real:
        real(args.real)


if __name__ == "__main__":
    main()
