"""Inputs: the Debian packages a table is built from, how a table records them, and the local
directory that keeps the downloaded .deb files between runs."""

from __future__ import annotations

import contextlib
import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from catalog_build.common import BuildError, log, sha256_file

INPUTS_ENV = "HVCHECK_CATALOG_INPUTS"
SHA256_RE = re.compile(r"[0-9a-f]{64}")
INPUT_PREFIX = "# input: "


def default_inputs_dir() -> Path:
    """$HVCHECK_CATALOG_INPUTS, else ~/.cache/hvcheck-catalog-inputs."""
    configured = os.environ.get(INPUTS_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path("~/.cache/hvcheck-catalog-inputs").expanduser()


@dataclass(frozen=True)
class Input:
    """One downloaded Debian package. `release` is the group of archive suites it was chosen
    from (bookworm = bookworm, bookworm-updates and bookworm-security; bookworm-backports; sid
    ...), `suite` the suite that served this version. `role` says what the table uses it for
    (pci-ids: data; linux-aliases: kernel; qemu: qemu, or runtime for a shared library the QEMU
    binaries were run with)."""

    package: str
    version: str
    arch: str
    release: str
    suite: str
    role: str
    sha256: str
    url: str

    @property
    def filename(self) -> str:
        """The file name apt-get download gives it (the epoch's colon escaped as %3a)."""
        return f"{self.package}_{self.version.replace(':', '%3a')}_{self.arch}.deb"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.package, self.version, self.arch)

    def as_pairs(self) -> list[tuple[str, str]]:
        return [(field.name, str(getattr(self, field.name))) for field in fields(self)]

    def header_line(self) -> str:
        return INPUT_PREFIX + " ".join(f"{name}={value}" for name, value in self.as_pairs())

    @classmethod
    def from_mapping(cls, values: dict[str, str], where: str) -> Input:
        names = [field.name for field in fields(cls)]
        missing = [name for name in names if not values.get(name)]
        if missing:
            raise BuildError(f"{where}: input record lacks {', '.join(missing)}")
        if not SHA256_RE.fullmatch(values["sha256"]):
            raise BuildError(f"{where}: input {values['package']} has no 64-hex sha256")
        return cls(**{name: values[name] for name in names})


def parse_header_inputs(text: str, where: str) -> list[Input]:
    """The `# input: name=value ...` lines of a table's leading comment block."""
    found: list[Input] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(INPUT_PREFIX):
            values = dict(part.partition("=")[::2] for part in line[len(INPUT_PREFIX) :].split())
            found.append(Input.from_mapping(values, where))
    return found


_FLOW_PAIR = re.compile(r'\s*(\w+): ("(?:[^"\\]|\\.)*"|[^,}]*)\s*(?:,|$)')


def parse_flow_mapping(text: str, where: str) -> dict[str, str]:
    """Parses one `{key: value, ...}` line as this package writes them (values plain or
    JSON-quoted, no nesting)."""
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise BuildError(f"{where}: expected a {{...}} mapping, found {text!r}")
    body = body[1:-1]
    values: dict[str, str] = {}
    pos = 0
    while pos < len(body):
        match = _FLOW_PAIR.match(body, pos)
        if match is None or match.end() == pos:
            raise BuildError(f"{where}: cannot parse {text!r}")
        raw = match.group(2).strip()
        values[match.group(1)] = json.loads(raw) if raw.startswith('"') else raw
        pos = match.end()
    return values


def check_inputs(inputs: Sequence[Input], where: str) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for item in inputs:
        if (item.release, *item.key) in seen:
            raise BuildError(
                f"{where}: input {item.package} {item.version} is recorded twice for {item.release}"
            )
        seen.add((item.release, *item.key))


class InputStore:
    """The directory that keeps downloaded .deb files (--inputs). A file is used only if its
    sha256 is the one recorded for it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._digests: dict[Path, tuple[float, int, str]] = {}

    def path(self, item: Input) -> Path:
        return self.root / item.filename

    def digest(self, path: Path) -> str:
        stat = path.stat()
        cached = self._digests.get(path)
        if cached and cached[:2] == (stat.st_mtime, stat.st_size):
            return cached[2]
        value = sha256_file(path)
        self._digests[path] = (stat.st_mtime, stat.st_size, value)
        return value

    def status(self, item: Input) -> str | None:
        """None if the input is present with the recorded sha256; otherwise why not."""
        path = self.path(item)
        if not path.is_file():
            return f"{item.filename} is not in {self.root}"
        actual = self.digest(path)
        if actual != item.sha256:
            return (
                f"{path} has sha256 {actual}, but {item.sha256} is recorded for "
                f"{item.package} {item.version}"
            )
        return None

    def missing(self, inputs: Iterable[Input]) -> list[tuple[Input, str]]:
        return [(item, why) for item in inputs if (why := self.status(item)) is not None]

    def require(self, inputs: Iterable[Input]) -> None:
        problems = self.missing(inputs)
        if problems:
            listed = "\n".join(f"  {item.package} {item.version}: {why}" for item, why in problems)
            raise BuildError(f"{len(problems)} input(s) unavailable:\n{listed}")

    def adopt(self, item: Input, downloaded: Path) -> None:
        """Moves a downloaded file into the store after checking its sha256."""
        actual = sha256_file(downloaded)
        if actual != item.sha256:
            downloaded.unlink(missing_ok=True)
            raise BuildError(
                f"downloaded {item.package} {item.version} from {item.url} has sha256 {actual}, "
                f"expected {item.sha256}"
            )
        os.replace(downloaded, self.path(item))

    def fetch_by_url(self, inputs: Sequence[Input]) -> None:
        """Downloads inputs from their recorded URLs (checked against the recorded sha256)."""
        self.root.mkdir(parents=True, exist_ok=True)
        partial = self.root / ".partial"
        partial.mkdir(exist_ok=True)
        for item in inputs:
            log(f"downloading {item.url}")
            target = partial / item.filename
            try:
                with (
                    urllib.request.urlopen(item.url, timeout=120) as response,
                    target.open("wb") as out,
                ):
                    while chunk := response.read(1 << 20):
                        out.write(chunk)
            except (urllib.error.URLError, OSError) as exc:
                target.unlink(missing_ok=True)
                raise BuildError(
                    f"could not download {item.package} {item.version} from {item.url}: {exc}. "
                    "Packages the archive no longer serves are kept at snapshot.debian.org; put "
                    f"the file in {self.root} as {item.filename}"
                ) from exc
            self.adopt(item, target)
        with contextlib.suppress(OSError):
            partial.rmdir()
