"""Readers and lookups of the generated catalog tables (``catalogs/generated/``).

Imported only when a table is first read (:mod:`hvcheck.catalog.generated` holds the light part that
the catalog carries), so a run that never asks for a table never pays for this module either.

The tables, built by ``scripts/build-catalogs``:

Three tables, each far larger than every hand-written catalog together, so none is parsed when the
catalog loads: each is read on its first lookup (and not at all by a run that never asks), indexed
in memory for the rest of the process, and never stored in the catalog cache.

* ``qemu.yaml``: the device models (``-device help``) and machine types (``-machine help``) of
  QEMU 5.2, 7.2, 10.0 and 11.1 for nine target architectures. A device the table lists is a real
  QEMU device model; which versions and architectures have it is kept per row.
* ``linux-pci-aliases.tsv``: every PCI ``modules.alias`` pattern of seven Debian amd64 kernels
  (Linux 5.10 to 7.3), with the kernels each (pattern, module) row holds for. A module's rows are
  its whole ID table in the kernels that ship it as a module; in a kernel whose table has no row for
  the module, the module is built in or not built, and the table says nothing about it.
* ``pci.ids``: the full PCI ID database (vendors, devices, classes).

The rows are read with small parsers for exactly the shapes ``scripts/build-catalogs`` writes
(tests/catalog check them against a full YAML parse). A table that is missing is simply absent;
one that cannot be read raises :class:`GeneratedTableError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hvcheck.catalog.pci.ids import DeviceIds, Match
from hvcheck.catalog.pci.modalias import ModaliasPattern

TABLE_LIMIT = 64 * 1024 * 1024


class GeneratedTableError(Exception):
    """A generated table could not be read: the message names the file and line."""


def _read(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(TABLE_LIMIT + 1)
    except OSError as exc:
        raise GeneratedTableError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > TABLE_LIMIT:
        raise GeneratedTableError(f"{path}: larger than {TABLE_LIMIT} bytes")
    return data.decode("utf-8", errors="replace")


def qemu_version_key(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


# --- qemu.yaml -------------------------------------------------------------------------------------

_TOKEN = r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<plain>[^\s,\[\]{}:"]+)|(?P<punct>[\[\]{},:]))'


def parse_flow_row(text: str) -> dict[str, Any]:
    """One ``{key: value, …}`` row as ``scripts/build-catalogs`` writes it: values are plain
    scalars, JSON strings, ``null``/``true``/``false`` or flat lists of scalars."""
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(text):
        m = re.compile(_TOKEN).match(text, pos)  # re caches the compiled pattern
        if m is None:
            if not text[pos:].strip():
                break
            raise ValueError(f"unexpected {text[pos : pos + 20]!r}")
        pos = m.end()
        if m.group("str") is not None:
            tokens.append(("v", json.loads(m.group("str"))))
        elif m.group("plain") is not None:
            word = m.group("plain")
            value: Any = {"null": None, "true": True, "false": False}.get(word, word)
            tokens.append(("v", value))
        else:
            tokens.append(("p", m.group("punct")))
    out: dict[str, Any] = {}
    i = 0

    def expect(kind: str, value: str | None = None) -> Any:
        nonlocal i
        if (
            i >= len(tokens)
            or tokens[i][0] != kind
            or (value is not None and tokens[i][1] != value)
        ):
            raise ValueError(f"expected {value or 'a value'} at token {i}")
        i += 1
        return tokens[i - 1][1]

    expect("p", "{")
    while True:
        key = expect("v")
        expect("p", ":")
        if i < len(tokens) and tokens[i] == ("p", "["):
            i += 1
            items: list[Any] = []
            while tokens[i] != ("p", "]"):
                items.append(expect("v"))
                if tokens[i] == ("p", ","):
                    i += 1
            i += 1
            out[str(key)] = items
        else:
            out[str(key)] = expect("v")
        if tokens[i] == ("p", "}"):
            break
        expect("p", ",")
    return out


_S = r'("(?:[^"\\]|\\.)*"|[^,\[\]{}"]*)'
_L = r"\[([^\]]*)\]"
_FIELDS = {
    "devices": ("name", "category", "bus", "aliases", "desc", "arches", "qemu"),
    "machines": ("name", "arch", "aliases", "desc", "default", "deprecated", "qemu"),
}


@cache
def _fast_pattern(section: str) -> re.Pattern[str]:
    """The regular expression of one row of ``section`` (compiled on first use: a run that never
    reads the table never pays for it)."""
    parts = ", ".join(f"{name}: {_L if name in _LISTS else _S}" for name in _FIELDS[section])
    return re.compile(rf"^  - \{{{parts}\}}$")


_LISTS = {"aliases", "arches", "qemu"}


def _scalar(text: str) -> Any:
    if text.startswith('"'):
        return json.loads(text)
    return {"null": None, "true": True, "false": False}.get(text, text)


def _fast_row(section: str, line: str) -> dict[str, Any] | None:
    """A device or machine row read with one regular expression (the common case); None to
    leave it to :func:`parse_flow_row`."""
    names = _FIELDS.get(section)
    m = _fast_pattern(section).match(line) if names else None
    if names is None or m is None:
        return None
    out: dict[str, Any] = {}
    for key, value in zip(names, m.groups(), strict=True):
        if key in _LISTS:
            out[key] = [_scalar(item.strip()) for item in value.split(",") if item.strip()]
        else:
            out[key] = _scalar(value)
    return out


@dataclass(frozen=True)
class QemuDevice:
    """A QEMU device model (``-device`` name), merged over the table's rows for it."""

    name: str
    aliases: tuple[str, ...]
    category: str
    bus: str | None
    desc: str | None
    by_version: tuple[tuple[str, tuple[str, ...]], ...]
    """(QEMU version, the architectures whose binary lists the device) in version order."""

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.by_version)

    @property
    def arches(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for _, arches in self.by_version:
            seen.update(dict.fromkeys(arches))
        return tuple(seen)

    def arches_in(self, version: str) -> tuple[str, ...]:
        return next((a for v, a in self.by_version if v == version), ())

    def versions_for(self, arch: str) -> tuple[str, ...]:
        return tuple(v for v, arches in self.by_version if arch in arches)


@dataclass(frozen=True)
class QemuMachine:
    """A QEMU machine type of one architecture."""

    name: str
    arch: str
    aliases: tuple[str, ...]
    desc: str | None
    versions: tuple[str, ...]
    deprecated_in: tuple[str, ...]


@dataclass
class QemuTable:
    """``qemu.yaml``: QEMU device models and machine types per version and architecture."""

    path: str
    versions: tuple[str, ...]
    arches: tuple[str, ...]
    devices: dict[str, QemuDevice]
    machines: dict[tuple[str, str], QemuMachine]
    _alias: dict[str, str] = field(default_factory=dict)
    _machine_alias: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"QEMU {_and(self.versions)}"

    def device(self, name: str) -> QemuDevice | None:
        """The device called ``name`` (or one of its aliases); QEMU compares names exactly, a
        lower-case spelling is accepted when nothing is spelled exactly so."""
        found = self.devices.get(name)
        if found is None:
            key = self._alias.get(name) or self._alias.get(name.lower())
            found = self.devices.get(key) if key else None
        return found

    def machine(self, name: str, arch: str) -> QemuMachine | None:
        found = self.machines.get((name, arch))
        if found is None:
            key = self._machine_alias.get((name, arch))
            found = self.machines.get((key, arch)) if key else None
        return found


def load_qemu(path: Path) -> QemuTable:
    text = _read(path)
    versions: list[str] = []
    arches: list[str] = []
    rows: dict[str, list[dict[str, Any]]] = {}
    machine_rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            section = line.split(":", 1)[0]
            continue
        if section not in ("qemu_versions", "devices", "machines"):
            continue
        body = line.strip()
        if not body.startswith("- {"):
            raise GeneratedTableError(f"{path}:{number}: expected a '- {{…}}' row")
        try:
            row = _fast_row(section, line) or parse_flow_row(body[2:])
        except (ValueError, IndexError, KeyError) as exc:
            raise GeneratedTableError(f"{path}:{number}: cannot read the row: {exc}") from None
        if section == "qemu_versions":
            versions.append(str(row["qemu"]))
            for arch in row.get("arches") or []:
                if arch not in arches:
                    arches.append(str(arch))
        elif section == "devices":
            rows.setdefault(str(row["name"]), []).append(row)
        else:
            machine_rows.setdefault((str(row["name"]), str(row["arch"])), []).append(row)
    order = {v: i for i, v in enumerate(sorted(versions, key=qemu_version_key))}
    table = QemuTable(
        str(path), tuple(sorted(versions, key=qemu_version_key)), tuple(arches), {}, {}
    )
    for name, group in rows.items():
        per: dict[str, list[str]] = {}
        aliases: list[str] = []
        for row in group:
            for alias in row.get("aliases") or []:
                if alias not in aliases:
                    aliases.append(str(alias))
            for version in row.get("qemu") or []:
                have = per.setdefault(str(version), [])
                have.extend(a for a in row.get("arches") or [] if a not in have)
        last = max(
            group, key=lambda r: max((order.get(v, -1) for v in r.get("qemu") or []), default=-1)
        )
        device = QemuDevice(
            name=name,
            aliases=tuple(aliases),
            category=str(last.get("category") or ""),
            bus=last.get("bus"),
            desc=last.get("desc"),
            by_version=tuple(
                (v, tuple(per[v])) for v in sorted(per, key=lambda v: order.get(v, len(order)))
            ),
        )
        table.devices[name] = device
        table._alias.setdefault(name.lower(), name)
        for alias in aliases:
            table._alias.setdefault(alias, name)
            table._alias.setdefault(alias.lower(), name)
    for (name, arch), group in machine_rows.items():
        seen: list[str] = []
        deprecated: list[str] = []
        aliases = []
        for row in group:
            for version in row.get("qemu") or []:
                if version not in seen:
                    seen.append(str(version))
                if row.get("deprecated"):
                    deprecated.append(str(version))
            aliases.extend(str(a) for a in row.get("aliases") or [] if a not in aliases)
        desc = group[-1].get("desc")
        table.machines[(name, arch)] = QemuMachine(
            name,
            arch,
            tuple(aliases),
            desc,
            tuple(sorted(seen, key=qemu_version_key)),
            tuple(sorted(deprecated, key=qemu_version_key)),
        )
    for (name, arch), machine in table.machines.items():
        for alias in machine.aliases:
            table._machine_alias.setdefault((alias, arch), name)
    return table


# --- linux-pci-aliases.tsv ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kernel:
    """One kernel of the alias table."""

    release: str  # uname -r, e.g. 6.12.95+deb12-amd64
    distribution: str  # the Debian release it is from
    key: tuple[int, ...] = ()  # the numeric version (6, 12, 95), from the release

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", kernel_key(self.release))

    @property
    def series(self) -> tuple[int, ...]:
        return self.key[:2]

    @property
    def label(self) -> str:
        """'5.10' for 5.10.0-46-amd64, '6.12.95' for 6.12.95+deb12-amd64."""
        key = list(self.key[:3])
        if len(key) == 3 and key[2] == 0:
            key.pop()
        return ".".join(str(n) for n in key)


def kernel_key(text: str) -> tuple[int, ...]:
    """The numeric version of a kernel release: '6.12.95+deb12-amd64' -> (6, 12, 95)."""
    m = re.match(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    if m is None:
        return ()
    return tuple(int(g) for g in m.groups() if g is not None)


@dataclass(frozen=True)
class KernelVerdict:
    """Whether a module binds a device, over the kernels of the alias table."""

    match: Match
    """True: binds; False: cannot bind; None: unknown."""
    binds: tuple[Kernel, ...] = ()
    """The table's kernels in which a pattern of the module matches the device."""
    refuses: tuple[Kernel, ...] = ()
    """The kernels that ship the module and whose patterns cannot match the device."""
    undecided: tuple[Kernel, ...] = ()
    """The kernels whose patterns need a device ID the description does not state."""
    absent: tuple[Kernel, ...] = ()
    """The kernels whose modules.alias has no row for the module (built in, or not built)."""
    needs: tuple[str, ...] = ()
    matched: str | None = None
    reason: str = ""
    """Why the answer is what it is, in words (kernels, the host's kernel)."""


@dataclass(frozen=True)
class KernelBinding:
    """A module's PCI ID table in the kernels of the alias table."""

    module: str
    rows: tuple[tuple[str, frozenset[str]], ...]
    """(modules.alias pattern, the releases of the kernels that carry it)."""
    kernels: tuple[Kernel, ...]
    """Every kernel of the table, in version order."""

    @property
    def shipped_in(self) -> tuple[Kernel, ...]:
        have = set().union(*(k for _, k in self.rows)) if self.rows else set()
        return tuple(k for k in self.kernels if k.release in have)

    def patterns(self) -> list[ModaliasPattern]:
        return [ModaliasPattern.parse(p) for p, _ in self.rows]

    def evaluate(self, ids: DeviceIds, kernel: str | None) -> KernelVerdict:
        """Per kernel: binds, cannot bind, needs an unstated ID, or the module is not in its
        modules.alias; then the answer for the host's kernel (``uname -r``, or None when the
        description does not state it)."""
        status: dict[str, Match] = {}
        needs: list[str] = []
        matched: str | None = None
        for text, releases in self.rows:
            pattern = ModaliasPattern.parse(text)
            result = pattern.match(ids)
            if result is None:
                needs.extend(n for n in pattern.needs(ids) if n not in needs)
            elif result is True and matched is None:
                matched = pattern.text
            for release in releases:
                old = status.get(release, False)
                if old is True or result is True:
                    status[release] = True
                elif old is None or result is None:
                    status[release] = None
                else:
                    status[release] = False
        binds = tuple(k for k in self.kernels if status.get(k.release) is True)
        refuses = tuple(
            k for k in self.kernels if k.release in status and status[k.release] is False
        )
        undecided = tuple(
            k for k in self.kernels if k.release in status and status[k.release] is None
        )
        absent = tuple(k for k in self.kernels if k.release not in status)
        match, reason = self._decide(status, kernel)
        return KernelVerdict(
            match, binds, refuses, undecided, absent, tuple(needs), matched, reason
        )

    def _decide(self, status: dict[str, Match], kernel: str | None) -> tuple[Match, str]:
        span = kernel_span(self.kernels)
        if kernel:
            key = kernel_key(kernel)
            if not key:
                return None, f"the host's kernel release '{kernel}' is not a version"
            low, high = self.kernels[0], self.kernels[-1]
            if key[:2] < low.series or key[:2] > high.series:
                return None, f"the alias table covers Linux {span} and the host runs {kernel}"
            near = [k for k in self.kernels if k.series == key[:2]]
            if not near:
                near = [k for k in self.kernels if k.key < key][-1:]
                near += [k for k in self.kernels if k.key > key][:1]
            return _verdict({status.get(k.release, _ABSENT) for k in near}, near, kernel)
        answers = {status.get(k.release, _ABSENT) for k in self.kernels}
        shipped = [k for k in self.kernels if k.release in status]
        if answers == {True}:
            return True, f"in every kernel of the table (Linux {span})"
        if answers == {False}:
            return False, f"in every kernel of the table (Linux {span})"
        if answers == {True, _ABSENT}:
            return True, (
                f"in every kernel that has it as a module (Linux {kernel_span(shipped)}; the "
                "others build it in)"
            )
        if answers == {_ABSENT}:
            return None, f"no kernel of the table (Linux {span}) has it as a module"
        if None in answers:
            return None, "its patterns need device IDs the description does not state"
        binds = [k for k in self.kernels if status.get(k.release) is True]
        if binds:
            return None, (
                f"it binds in Linux {_and(k.label for k in binds)} only, and the host's kernel "
                "is not stated"
            )
        return None, (
            f"no pattern matches in Linux {_and(k.label for k in shipped)}, but the other "
            "kernels of the table build it in or leave it out, and the host's kernel is not stated"
        )


_ABSENT = "absent"


def _verdict(answers: set[object], near: list[Kernel], kernel: str) -> tuple[Match, str]:
    names = _and(k.label for k in near)
    where = f"Linux {names}, the table's kernel{'s' if len(near) > 1 else ''} nearest the host's {kernel}"
    if answers == {True}:
        return True, f"in {where}"
    if answers == {False}:
        return False, f"in {where}"
    if answers == {_ABSENT}:
        return None, f"{where}, has no modules.alias row for it (built in, or not built)"
    if None in answers:
        return None, "its patterns need device IDs the description does not state"
    return None, f"{where}, disagree"


def kernel_span(kernels: Iterable[Kernel]) -> str:
    items = sorted(kernels, key=lambda k: k.key)
    if not items:
        return "(none)"
    first, last = items[0].label, items[-1].label
    return first if first == last else f"{first} to {last}"


@dataclass
class KernelAliasTable:
    """``linux-pci-aliases.tsv``: Linux modules' PCI ID tables per kernel.

    A module's rows are found when it is first asked for (a search of the text for its name between
    tabs, about a millisecond), so a run that asks about three modules never indexes the other 700.
    """

    path: str
    kernels: tuple[Kernel, ...]
    text: str
    _bindings: dict[str, KernelBinding | None] = field(default_factory=dict)
    _sets: dict[str, frozenset[str]] = field(default_factory=dict)
    _by_vendor: dict[str | None, list[tuple[ModaliasPattern, str]]] | None = None

    def module_for(self, ids: DeviceIds) -> tuple[str, str, list[str]] | None:
        """The module whose alias matches ``ids`` most specifically (fewest wildcards), its
        pattern, and the other modules that match too; None when none does. The first call reads
        every row (about 10,000); ``vfio_pci:`` aliases, which bind only through
        ``driver_override``, never match."""
        if self._by_vendor is None:
            self._by_vendor = self._index()
        matches: list[tuple[int, str, str]] = []
        for pattern, module in [
            *self._by_vendor.get(ids.vendor, []),
            *self._by_vendor.get(None, []),
        ]:
            if pattern.match(ids) is True:
                fields = (
                    pattern.vendor,
                    pattern.device,
                    pattern.subvendor,
                    pattern.subdevice,
                    pattern.base_class,
                    pattern.subclass,
                    pattern.prog_if,
                )
                matches.append((sum(1 for f in fields if f is None), module, pattern.text))
        if not matches:
            return None
        matches.sort()
        best = matches[0]
        return best[1], best[2], sorted({m for _, m, _ in matches if m != best[1]})

    def _index(self) -> dict[str | None, list[tuple[ModaliasPattern, str]]]:
        index: dict[str | None, list[tuple[ModaliasPattern, str]]] = {}
        for line in self.text.splitlines():
            if not line.startswith("pci:"):
                continue
            cells = line.split("\t")
            if len(cells) != 3:
                continue
            try:
                pattern = ModaliasPattern.parse(cells[0])
            except ValueError:
                continue
            index.setdefault(pattern.vendor, []).append((pattern, cells[1]))
        return index

    @property
    def title(self) -> str:
        return f"the Linux PCI alias table of Debian's kernels {kernel_span(self.kernels)}"

    def module(self, name: str) -> KernelBinding | None:
        """The module's ID table (module names compare with '-' and '_' equal, as modprobe does)."""
        key = name.replace("-", "_")
        if key in self._bindings:
            return self._bindings[key]
        rows = self._rows(key)
        found = KernelBinding(key, tuple(rows), self.kernels) if rows else None
        self._bindings[key] = found
        return found

    def _rows(self, module: str) -> list[tuple[str, frozenset[str]]]:
        text = self.text
        out: list[tuple[str, frozenset[str]]] = []
        if not module or "\t" in module or "\n" in module:
            return out
        needle = f"\t{module}\t"
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            cells = text[start:end].split("\t")
            if cells == ["pattern", "module", "kernels"] or start == 0 or text[start] == "#":
                at = text.find(needle, end)
                continue  # the header row or a comment, not a row
            if len(cells) != 3 or not cells[0].startswith(("pci:", "vfio_pci:")) or not cells[2]:
                line = text.count("\n", 0, start) + 1
                raise GeneratedTableError(
                    f"{self.path}:{line}: expected pattern, module and kernels"
                )
            kset = self._sets.get(cells[2])
            if kset is None:
                kset = self._sets[cells[2]] = frozenset(cells[2].split(","))
            out.append((cells[0], kset))
            at = text.find(needle, end)
        return out


def load_aliases(path: Path) -> KernelAliasTable:
    """The table's kernels (its header) and its text; rows are read per module on demand."""
    text = _read(path)
    kernels: list[Kernel] = []
    pos = 0
    number = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        number += 1
        if line.startswith("# kernel: "):
            parts = line.removeprefix("# kernel: ").split()
            fields = dict(p.partition("=")[::2] for p in parts[1:])
            kernels.append(Kernel(parts[0], fields.get("release", "")))
        elif line.strip() and not line.startswith("#"):
            if line.split("\t") != ["pattern", "module", "kernels"]:
                raise GeneratedTableError(
                    f"{path}:{number}: expected the header row 'pattern, module, kernels'"
                )
            break
        pos = end + 1
    if not kernels:
        raise GeneratedTableError(f"{path}: no '# kernel:' lines in the header")
    kernels.sort(key=lambda k: k.key)
    return KernelAliasTable(str(path), tuple(kernels), text)


# --- pci.ids -----------------------------------------------------------------------------------------

_VENDOR = re.compile(r"^([0-9a-f]{4})  (.+)$", re.M)
_VERSION = re.compile(r"^#\s*Version:\s*(\S+)", re.M)


@dataclass
class PciIdsTable:
    """The full ``pci.ids``: vendor names (indexed on first use) and device names (looked up in the
    vendor's block on demand)."""

    path: str
    text: str
    version: str | None
    _vendors: dict[str, str] | None = None
    _offsets: dict[str, int] | None = None

    @property
    def title(self) -> str:
        return f"pci.ids {self.version}" if self.version else "pci.ids"

    def _index(self) -> None:
        vendors: dict[str, str] = {}
        offsets: dict[str, int] = {}
        end = self.text.find("\nC ")  # the class section follows the vendors
        for m in _VENDOR.finditer(self.text, 0, end if end >= 0 else len(self.text)):
            vendors.setdefault(m.group(1), m.group(2).strip())
            offsets.setdefault(m.group(1), m.end())
        self._vendors, self._offsets = vendors, offsets

    @property
    def vendors(self) -> dict[str, str]:
        if self._vendors is None:
            self._index()
        assert self._vendors is not None
        return self._vendors

    def vendor_name(self, vendor: str) -> str | None:
        return self.vendors.get(vendor.lower())

    def device_name(self, vendor: str, device: str) -> str | None:
        """The device's name under its vendor, or None when pci.ids does not list it."""
        if self._offsets is None:
            self._index()
        assert self._offsets is not None
        start = self._offsets.get(vendor.lower())
        if start is None:
            return None
        wanted = "\t" + device.lower()
        for line in _block(self.text, start):
            if line.startswith(wanted) and line[5:6].isspace():
                return line[5:].strip()
        return None


def _block(text: str, start: int) -> Iterator[str]:
    pos = text.find("\n", start) + 1
    while 0 < pos < len(text) and text[pos] in "\t#\n":
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield text[pos:end]
        pos = end + 1


def load_pci_ids(path: Path) -> PciIdsTable:
    text = _read(path)
    m = _VERSION.search(text)
    table = PciIdsTable(str(path), text, m.group(1) if m else None)
    if not _VENDOR.search(text):
        raise GeneratedTableError(f"{path}: no vendor lines: this is not a pci.ids file")
    return table


def _and(items: Iterable[str]) -> str:
    values = list(items)
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]
