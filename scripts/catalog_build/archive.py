"""The Debian archive, through a private apt setup in a temporary directory.

apt-get runs with its own source list, lists directory, empty dpkg status and cache (the
`-o Dir::Etc::SourceList=... -o Dir::State::Lists=...` options), so the machine's own apt
configuration and state are never changed. apt verifies the archive's signed Release files; the
sha256 of every package this module returns comes from those verified indices.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog_build.common import BuildError, compare_versions, log, run, tail, which
from catalog_build.inputs import Input, InputStore

DEBIAN_MIRROR = "http://deb.debian.org/debian"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
ARCH = "amd64"


@dataclass(frozen=True)
class Release:
    """A Debian release as a group of archive suites whose newest package version wins."""

    name: str
    suites: tuple[str, ...]
    backports: bool = False


RELEASES: tuple[Release, ...] = (
    Release("bullseye", ("bullseye", "bullseye-updates", "bullseye-security")),
    Release("bookworm", ("bookworm", "bookworm-updates", "bookworm-security")),
    Release("bookworm-backports", ("bookworm-backports",), backports=True),
    Release("trixie", ("trixie", "trixie-updates", "trixie-security")),
    Release("trixie-backports", ("trixie-backports",), backports=True),
    Release("forky", ("forky", "forky-updates", "forky-security")),
    Release("sid", ("sid",)),
)
RELEASE_ORDER = {release.name: index for index, release in enumerate(RELEASES)}


def release_rank(name: str) -> int:
    return RELEASE_ORDER.get(name, len(RELEASE_ORDER))


def mirror_for(suite: str) -> str:
    return SECURITY_MIRROR if suite.endswith("-security") else DEBIAN_MIRROR


@dataclass(frozen=True)
class Record:
    """One package version as a Packages index lists it."""

    package: str
    version: str
    arch: str
    suite: str
    url: str
    sha256: str
    size: int
    depends: str

    def to_input(self, release: str, role: str) -> Input:
        return Input(
            package=self.package,
            version=self.version,
            arch=self.arch,
            release=release,
            suite=self.suite,
            role=role,
            sha256=self.sha256,
            url=self.url,
        )


def _parse_record(text: str, suite: str, base: str) -> Record:
    values: dict[str, str] = {}
    last = ""
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] in " \t":
            if last:
                values[last] += "\n" + line
            continue
        key, _, value = line.partition(":")
        last = key
        values[key] = value.strip()
    depends = ", ".join(v for v in (values.get("Pre-Depends"), values.get("Depends")) if v)
    return Record(
        package=values["Package"],
        version=values["Version"],
        arch=values.get("Architecture", ARCH),
        suite=suite,
        url=f"{base.rstrip('/')}/{values['Filename']}",
        sha256=values["SHA256"],
        size=int(values.get("Size", "0")),
        depends=depends,
    )


class _Index:
    """One suite's Packages index, read once and looked up by package name."""

    def __init__(self, text: str, suite: str, base: str) -> None:
        self.text = text
        self.suite = suite
        self.base = base
        self.spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        pos = 0
        marker = "Package: "
        while pos < len(text):
            end = text.find("\n\n", pos)
            if end < 0:
                end = len(text)
            if text.startswith(marker, pos):
                name_end = text.find("\n", pos)
                self.spans[text[pos + len(marker) : name_end].strip()].append((pos, end))
            pos = end + 2

    def lookup(self, name: str) -> list[Record]:
        return [
            _parse_record(self.text[start:end], self.suite, self.base)
            for start, end in self.spans.get(name, [])
        ]


_URI_SUITE = re.compile(r"/dists/([^/]+)/")


