"""catalogs/generated/qemu.yaml: QEMU device models and machine types, from the output of
`qemu-system-<arch> -device help` and `-machine help` of Debian's qemu-system-* packages.

Each chosen release's QEMU packages and the shared libraries they need (apt's dependency closure
for an empty system, without recommends) are unpacked into one directory and the binaries run
with that directory's own dynamic loader and libraries (`ld.so --inhibit-cache --library-path`),
so neither root nor an installed QEMU is needed and the host's libraries play no part (checked:
every library must resolve inside the directory).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalog_build.archive import Archive, Record, Release, release_rank
from catalog_build.common import (
    BuildError,
    compare_versions,
    log,
    relativize_symlinks,
    run,
    tail,
    unpack_deb,
    upstream_version,
)
from catalog_build.inputs import Input, InputStore, parse_flow_mapping

NAME = "qemu"
OUTPUT = "catalogs/generated/qemu.yaml"
SUMMARY = "QEMU device models and machine types of Debian's qemu-system-* packages"

TARGETS = ("x86_64", "i386", "aarch64", "arm", "ppc64", "ppc", "s390x", "riscv64", "alpha")
"""QEMU system targets examined (qemu-system-<target>). libvirt's i686 is i386, armv7l is arm,
ppc64le is ppc64."""

BINARY_PACKAGES = (
    "qemu-system-x86",
    "qemu-system-arm",
    "qemu-system-ppc",
    "qemu-system-misc",
    "qemu-system-s390x",
    "qemu-system-riscv",
)
MODULE_PACKAGES = ("qemu-system-common", "qemu-system-modules-opengl", "qemu-system-modules-spice")
MODULE_LIBS = ("libvirglrenderer1", "libepoxy0", "libgbm1")
"""Libraries of the device modules that qemu-system-gui carries on older releases
(hw-display-virtio-gpu-gl.so), resolved with their dependencies."""
NODEPS_PACKAGES = ("qemu-system-gui",)
"""Taken without their dependencies (GTK, SDL, PulseAudio ...), for their hw-* device modules
only; their other modules (user interfaces, audio back ends) define no devices."""

MODULE_DIR = "usr/lib/x86_64-linux-gnu/qemu"
LIB_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib", "usr/lib")
LDSO_PATHS = (
    "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "lib64/ld-linux-x86-64.so.2",
)


def _major_minor(text: str) -> str:
    match = re.match(r"(\d+)\.(\d+)", text)
    if match is None:
        raise BuildError(f"cannot read a QEMU version from {text!r}")
    return f"{match.group(1)}.{match.group(2)}"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# --- resolving ------------------------------------------------------------------------------------


def resolve(archive: Archive) -> list[Input]:
    """One release per QEMU major.minor version (the one with the newest package), oldest first;
    backports are left out (they carry versions that other releases have)."""
    chosen: dict[str, tuple[Release, Record]] = {}
    for release in archive.releases(backports=False):
        record = archive.newest("qemu-system-x86", release)
        if record is None:
            continue
        version = _major_minor(upstream_version(record.version))
        if (
            version not in chosen
            or compare_versions(record.version, chosen[version][1].version) > 0
        ):
            chosen[version] = (release, record)
    if not chosen:
        raise BuildError("no reachable Debian release serves qemu-system-x86")
    inputs: list[Input] = []
    for version in sorted(chosen, key=_version_key):
        release, x86 = chosen[version]
        names = [
            name
            for name in (*BINARY_PACKAGES, *MODULE_PACKAGES, *MODULE_LIBS)
            if archive.newest(name, release) is not None
        ]
        log(
            f"{NAME}: QEMU {version} from {release.name} ({x86.version}): resolving {len(names)} packages"
        )
        records = archive.closure(release, names)
        for name in NODEPS_PACKAGES:
            extra = [r for r in archive.records(name, release.suites) if r.version == x86.version]
            records += extra[:1]
        seen: set[tuple[str, str]] = set()
        for record in records:
            if (record.package, record.version) in seen:
                continue
            seen.add((record.package, record.version))
            role = "qemu" if record.package.startswith("qemu-") else "runtime"
            inputs.append(record.to_input(release.name, role))
    return inputs


# --- parsing help output ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Device:
    name: str
    category: str
    bus: str | None
    aliases: tuple[str, ...]
    desc: str | None


@dataclass(order=True)
class Machine:
    name: str
    desc: str
    default: bool = False
    deprecated: bool = False
    aliases: list[str] = field(default_factory=list)


_HEADING = re.compile(r"^(?P<title>.+) devices:$")
_DEVICE = re.compile(
    r'^name "(?P<name>[^"]+)"(?:, bus (?P<bus>[^,]+))?(?:, alias "(?P<alias>[^"]+)")?'
    r'(?:, desc "(?P<desc>.*)")?(?P<nouser>, no-user)?$'
)


def category_of(title: str) -> str:
    """`Controller/Bridge/Hub` -> controller-bridge-hub, `Network` -> network."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def parse_device_help(text: str, where: str) -> list[Device]:
    devices: list[Device] = []
    category: str | None = None
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            category = category_of(heading.group("title"))
            continue
        match = _DEVICE.match(line)
        if match is None or category is None:
            raise BuildError(f"{where}: unexpected line in -device help output: {line!r}")
        alias = match.group("alias")
        devices.append(
            Device(
                name=match.group("name"),
                category=category,
                bus=match.group("bus"),
                aliases=(alias,) if alias else (),
                desc=match.group("desc"),
            )
        )
    if not devices:
        raise BuildError(f"{where}: -device help listed no devices")
    return devices


