"""Reading the vSAN hardware-compatibility list (``all.json``) into HCL catalog entries.

The format is documented by the code that produces and consumes it: a mapping with
``timestamp``, ``jsonUpdatedTime``, ``supportedReleases`` and ``data``, whose lists ``controller``,
``ssd``, ``hdd`` (and ``nic``) hold devices with ``vid``, ``did``, ``svid``, ``ssid`` (lower-case hex
without ``0x``; some producers drop leading zeros) and ``releases``::

    releases: {"ESXi 8.0 U2": {"<driver>": {"<driver version>": {type, firmwares: [{firmware, …}]}},
                               vsanSupport: [...]}}

Each (device, release, driver, driver version) becomes one :class:`HclConstraint`; the listed
firmware versions must match exactly (the file gives no MINIMUM criterion). Entries without PCI IDs
(many disks) cannot match a PCI device and are left out. Problems are findings positioned in the
file, as for any input.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO, NamedTuple

from hvcheck.findings import INVALID_VALUE, Finding, Span, make_finding
from hvcheck.loader.sourcemap import SourceMap, child_path

ALL_JSON_URL = "https://partnerweb.vmware.com/service/vsan/all.json"
CATEGORY_CLASSES = {"controller": "storage", "ssd": "storage", "hdd": "storage", "nic": "network"}
_HEX = re.compile(r"^(?:0[xX])?([0-9a-fA-F]{1,4})$")
_MAX_VERSION = 64
MAX_PROBLEMS = 100
"""Problems reported per file; a file with more is broken, and listing them all costs memory."""


def is_vsan_hcl(data: object) -> bool:
    """True for a document shaped like the vSAN HCL: ``data`` holding device lists, no apiVersion."""
    if not isinstance(data, dict) or "apiVersion" in data:
        return False
    body = data.get("data")
    return isinstance(body, dict) and any(k in body for k in CATEGORY_CLASSES)


class _Reader:
    def __init__(self, smap: SourceMap | None, file: str, document: int) -> None:
        self.smap = smap
        self.file = file
        self.document = document
        self.findings: list[Finding] = []

    def error(self, path: str, message: str) -> None:
        if len(self.findings) >= MAX_PROBLEMS:
            return
        if self.smap is None:  # read as a stream: no positions, so name the entry
            message = f"{path}: {message}"
        self.findings.append(
            make_finding(
                INVALID_VALUE,
                message,
                self.file,
                self.smap.value(path) if self.smap is not None else Span.point(1, 1),
                logical_path=path,
                document=self.document,
            )
        )

    def hex_id(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            m = _HEX.match(value.strip())
            if m:
                return m.group(1).lower().zfill(4)
        self.error(
            path, f"expected a PCI ID as 1 to 4 hexadecimal digits in a string, got {_shown(value)}"
        )
        return None

    def text(self, value: object, path: str, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"expected {what} as a non-empty string, got {_shown(value)}")
            return None
        if len(value.strip()) > _MAX_VERSION:
            self.error(path, f"{what} is longer than {_MAX_VERSION} characters")
            return None
        return value.strip()


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _features(value: object) -> list[str]:
    """vsanSupport values: a list of strings, or a mapping of lists (mode/tier)."""
    out: list[str] = []
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        for item in value:
            out.extend(_features(item))
    elif isinstance(value, dict):
        for key, item in value.items():
            out.extend(f"{key}: {f}" for f in _features(item))
    return [f[:256] for f in out if f.strip()]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class _Collector:
    """What reading the HCL builds up: entries, the releases and device classes seen."""

    def __init__(self, reader: _Reader, source_id: str) -> None:
        self.reader = reader
        self.source_id = source_id
        self.entries: list[dict[str, Any]] = []
        self.seen_releases: list[str] = []
        self.classes: list[str] = []

    def device(self, category: str, ipath: str, item: object) -> None:
        """One device of ``data.<category>``: an entry per (release) it is certified for."""
        reader = self.reader
        if not isinstance(item, dict):
            reader.error(ipath, "expected a device mapping")
            return
        if "vid" not in item or "did" not in item:
            return  # no PCI identity (many disks): it cannot match a PCI device
        ids = {k: reader.hex_id(item[k], child_path(ipath, k)) for k in ("vid", "did")}
        for k in ("svid", "ssid"):
            ids[k] = (
                reader.hex_id(item[k], child_path(ipath, k)) if item.get(k) is not None else None
            )
        if ids["vid"] is None or ids["did"] is None:
            return
        if (item.get("svid") is not None and ids["svid"] is None) or (
            item.get("ssid") is not None and ids["ssid"] is None
        ):
            return
        releases = item.get("releases", {})
        rpath = child_path(ipath, "releases")
        if not isinstance(releases, dict):
            reader.error(rpath, "expected a mapping of ESXi releases")
            return
        base = {
            "vendor": ids["vid"],
            "device": ids["did"],
            "subvendor": ids["svid"],
            "subdevice": ids["ssid"],
            "product": "esxi",
            "category": category[:256],
            "sources": [self.source_id],
        }
        for key, name in (("model", "model"), ("partner", "vendor"), ("link", "vcglink")):
            value = item.get(name)
            if isinstance(value, str) and value.strip():
                base[key] = value.strip()[:256] if key != "link" else value.strip()
        klass = CATEGORY_CLASSES.get(category)
        if klass and klass not in self.classes:
            self.classes.append(klass)
        for release, drivers in releases.items():
            relpath = child_path(rpath, str(release))
            rel = reader.text(release, relpath, "a release name")
            if rel is None:
                continue
            if not isinstance(drivers, dict):
                reader.error(relpath, "expected a mapping of driver names")
                continue
            if rel not in self.seen_releases:
                self.seen_releases.append(rel)
            release_features = _features(drivers.get("vsanSupport"))
            constraints = _constraints(reader, drivers, relpath, release_features)
            self.entries.append({**base, "release": rel, "constraints": constraints})

    def section(self, file: str, supported: object, updated: object) -> dict[str, Any]:
        """The ``drivers`` catalog section: the entries, and which releases and classes it covers."""
        coverage: list[dict[str, Any]] = []
        releases_covered = self.seen_releases
        if isinstance(supported, list) and supported and all(isinstance(r, str) for r in supported):
            releases_covered = _unique([r.strip() for r in supported if r.strip()])
        if self.entries and releases_covered and self.classes:
            title = f"the vSAN HCL ({file.replace(chr(92), '/').rsplit('/', 1)[-1]}"
            title += f", updated {updated})" if isinstance(updated, str | int) else ")"
            coverage.append(
                {
                    "title": title[:256],
                    "product": "esxi",
                    "releases": [r[:_MAX_VERSION] for r in releases_covered],
                    "device_classes": self.classes,
                    "sources": [self.source_id],
                }
            )
        return {"hcl": self.entries, "hcl_coverage": coverage}


def read_vsan_hcl(
    data: dict[str, Any], smap: SourceMap, file: str, source_id: str, document: int = 0
) -> tuple[dict[str, Any], list[Finding]]:
    """The ``drivers`` catalog section (as plain data) built from a loaded all.json document."""
    reader = _Reader(smap, file, document)
    collect = _Collector(reader, source_id)
    for category, items in data["data"].items():
        cpath = child_path("data", str(category))
        if category not in CATEGORY_CLASSES and not isinstance(items, list):
            continue
        if not isinstance(items, list):
            reader.error(cpath, f"expected a list of devices under data.{category}")
            continue
        for i, item in enumerate(items):
            collect.device(str(category), child_path(cpath, i), item)
    updated = data.get("jsonUpdatedTime") or data.get("timestamp")
    return collect.section(file, data.get("supportedReleases"), updated), reader.findings


class HclStream(NamedTuple):
    """An all.json read as a stream: the catalog section, problems, and its update time."""

    drivers: dict[str, Any]
    findings: list[Finding]
    updated: object


def stream_vsan_hcl(handle: BinaryIO, file: str, source_id: str) -> HclStream | None:
    """Read an all.json from ``handle`` one device at a time (bounded memory whatever its size);
    None when the JSON is not shaped like the vSAN HCL. Problems name the entry's logical path
    (``data.controller[12].vid``); the stream carries no line numbers."""
    import ijson

    reader = _Reader(None, file, 0)
    collect = _Collector(reader, source_id)
    top: dict[str, object] = {}
    lists = 0
    index: dict[str, int] = {}
    builder: Any = None
    building = ""
    depth = 0
    for prefix, event, value in ijson.parse(handle, use_float=True):
        if builder is not None:
            if prefix == building and event in ("end_map", "end_array") and depth == 0:
                builder.event(event, value)
                category = building.split(".")[1]
                i = index[category] = index.get(category, -1) + 1
                collect.device(category, child_path(child_path("data", category), i), builder.value)
                builder, building = None, ""
                continue
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            builder.event(event, value)
            continue
        if prefix == "" and event == "map_key" and value == "apiVersion":
            return None  # an hvcheck catalog written as JSON, not the HCL
        parts = prefix.split(".")
        if len(parts) == 3 and parts[0] == "data" and parts[2] == "item":
            if event in ("start_map", "start_array"):
                builder, building, depth = ijson.ObjectBuilder(), prefix, 0
                builder.event(event, value)
            else:  # a scalar where a device belongs
                category = parts[1]
                i = index[category] = index.get(category, -1) + 1
                collect.device(category, child_path(child_path("data", category), i), value)
            continue
        if len(parts) == 2 and parts[0] == "data" and event == "start_array":
            lists += 1
        elif len(parts) == 2 and parts[0] == "data" and event in ("start_map", "string", "number"):
            if parts[1] in CATEGORY_CLASSES:
                reader.error(prefix, f"expected a list of devices under {prefix}")
        elif prefix in ("timestamp", "jsonUpdatedTime") and event in ("string", "number"):
            top[prefix] = value
        elif prefix == "supportedReleases" and event == "start_array":
            top["supportedReleases"] = []
        elif prefix == "supportedReleases.item" and event == "string":
            releases = top.get("supportedReleases")
            if isinstance(releases, list) and len(releases) < 10_000:
                releases.append(value)
    if not lists:
        return None
    updated = top.get("jsonUpdatedTime") or top.get("timestamp")
    section = collect.section(file, top.get("supportedReleases"), updated)
    return HclStream(section, reader.findings, updated)


def _constraints(
    reader: _Reader, drivers: dict[str, Any], relpath: str, release_features: list[str]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for driver, versions in drivers.items():
        if driver == "vsanSupport":
            continue
        dpath = child_path(relpath, str(driver))
        if not isinstance(versions, dict):
            reader.error(dpath, f"expected a mapping of driver versions for driver '{driver}'")
            continue
        if not isinstance(driver, str) or not re.match(
            r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$", driver
        ):
            reader.error(dpath, f"'{driver}' is not a driver name")
            continue
        for version, details in versions.items():
            vpath = child_path(dpath, str(version))
            ver = reader.text(version, vpath, "a driver version")
            if ver is None:
                continue
            if not isinstance(details, dict):
                reader.error(vpath, "expected a mapping with the driver's type and firmwares")
                continue
            firmwares: list[str] = []
            features = list(release_features)
            fws = details.get("firmwares", [])
            fpath = child_path(vpath, "firmwares")
            if not isinstance(fws, list):
                reader.error(fpath, "expected a list of firmwares")
                fws = []
            for k, fw in enumerate(fws):
                kpath = child_path(fpath, k)
                if not isinstance(fw, dict):
                    reader.error(kpath, "expected a mapping with a 'firmware' version")
                    continue
                value = fw.get("firmware")
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue  # certified without a firmware requirement
                name = reader.text(value, child_path(kpath, "firmware"), "a firmware version")
                if name is not None:
                    firmwares.append(name)
                features.extend(_features(fw.get("vsanSupport")))
            constraint: dict[str, Any] = {
                "driver_name": driver,
                "driver_version": ver,
                "firmware_versions": _unique(firmwares),
                "firmware_match": "EXACT",
                "supported_features": _unique(features),
            }
            dtype = details.get("type")
            if isinstance(dtype, str) and dtype.strip():
                constraint["driver_type"] = dtype.strip()[:256]
            out.append(constraint)
    return out
