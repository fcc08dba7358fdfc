"""The real corpus: libvirt's own test inputs (domain XML, .vmx, xl.cfg).

Set ``HVCHECK_LIBVIRT_CORPUS`` to a folder holding the ``tests/qemuxml2argvdata/``,
``tests/vmx2xmldata/`` and ``tests/xlconfigdata/`` folders of libvirt's source (Debian's libvirt
9.0.0 source package; ``../shared/corpora/get-libvirt-corpus.sh`` extracts them). The files are
LGPL data of the libvirt project and are not committed here. Every file must import, or be refused with a
reason; every import must validate with no HV0xxx finding; and an independent reading of each source
(a few lines of different code here) must agree with the importer's device counts and kinds.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from hvcheck.importers import ImportRefused, import_files
from hvcheck.model.host import HostDocument, Partition
from tests.importers.helpers import validate

CORPUS = os.environ.get("HVCHECK_LIBVIRT_CORPUS", "")

pytestmark = pytest.mark.skipif(
    not CORPUS,
    reason="HVCHECK_LIBVIRT_CORPUS is not set (libvirt 9.0.0 tests/ folders; see the docstring)",
)


def _guest(host: HostDocument) -> Partition:
    (child,) = [p for p in host.spec.partitions if p.role in ("child", "driver-domain")][:1]
    return child


def _count(part: Partition, *kinds: str, mode: str | None = None, model: str | None = None) -> int:
    return sum(
        1
        for d in part.devices
        if (not kinds or d.kind in kinds)
        and (mode is None or d.mode == mode)
        and (model is None or d.model == model)
    )


Expect = dict[str, int]


def _libvirt_expect(data: bytes) -> Expect:
    root = ET.fromstring(data)
    devices = root.find("devices")
    items = list(devices) if devices is not None else []
    interfaces = [e for e in items if e.tag == "interface"]
    virtio = 0
    for iface in interfaces:
        model = iface.find("model")
        kind = (model.get("type") or "") if model is not None else ""
        if not kind and iface.get("type") != "hostdev":
            virtio = -1  # libvirt picks the model by machine type: no independent count
            break
        if kind.lower().startswith("virtio") and iface.get("type") != "hostdev":
            virtio += 1
    return {
        "nic": len(interfaces),
        "disk": sum(1 for e in items if e.tag == "disk"),
        "hostdev": sum(
            1 for e in items if e.tag == "hostdev" and e.get("mode", "subsystem") == "subsystem"
        ),
        "virtio-net": virtio,
    }


def _libvirt_got(part: Partition) -> Expect:
    return {
        "nic": _count(part, "nic"),
        "disk": _count(part, "disk", "cdrom", "floppy"),
        "hostdev": _count(part, "pci", "usb", "storage", mode="passthrough"),
        "virtio-net": _count(part, "nic", model="virtio-net"),
    }


def _vmx_expect(data: bytes) -> Expect:
    text = data.decode("utf-8", "replace")
    values = {
        m.group(1).lower(): m.group(2)
        for m in re.finditer(r'(?m)^\s*([\w.:]+)\s*=\s*"([^"]*)"', text)
    }
    present = {
        k[: -len(".present")]
        for k, v in values.items()
        if k.endswith(".present") and v.lower() == "true"
    }
    nics = [k for k in present if re.fullmatch(r"ethernet\d+", k)]
    return {
        "nic": len(nics),
        "vmxnet3": sum(1 for k in nics if values.get(f"{k}.virtualdev", "").lower() == "vmxnet3"),
        "disk": sum(1 for k in present if re.fullmatch(r"(scsi|sata|nvme|ide)\d+:\d+", k)),
        "passthrough": sum(1 for k in present if re.fullmatch(r"pcipassthru\d+", k)),
    }


def _vmx_got(part: Partition) -> Expect:
    return {
        "nic": _count(part, "nic"),
        "vmxnet3": _count(part, "nic", model="vmxnet3"),
        "disk": _count(part, "disk", "cdrom") + _count(part, "other", mode="passthrough"),
        "passthrough": _count(part, "pci", mode="passthrough"),
    }


def _xl_list(text: str, key: str) -> list[str]:
    m = re.search(rf"(?ms)^\s*{key}\s*=\s*\[(.*?)\]", text)
    return re.findall(r"\"([^\"]*)\"|'([^']*)'", m.group(1)) if m else []


def _xl_expect(data: bytes) -> Expect:
    text = data.decode("utf-8", "replace")
    hvm = bool(re.search(r"(?m)^\s*(type\s*=\s*\"hvm\"|builder\s*=\s*\"hvm\")", text))
    vifs = ["".join(v) for v in _xl_list(text, "vif")]
    pv_nics = sum(1 for v in vifs if not hvm or "type=vif" in v or "type=netfront" in v)
    return {
        "nic": len(vifs),
        "netfront": pv_nics,
        "disk": len(_xl_list(text, "disk")),
        "pci": len(_xl_list(text, "pci")),
    }


def _xl_got(part: Partition) -> Expect:
    return {
        "nic": _count(part, "nic"),
        "netfront": _count(part, "nic", model="xen-netfront"),
        "disk": _count(part, "disk", "cdrom"),
        "pci": _count(part, "pci", mode="passthrough"),
    }


CASES: list[tuple[str, str, str, Callable[[bytes], Expect], Callable[[Partition], Expect]]] = [
    ("libvirt", "qemuxml2argvdata", ".xml", _libvirt_expect, _libvirt_got),
    ("vmx", "vmx2xmldata", ".vmx", _vmx_expect, _vmx_got),
    ("xl", "xlconfigdata", ".cfg", _xl_expect, _xl_got),
]


@pytest.mark.parametrize(
    ("fmt", "folder", "suffix", "expect", "got"), CASES, ids=[c[0] for c in CASES]
)
def test_corpus(
    fmt: str,
    folder: str,
    suffix: str,
    expect: Callable[[bytes], Expect],
    got: Callable[[Partition], Expect],
) -> None:
    files = sorted(p for p in (Path(CORPUS) / folder).iterdir() if p.name.endswith(suffix))
    assert files, f"no {suffix} files in {CORPUS}/{folder}"
    imported = 0
    refused: Counter[str] = Counter()
    problems: list[str] = []
    for path in files:
        data = path.read_bytes()
        try:
            result = import_files(fmt, [str(path)])
        except ImportRefused as exc:
            assert exc.reason and "\n" not in exc.reason
            refused[re.sub(r"'[^']*'", "'…'", exc.reason)] += 1
            continue
        imported += 1
        (host,) = validate(result.text, path.name)
        want, have = expect(data), got(_guest(host))
        have = {k: v for k, v in have.items() if want.get(k, 0) >= 0}
        want = {k: v for k, v in want.items() if v >= 0}
        if want != have:
            problems.append(f"{path.name}: source says {want}, import has {have}")
    summary = ", ".join(f"{n} x {reason}" for reason, n in refused.most_common()) or "none"
    print(f"\n{fmt}: {imported} imported, {sum(refused.values())} refused ({summary})")
    assert problems == [], "\n".join(problems)
    assert imported > len(files) // 2