_ALIAS = re.compile(r"^(?P<alias>\S+)\s+(?P<desc>.*?)\s*\(alias of (?P<target>\S+)\)$")
_MACHINE = re.compile(r"^(?P<name>\S+)(?:\s+(?P<rest>.*))?$")


def parse_machine_help(text: str, where: str) -> list[Machine]:
    machines: dict[str, Machine] = {}
    aliases: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line or line.startswith("Supported machines are:"):
            continue
        alias = _ALIAS.match(line)
        if alias:
            aliases.append((alias.group("target"), alias.group("alias")))
            continue
        match = _MACHINE.match(line)
        if match is None:
            raise BuildError(f"{where}: unexpected line in -machine help output: {line!r}")
        machine = Machine(name=match.group("name"), desc=(match.group("rest") or "").strip())
        changed = True
        while changed:
            changed = False
            for marker in ("default", "deprecated"):
                suffix = f" ({marker})"
                if machine.desc.endswith(suffix) or machine.desc == suffix.strip():
                    machine.desc = (
                        machine.desc.removesuffix(suffix).removesuffix(suffix.strip()).rstrip()
                    )
                    setattr(machine, marker, True)
                    changed = True
        machines[machine.name] = machine
    for target, alias_name in aliases:
        if target not in machines:
            raise BuildError(f"{where}: machine alias {alias_name} names unknown machine {target}")
        machines[target].aliases.append(alias_name)
    if not machines:
        raise BuildError(f"{where}: -machine help listed no machines")
    return sorted(machines.values())


# --- running the binaries -------------------------------------------------------------------------


@dataclass
class Observation:
    """What one release's binaries reported."""

    release: str
    qemu: str
    package_version: str
    devices: dict[str, list[Device]] = field(default_factory=dict)
    machines: dict[str, list[Machine]] = field(default_factory=dict)


_MODULE_FAILURE = re.compile(r"(failed|could not|cannot) (to )?(open|load) module", re.IGNORECASE)