class Archive:
    """Lookups and downloads through a private apt setup under `workdir`."""

    def __init__(self, workdir: Path, releases: Sequence[Release] = RELEASES) -> None:
        self.workdir = workdir
        self.releases_all = tuple(releases)
        self.lists = workdir / "lists"
        self.reachable: list[str] = []
        self.unreachable: dict[str, str] = {}
        self._files: dict[str, Path] = {}
        self._indices: dict[str, _Index] = {}
        self._views: dict[tuple[str, ...], Path] = {}

    # --- apt configuration -------------------------------------------------------------------

    def _view(self, suites: Sequence[str]) -> Path:
        """A sources directory with just these suites (all sharing one lists directory)."""
        key = tuple(suites)
        if key in self._views:
            return self._views[key]
        view = self.workdir / "views" / str(len(self._views))
        view.mkdir(parents=True)
        stanzas = []
        for mirror in (DEBIAN_MIRROR, SECURITY_MIRROR):
            chosen = [suite for suite in suites if mirror_for(suite) == mirror]
            if chosen:
                stanzas.append(
                    f"Types: deb\nURIs: {mirror}\nSuites: {' '.join(chosen)}\n"
                    f"Components: main\nArchitectures: {ARCH}\nSigned-By: {KEYRING}\n"
                )
        (view / "debian.sources").write_text("\n".join(stanzas), encoding="utf-8")
        self._views[key] = view
        return view

    def _apt(self, tool: str, suites: Sequence[str]) -> list[str]:
        empty = self.workdir / "empty"
        empty.mkdir(exist_ok=True)
        status = self.workdir / "status"
        status.touch()
        options = {
            "Dir::Etc::SourceList": "/dev/null",
            "Dir::Etc::SourceParts": str(self._view(suites)),
            "Dir::Etc::Preferences": "/dev/null",
            "Dir::Etc::PreferencesParts": str(empty),
            "Dir::State::Lists": str(self.lists),
            "Dir::State::status": str(status),
            "Dir::State::extended_states": str(self.workdir / "extended_states"),
            "Dir::Cache": str(self.workdir / "cache"),
            "APT::Architecture": ARCH,
            "APT::Architectures": ARCH,
            "Acquire::Languages": "none",
            "APT::Install-Recommends": "false",
            "APT::Install-Suggests": "false",
            "Debug::NoLocking": "true",
        }
        if os.geteuid() == 0:
            options["APT::Sandbox::User"] = "root"
        args = [which(tool, "apt")]
        for name, value in options.items():
            args += ["-o", f"{name}={value}"]
        return args

    @property
    def all_suites(self) -> list[str]:
        return [suite for release in self.releases_all for suite in release.suites]

    def update(self) -> None:
        """apt-get update for every suite of every release; notes which suites the archive
        serves. Raises BuildError if it serves none of them."""
        if not KEYRING.is_file():
            raise BuildError(
                f"{KEYRING} is missing; install Debian's debian-archive-keyring package"
            )
        (self.lists / "partial").mkdir(parents=True, exist_ok=True)
        (self.workdir / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
        suites = self.all_suites
        log(f"apt-get update for {len(suites)} suites ({', '.join(suites)})")
        args = self._apt("apt-get", suites)
        try:
            run([*args, "-q", "update"], what="apt-get update", timeout=900)
        except BuildError as exc:
            log(f"apt-get update reported errors (suites without indices are skipped):\n{exc}")
        targets = run(
            [*args, "indextargets", "--format", "$(URI)\t$(FILENAME)", "Identifier: Packages"],
            what="apt-get indextargets",
        )
        for line in targets.stdout.splitlines():
            uri, _, filename = line.partition("\t")
            match = _URI_SUITE.search(uri)
            if match and Path(filename).is_file():
                self._files[match.group(1)] = Path(filename)
        self.reachable = [suite for suite in suites if suite in self._files]
        for suite in suites:
            if suite not in self._files:
                self.unreachable[suite] = "no Packages index after apt-get update"
        if not self.reachable:
            raise BuildError(
                f"the Debian archive ({DEBIAN_MIRROR}) served none of {', '.join(suites)}; "
                "is the network up?"
            )
        log(f"reachable suites: {' '.join(self.reachable)}")
        if self.unreachable:
            log(f"unreachable suites: {' '.join(self.unreachable)}")

    def releases(self, *, backports: bool = True) -> list[Release]:
        """The releases whose main suite the archive serves, oldest first."""
        return [
            release
            for release in self.releases_all
            if release.suites[0] in self._files and (backports or not release.backports)
        ]

    def release(self, name: str) -> Release:
        for release in self.releases_all:
            if release.name == name:
                return release
        raise BuildError(f"unknown release {name}")

    # --- lookups -------------------------------------------------------------------------------

    def _index(self, suite: str) -> _Index | None:
        if suite not in self._files:
            return None
        if suite not in self._indices:
            helper = "/usr/lib/apt/apt-helper"
            if not Path(helper).exists():
                raise BuildError(f"{helper} not found; install Debian's apt package")
            text = run(
                [helper, "cat-file", self._files[suite]], what=f"reading the {suite} index"
            ).stdout
            base = mirror_for(suite)
            self._indices[suite] = _Index(text, suite, base)
        return self._indices[suite]

    def records(self, name: str, suites: Iterable[str]) -> list[Record]:
        found: list[Record] = []
        for suite in suites:
            index = self._index(suite)
            if index is not None:
                found.extend(index.lookup(name))
        return found

    def newest(self, name: str, release: Release) -> Record | None:
        """The highest version of `name` in the release's suites (the first suite that serves it
        when several serve the same version)."""
        best: Record | None = None
        for record in self.records(name, release.suites):
            if best is None or compare_versions(record.version, best.version) > 0:
                best = record
        return best

    def exact(self, name: str, version: str, release: Release) -> Record:
        for record in self.records(name, release.suites):
            if record.version == version:
                return record
        raise BuildError(f"{name} {version} is not in {', '.join(release.suites)}")

    def closure(self, release: Release, names: Sequence[str]) -> list[Record]:
        """`names` and everything they depend on (no recommends), as apt resolves it for an
        empty system from the release's suites."""
        args = self._apt("apt-get", release.suites)
        proc = run(
            [*args, "-q", "-y", "--print-uris", "install", *names],
            what=f"resolving the dependencies of {' '.join(names)} in {release.name}",
        )
        records: list[Record] = []
        for line in proc.stdout.splitlines():
            if not line.startswith("'"):
                continue
            filename = line.split()[1]
            package, version, _arch = filename.removesuffix(".deb").split("_")
            records.append(self.exact(package, version.replace("%3a", ":"), release))
        if not records:
            raise BuildError(
                f"apt resolved nothing for {' '.join(names)} in {release.name}:\n{tail(proc.stdout)}"
            )
        return records

    # --- downloads ----------------------------------------------------------------------------

    def download(self, inputs: Sequence[Input], store: InputStore) -> None:
        """Downloads the inputs that `store` lacks with apt-get download (which checks each file
        against the signed index), then checks the sha256 again and moves it into the store."""
        wanted: dict[tuple[str, str, str], Input] = {}
        for item in inputs:
            if store.status(item) is not None:
                wanted.setdefault(item.key, item)
        if not wanted:
            return
        partial = store.root / ".partial"
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir(parents=True)
        items = sorted(wanted.values(), key=lambda item: item.filename)
        log(f"apt-get download: {len(items)} package(s) into {store.root}")
        args = self._apt("apt-get", self.all_suites)
        for start in range(0, len(items), 200):
            batch = items[start : start + 200]
            specs = [f"{item.package}={item.version}" for item in batch]
            try:
                run(
                    [*args, "-q", "download", *specs],
                    what="apt-get download",
                    cwd=partial,
                    timeout=3600,
                )
            except BuildError as exc:
                raise BuildError(f"could not download {', '.join(specs)}:\n{exc}") from exc
            for item in batch:
                got = partial / item.filename
                if not got.is_file():
                    raise BuildError(f"apt-get download did not produce {item.filename}")
                store.adopt(item, got)
        shutil.rmtree(partial, ignore_errors=True)