class _Runner:
    def __init__(self, root: Path) -> None:
        self.root = root
        ldso = next((root / p for p in LDSO_PATHS if (root / p).is_file()), None)
        if ldso is None:
            raise BuildError(
                f"no dynamic loader among {', '.join(LDSO_PATHS)} (is libc6 an input?)"
            )
        self.ldso = ldso.resolve()
        self.libpath = ":".join(str(root / d) for d in LIB_DIRS if (root / d).is_dir())
        home = root / "home"
        home.mkdir(exist_ok=True)
        self.env = {
            "PATH": "/usr/bin:/bin",
            "LC_ALL": "C",
            "LANG": "C",
            "HOME": str(home),
            "XDG_RUNTIME_DIR": str(home),
            "LD_LIBRARY_PATH": self.libpath,
            "QEMU_MODULE_DIR": str(root / MODULE_DIR),
        }

    def command(self, binary: Path, *args: str) -> list[str]:
        return [
            str(self.ldso),
            "--inhibit-cache",
            "--library-path",
            self.libpath,
            str(binary),
            *args,
        ]

    def unresolved(self, path: Path) -> list[str]:
        """The libraries `path` needs that do not resolve inside the unpacked root."""
        proc = subprocess.run(
            [
                str(self.ldso),
                "--inhibit-cache",
                "--library-path",
                self.libpath,
                "--list",
                str(path),
            ],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        problems = []
        for line in proc.stdout.splitlines():
            name, arrow, where = line.strip().partition(" => ")
            if not arrow:
                continue
            if where.startswith("not found"):
                problems.append(f"{name} (not found)")
            elif not where.startswith(str(self.root) + "/"):
                problems.append(f"{name} (only on the host: {where.split(' (')[0]})")
        if proc.returncode != 0 and not problems:
            problems.append(f"ld.so --list failed: {proc.stderr.strip()}")
        return problems

    def run(self, binary: Path, *args: str) -> str:
        proc = run(
            self.command(binary, *args),
            what=f"{binary.name} {' '.join(args)}",
            env=self.env,
            timeout=300,
        )
        if _MODULE_FAILURE.search(proc.stderr):
            raise BuildError(
                f"{binary.name} {' '.join(args)}: a module failed to load:\n{tail(proc.stderr)}"
            )
        return proc.stdout


def _binary(root: Path, target: str) -> Path | None:
    """qemu-system-<target>: in usr/bin, or in usr/libexec where usr/bin has a wrapper script
    (bookworm's qemu-system-i386)."""
    for directory in ("usr/bin", "usr/libexec"):
        path = root / directory / f"qemu-system-{target}"
        if path.is_file():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    return path
    return None


def observe(group: Sequence[Input], store: InputStore, workdir: Path) -> Observation:
    """Unpacks one release's inputs and runs each qemu-system-<target> it has."""
    release = group[0].release
    root = Path(tempfile.mkdtemp(prefix=f"qemu-{release}.", dir=workdir))
    try:
        later = [item for item in group if item.package in NODEPS_PACKAGES]
        for item in group:
            if item not in later:
                unpack_deb(store.path(item), root)
        module_dir = root / MODULE_DIR
        resolved_modules = set(module_dir.glob("*.so")) if module_dir.is_dir() else set()
        for item in later:
            unpack_deb(store.path(item), root)
        if module_dir.is_dir():
            # their user-interface and audio modules define no devices, and lack their libraries
            for path in set(module_dir.glob("*.so")) - resolved_modules:
                if not path.name.startswith("hw-"):
                    path.unlink()
        relativize_symlinks(root)
        runner = _Runner(root)
        all_modules = set(module_dir.glob("*.so")) if module_dir.is_dir() else set()
        binaries = [found for target in TARGETS if (found := _binary(root, target)) is not None]
        if not binaries:
            raise BuildError(f"{NAME} ({release}): the inputs hold no qemu-system-* binary")
        checked = [
            *binaries,
            *sorted(resolved_modules),
            *sorted(p for p in all_modules - resolved_modules if p.name.startswith("hw-")),
        ]
        problems = [
            f"  {path.name}: {', '.join(bad)}"
            for path in checked
            if (bad := runner.unresolved(path))
        ]
        if problems:
            raise BuildError(
                f"{NAME} ({release}): libraries missing from the inputs:\n" + "\n".join(problems)
            )
        x86 = next((item for item in group if item.package == "qemu-system-x86"), group[0])
        observation: Observation | None = None
        for binary in binaries:
            target = binary.name.removeprefix("qemu-system-")
            where = f"{binary.name} ({release})"
            banner = runner.run(binary, "--version")
            match = re.search(r"QEMU emulator version (\d+\.\d+)", banner)
            if match is None:
                raise BuildError(f"{where}: unexpected --version output: {banner.strip()!r}")
            if observation is None:
                observation = Observation(release, _major_minor(match.group(1)), x86.version)
            elif observation.qemu != _major_minor(match.group(1)):
                raise BuildError(f"{where}: QEMU {match.group(1)} beside {observation.qemu}")
            observation.devices[target] = parse_device_help(
                runner.run(binary, "-device", "help"), where
            )
            observation.machines[target] = parse_machine_help(
                runner.run(binary, "-machine", "help"), where
            )
        assert observation is not None
        return observation
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the table ------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./+-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def scalar(value: str | bool | None, *, quote: bool = False) -> str:
    """A YAML flow scalar: plain where unambiguous, else a JSON (= YAML double-quoted) string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if not quote and _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: Iterable[str], *, quote: bool = False) -> str:
    return "[" + ", ".join(scalar(value, quote=quote) for value in values) + "]"


def flow_map(pairs: Sequence[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


def _input_line(item: Input) -> str:
    quoted = {"version", "url", "sha256"}
    order = ("package", "version", "arch", "release", "suite", "role", "url", "sha256")
    values = dict(item.as_pairs())
    return "  - " + flow_map([(key, scalar(values[key], quote=key in quoted)) for key in order])


def render(observations: Sequence[Observation], inputs: Sequence[Input]) -> str:
    target_rank = {target: index for index, target in enumerate(TARGETS)}
    devices: dict[Device, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    machines: dict[tuple[str, str, tuple[str, ...], str, bool, bool], set[str]] = defaultdict(set)
    for obs in observations:
        for target, listed in obs.devices.items():
            for device in listed:
                devices[device][obs.qemu].add(target)
        for target, found in obs.machines.items():
            for machine in found:
                key = (
                    machine.name,
                    target,
                    tuple(sorted(machine.aliases)),
                    machine.desc,
                    machine.default,
                    machine.deprecated,
                )
                machines[key].add(obs.qemu)

    device_rows = []
    for device, per_version in devices.items():
        by_arches: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for version, targets in per_version.items():
            by_arches[tuple(sorted(targets, key=target_rank.__getitem__))].append(version)
        for arches, versions in by_arches.items():
            versions.sort(key=_version_key)
            sort_key = (
                device.name,
                device.category,
                device.bus or "",
                device.aliases,
                device.desc or "",
                tuple(target_rank[a] for a in arches),
                tuple(_version_key(v) for v in versions),
            )
            row = flow_map(
                [
                    ("name", scalar(device.name)),
                    ("category", scalar(device.category)),
                    ("bus", scalar(device.bus)),
                    ("aliases", flow_list(device.aliases)),
                    ("desc", scalar(device.desc, quote=True)),
                    ("arches", flow_list(arches)),
                    ("qemu", flow_list(versions, quote=True)),
                ]
            )
            device_rows.append((sort_key, row))

    machine_rows = []
    for (name, target, aliases, desc, default, deprecated), version_set in machines.items():
        versions = sorted(version_set, key=_version_key)
        machine_key = (
            name,
            target_rank[target],
            aliases,
            desc,
            default,
            deprecated,
            tuple(_version_key(v) for v in versions),
        )
        row = flow_map(
            [
                ("name", scalar(name)),
                ("arch", scalar(target)),
                ("aliases", flow_list(aliases)),
                ("desc", scalar(desc, quote=True)),
                ("default", scalar(default)),
                ("deprecated", scalar(deprecated)),
                ("qemu", flow_list(versions, quote=True)),
            ]
        )
        machine_rows.append((machine_key, row))

    qemu_inputs = [item for item in inputs if item.role == "qemu"]
    lines = [
        f"# Generated by scripts/build-catalogs {NAME}; do not edit (regenerate with the command below).",
        "#",
        "# QEMU device models (`qemu-system-<arch> -device help`) and machine types (`-machine help`)",
        "# of Debian's qemu-system-* packages, one QEMU version per Debian release (qemu_versions).",
        "# devices: one row per device and distinct set of attributes and arches; `qemu` lists the",
        "# versions whose binaries for exactly those arches list it so. machines: one row per",
        "# machine type, arch and distinct attributes; aliases come from `(alias of ...)` lines.",
        "# Arch names are QEMU's: libvirt's i686 is i386, armv7l is arm, ppc64le is ppc64.",
        "#",
        f"# command: scripts/build-catalogs {NAME}",
        f"# check: scripts/build-catalogs --check {NAME}",
        f"# Inputs: the QEMU packages below; all {len(inputs)} inputs, with the shared libraries the",
        "# binaries were run with (role: runtime), are listed under `inputs:`.",
        *(item.header_line() for item in qemu_inputs),
        "apiVersion: hvcheck/v1",
        "kind: GeneratedTable",
        f"table: {NAME}",
        f"command: scripts/build-catalogs {NAME}",
        "qemu_versions:",
        *(
            "  - "
            + flow_map(
                [
                    ("qemu", scalar(obs.qemu, quote=True)),
                    ("release", scalar(obs.release)),
                    ("package_version", scalar(obs.package_version, quote=True)),
                    ("arches", flow_list(sorted(obs.devices, key=target_rank.__getitem__))),
                ]
            )
            for obs in observations
        ),
        "inputs:",
        *(_input_line(item) for item in inputs),
        "devices:",
        *(f"  - {row}" for _, row in sorted(device_rows)),
        "machines:",
        *(f"  - {row}" for _, row in sorted(machine_rows)),
    ]
    return "\n".join(lines) + "\n"


def build(inputs: Sequence[Input], store: InputStore, workdir: Path) -> bytes:
    by_release: dict[str, list[Input]] = defaultdict(list)
    for item in inputs:
        by_release[item.release].append(item)
    observations = []
    for release in sorted(by_release, key=lambda name: (release_rank(name), name)):
        log(f"{NAME}: {release}: unpacking {len(by_release[release])} packages and running QEMU")
        observations.append(observe(by_release[release], store, workdir))
    versions = [obs.qemu for obs in observations]
    if len(set(versions)) != len(versions):
        raise BuildError(f"{NAME}: the inputs give one QEMU version twice: {', '.join(versions)}")
    observations.sort(key=lambda obs: _version_key(obs.qemu))
    return render(observations, inputs).encode("utf-8")


def recorded(text: str) -> list[Input]:
    found: list[Input] = []
    in_inputs = False
    for number, line in enumerate(text.splitlines(), 1):
        if line == "inputs:":
            in_inputs = True
            continue
        if in_inputs:
            if not line.startswith("  - "):
                break
            where = f"{OUTPUT}:{number}"
            found.append(Input.from_mapping(parse_flow_mapping(line[4:], where), where))
    return found
