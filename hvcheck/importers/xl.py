"""Xen xl.cfg -> a Xen guest (PV, PVH or HVM) with its virtual devices.

The file is read with the grammar of libxlu: ``KEY = VALUE`` settings separated by newlines or ``;``,
values that are quoted strings, numbers or ``[ … ]`` lists, ``#`` comments, and ``KEY += VALUE``.
Devices are served by dom0 (a placeholder partition) or by the backend domain a spec names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hvcheck.importers._common import (
    Guest,
    Imported,
    ImportRefused,
    ImportWarning,
    PDev,
    SourcePos,
    VDev,
    decode_text,
    line_pos,
    pci_address,
    pci_device_id,
    sanitize_id,
)

TITLE = "a Xen xl.cfg file"
"""What the source format is, for messages and provenance comments."""
SCOPE = "guest"
"""``guest``: every file of one product becomes one host; ``host``: one host per file."""


Value = str | int | list["Value"]

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r]+)
  | (?P<comment>\#[^\n]*)
  | (?P<nl>\n)
  | (?P<semi>;)
  | (?P<plus>\+=)
  | (?P<eq>=)
  | (?P<lb>\[)
  | (?P<rb>\])
  | (?P<comma>,)
  | (?P<dq>"(?:[^"\\\n]|\\.)*")
  | (?P<sq>'(?:[^'\\\n]|\\.)*')
  | (?P<num>0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]+)?)
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


@dataclass
class _Tok:
    kind: str
    text: str
    line: int
    column: int = 1


def _tokens(path: str, text: str, skipped: list[tuple[int, str]]) -> list[_Tok]:
    """Tokens; a character xl's lexer does not accept starts a skipped stretch to the end of its
    line (recorded in ``skipped``)."""
    out: list[_Tok] = []
    pos, line, start = 0, 1, 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            skipped.append((line, text[pos:end][:40]))
            out.append(_Tok("bad", text[pos:end], line, pos - start + 1))
            pos = end
            continue
        kind = m.lastgroup or ""
        if kind not in ("ws", "comment"):
            out.append(_Tok(kind, m.group(0), line, pos - start + 1))
        pos = m.end()
        if kind == "nl":
            line += 1
            start = pos
    out.append(_Tok("eof", "", line, pos - start + 1))
    return out


@dataclass
class XlConfig:
    """The settings of an xl.cfg, where each is written, and what was skipped."""

    settings: dict[str, Value]
    text: str
    keys: dict[str, SourcePos] = field(default_factory=dict)  # the line of each setting
    items: dict[str, list[SourcePos]] = field(default_factory=dict)  # each list item's string
    warnings: list[ImportWarning] = field(default_factory=list)


def parse(path: str, data: bytes) -> dict[str, Value]:
    return parse_config(path, data).settings


def parse_config(path: str, data: bytes) -> XlConfig:
    text = decode_text(path, data, TITLE)
    skipped: list[tuple[int, str]] = []
    toks = _tokens(path, text, skipped)
    i = 0
    settings: dict[str, Value] = {}
    config = XlConfig(settings, text)

    def fail(tok: _Tok, expected: str) -> ImportRefused:
        got = repr(tok.text) if tok.kind != "eof" else "the end of the file"
        if tok.kind == "nl":
            got = "the end of the line"
        return ImportRefused(path, f"not {TITLE}: line {tok.line}: expected {expected}, got {got}")

    def atom(tok: _Tok) -> str | int:
        if tok.kind in ("dq", "sq"):
            return _unquote(tok.text)
        if tok.kind == "num":
            if "." in tok.text or len(tok.text) > 18:
                return tok.text  # kept as text; never a huge conversion
            return int(tok.text, 0)
        raise fail(tok, "a string or a number")

    def parse_value(i: int, depth: int = 0) -> tuple[Value, int]:
        if toks[i].kind != "lb":
            return atom(toks[i]), i + 1
        if depth >= 8:
            raise fail(toks[i], "a value (lists nest at most 8 deep)")
        items: list[Value] = []
        i += 1
        while True:
            while toks[i].kind == "nl":
                i += 1
            if toks[i].kind == "rb":
                return items, i + 1
            item, i = parse_value(i, depth + 1)
            items.append(item)
            while toks[i].kind == "nl":
                i += 1
            if toks[i].kind == "comma":
                i += 1
                continue
            if toks[i].kind == "rb":
                return items, i + 1
            raise fail(toks[i], "',' or ']'")

    def item_positions(start: int, end: int) -> list[SourcePos]:
        return [
            SourcePos(t.line, t.column, t.line, t.column + len(t.text))
            for t in toks[start:end]
            if t.kind in ("dq", "sq", "num")
        ]

    while toks[i].kind != "eof":
        tok = toks[i]
        if tok.kind in ("nl", "semi"):
            i += 1
            continue
        if tok.kind == "bad":
            i += 1
            continue  # reported below, as xl would refuse the file
        if tok.kind != "id":
            raise fail(tok, "a setting name")
        key = tok.text
        op = toks[i + 1]
        if op.kind == "bad":
            i += 2  # 'install-method = …': xl's lexer stops at '-'; reported below
            continue
        if op.kind not in ("eq", "plus"):
            raise fail(op, "'='")
        first = i
        i += 2
        while toks[i].kind == "nl":
            i += 1
        start = i
        value, i = parse_value(i)
        if toks[i].kind not in ("nl", "semi", "eof"):
            raise fail(toks[i], "the end of the setting")
        if op.kind == "plus" and key in settings:
            old = settings[key]
            if isinstance(old, list):
                value = old + (value if isinstance(value, list) else [value])
            elif isinstance(old, str) and isinstance(value, str):
                value = old + value
            config.items[key] = config.items.get(key, []) + item_positions(start, i)
        else:
            config.items[key] = item_positions(start, i)
        settings[key] = value
        config.keys.setdefault(key, line_pos(text, toks[first].line, toks[first].column - 1))
    if not settings:
        if skipped:
            line, shown = skipped[0]
            raise ImportRefused(path, f"not {TITLE}: line {line}: unexpected {shown!r}")
        raise ImportRefused(path, f"not {TITLE}: it has no settings")
    for line, shown in skipped:
        config.warnings.append(
            ImportWarning(
                path,
                f"xl would refuse this file: {shown!r} is not xl.cfg syntax (skipped to the end "
                "of the line)",
                line,
            )
        )
    return config


def _items(value: Value | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v if isinstance(v, str) else str(v) for v in value]
    return [str(value)]


def _spec(text: str) -> tuple[dict[str, str], list[str]]:
    """A device spec 'k=v,k=v,pos,pos' as (keys, positional values); ``target=`` takes the rest."""
    keys: dict[str, str] = {}
    positional: list[str] = []
    rest = text
    while rest:
        m = re.match(r"\s*target\s*=", rest)
        if m:
            keys["target"] = rest[m.end() :].strip()
            break
        part, _, rest = rest.partition(",")
        part = part.strip()
        if "=" in part:
            k, _, v = part.partition("=")
            keys[k.strip().lower()] = v.strip()
        else:
            positional.append(part)
    return keys, positional


@dataclass
class _Ctx:
    guest: Guest
    kind: str  # pv, pvh, hvm
    used: set[str] = field(default_factory=set)


def import_file(path: str, data: bytes) -> Imported:
    config = parse_config(path, data)
    cfg = config.settings
    used: set[str] = set()

    def get(key: str) -> Value | None:
        if key in cfg:
            used.add(key)
        return cfg.get(key)

    name = get("name")
    stem = path.replace("\\", "/").rsplit("/", 1)[-1]
    guest = Guest(name=str(name) if name else re.sub(r"\.cfg$", "", stem) or "domU", source=path)
    guest.pos = config.keys.get("name") or min(config.keys.values(), key=lambda p: p.line)
    for field_name, keys in (
        ("memory_mb", ("memory",)),
        ("vcpus", ("vcpus",)),
        ("virt_mode", ("type", "builder")),
        ("device_model", ("device_model_version",)),
        ("xen_platform_pci", ("xen_platform_pci",)),
        ("firmware", ("firmware", "bios")),
    ):
        found = next((config.keys[k] for k in keys if k in config.keys), None)
        if found is not None:
            guest.at[field_name] = found
    if not name:
        guest.comments.append(f"the file sets no name; named '{guest.name}' here")
    gtype = str(get("type") or "").lower()
    builder = str(get("builder") or "").lower()
    if gtype not in ("pv", "pvh", "hvm"):
        if gtype:
            guest.unmapped.append(f"type '{gtype}' is not pv, pvh or hvm: read as pv")
        gtype = "hvm" if builder == "hvm" else "pv"
    guest.comments.insert(
        0,
        f"from {path}: Xen {gtype.upper()} guest '{guest.name}'"
        + (f" (builder={builder})" if builder else ""),
    )
    ctx = _Ctx(guest, gtype, used)
    if str(get("driver_domain") or "0") not in ("0", ""):
        guest.role = "driver-domain"
        guest.comments.append("driver_domain=1: this domain runs backends for other domains")

    memory = get("memory")
    if isinstance(memory, int) and 1 <= memory <= 1 << 40:
        guest.memory_mb = memory
    elif memory is not None:
        guest.unmapped.append(f"memory = {memory!r}")
    vcpus = get("vcpus")
    if isinstance(vcpus, int) and 1 <= vcpus <= 4096:
        guest.vcpus = vcpus
    elif vcpus is not None:
        guest.unmapped.append(f"vcpus = {vcpus!r}")

    for key, handler in (("vif", _vif), ("disk", _disk), ("pci", _pci), ("dtdev", _dtdev)):
        places = config.items.get(key, [])
        for n, spec in enumerate(_items(get(key))):
            before = len(guest.devices)
            handler(ctx, n, spec)
            where = places[n] if n < len(places) else config.keys.get(key)
            for dev in guest.devices[before:]:
                dev.pos = where
    before = len(guest.devices)
    _video(ctx, get)
    for dev in guest.devices[before:]:
        dev.pos = config.keys.get("vga") or config.keys.get("stdvga") or config.keys.get("type")

    recorded = []
    guest.virt_mode = gtype
    dm = get("device_model_version")
    if dm is not None and str(dm) in ("qemu-xen", "qemu-xen-traditional", "none"):
        guest.device_model = str(dm)
    elif dm is not None:
        recorded.append(f"device_model_version = {dm}")
    for key in ("device_model_override", "device_model_stubdomain_override"):
        value = get(key)
        if value is not None:
            recorded.append(f"{key} = {value}")
    platform = get("xen_platform_pci")
    if platform is not None and str(platform) in ("0", "1"):
        guest.xen_platform_pci = str(platform) == "1"
    elif platform is not None:
        recorded.append(f"xen_platform_pci = {platform}")
    for key in ("bios", "firmware"):
        value = str(get(key) or "").lower()
        if value in ("ovmf", "uefi"):
            guest.firmware = "uefi"
        elif value in ("seabios", "rombios", "bios"):
            guest.firmware = "bios"
        elif value:
            recorded.append(f"{key} = {value}")
    viridian = get("viridian")
    if viridian is not None and str(viridian) not in ("0", ""):
        recorded.append(f"viridian = {viridian} (Hyper-V enlightenments offered to the guest)")
    guest.unmapped[:0] = recorded
    rest = [k for k in cfg if k not in used]
    if rest:
        guest.unmapped.append("other settings: " + ", ".join(rest))
    first_backing: dict[str, SourcePos | None] = {}
    for d in guest.devices:
        if d.backed_by is not None:
            first_backing.setdefault(d.backed_by, d.pos)
    for pdev in guest.host_devices:  # where the source names it: its first pci= entry
        pdev.pos = first_backing.get(pdev.id)
    return Imported(
        path,
        "xen",
        "xl",
        [guest],
        parent_placeholder=True,
        text=config.text,
        warnings=config.warnings,
    )


# vif model= of an HVM guest (type=ioemu) -> model id; other names are QEMU's own device names
NIC_MODELS = {"rtl8139": "qemu-rtl8139", "e1000": "qemu-e1000", "": "qemu-rtl8139"}
VIDEO_MODELS = {"stdvga": "stdvga", "cirrus": "cirrus", "qxl": "qxl"}
VOCABULARY: frozenset[str] = frozenset(
    list(NIC_MODELS.values())
    + list(VIDEO_MODELS.values())
    + ["xen-netfront", "qemu-ide", "lsi53c895a", "xen-blkfront", "xen-pci-passthrough"]
)


def _backend(keys: dict[str, str]) -> str:
    backend = keys.get("backend", "")
    if backend and backend not in ("0", "Domain-0", "dom0"):
        return backend
    return "dom0"


def _vif(ctx: _Ctx, n: int, spec: str) -> None:
    keys, _ = _spec(spec)
    vtype = keys.get("type", "").lower()
    raw = keys.get("model", "").lower()
    bridge = keys.get("bridge", "")
    note = f"vif {n}" + (f", bridge {bridge}" if bridge else "")
    if ctx.kind != "hvm" or vtype in ("vif", "netfront"):
        model, mode = "xen-netfront", "paravirtual"
        if raw and ctx.kind == "hvm":
            note += f" (model={raw} ignored: type={vtype})"
        elif raw:
            ctx.guest.unmapped.append(
                f"vif {n} model={raw}: ignored for a {ctx.kind.upper()} guest"
            )
    else:
        if raw in NIC_MODELS:
            model = NIC_MODELS[raw]
        else:
            model = raw  # model= is the name of a QEMU device (the QEMU table knows QEMU's)
            note += f"; model={raw} (the QEMU device of that name)"
        mode = "emulated"
        note += f"; type=ioemu{'' if raw else ' (default model rtl8139)'}: also offered as a PV netfront device"
    ctx.guest.devices.append(
        VDev(f"vif{n}", "nic", model, mode, served_by=_backend(keys), note=note)
    )


def _disk(ctx: _Ctx, n: int, spec: str) -> None:
    keys, positional = _spec(spec)
    # positional: target, format, vdev, access; the deprecated form leaves out the format
    # ('phy:/dev/vg/disk,xvda,w'), so the later values are recognised by their shape
    if positional and positional[0]:
        keys.setdefault("target", positional[0])
    extra: list[str] = []
    for value in positional[1:]:
        low = value.lower()
        if not value:
            continue
        if re.fullmatch(r"(xvd|hd|sd|vd)[a-z]+\d*(:cdrom)?|\d+", low):
            keys.setdefault("vdev", value)
        elif low in ("r", "ro", "w", "rw"):
            keys.setdefault("access", value)
        elif low in ("raw", "qcow", "qcow2", "vhd", "qed", "empty"):
            keys.setdefault("format", value)
        else:
            extra.append(low)
    vdev = keys.get("vdev", "")
    cdrom = keys.get("devtype", "").lower() == "cdrom" or "cdrom" in extra
    if vdev.endswith(":cdrom"):
        cdrom, vdev = True, vdev[: -len(":cdrom")]
    kind = "cdrom" if cdrom else "disk"
    note = f"disk {n} vdev {vdev or '?'}" + (f", {keys['target']}" if keys.get("target") else "")
    if ctx.kind == "hvm" and (vdev.startswith("hd") or cdrom):
        model, mode = "qemu-ide", "emulated"
        if not cdrom:
            note += "; emulated IDE disk: also offered as a PV blkfront device"
    elif ctx.kind == "hvm" and vdev.startswith("sd"):
        model, mode = "lsi53c895a", "emulated"
        note += "; emulated SCSI disk: also offered as a PV blkfront device"
    else:
        model, mode = "xen-blkfront", "paravirtual"
    local = sanitize_id(vdev, f"disk{n}", 40) if vdev else f"disk{n}"
    if any(d.local == local for d in ctx.guest.devices):
        local = f"disk{n}"
    prefixes = (("xvd", "xen"), ("hd", "ide"), ("sd", "scsi"))
    bus = next((b for p, b in prefixes if vdev.startswith(p)), None)
    target = keys.get("target", "")
    fmt = keys.get("format", "").lower()
    media = None
    if cdrom and target.lower().endswith(".iso"):
        media = "iso"
    elif target.startswith(("/dev/", "phy:")) or keys.get("backendtype") == "phy":
        media = "physical"
    elif fmt in ("raw", "qcow2", "vhd"):
        media = fmt
    ctx.guest.devices.append(
        VDev(local, kind, model, mode, served_by=_backend(keys), bus=bus, media=media, note=note)
    )


def _pci(ctx: _Ctx, n: int, spec: str) -> None:
    keys, positional = _spec(spec)
    bdf = keys.get("bdf") or (positional[0] if positional else "")
    address = pci_address(bdf.split("@", 1)[0]) if bdf else None
    dev = VDev(f"pci{n}", "pci", "xen-pci-passthrough", "passthrough", note=f"pci {n}: {spec}")
    if address is None:
        ctx.guest.unmapped.append(f"pci {n} '{spec}': no PCI address found, no host device named")
    else:
        _placeholder(ctx, dev, pci_device_id(address), address, "address")
    ctx.guest.devices.append(dev)


def _dtdev(ctx: _Ctx, n: int, spec: str) -> None:
    """``dtdev = ["/soc/ethernet@e0000"]``: a device-tree node passed through (Xen on Arm)."""
    path = spec.strip()
    dev = VDev(f"dtdev{n}", "other", "xen-dt-passthrough", "passthrough", note=f"dtdev {n}: {spec}")
    if not path.startswith("/"):
        ctx.guest.unmapped.append(f"dtdev {n} '{spec}': not an absolute device tree path")
    else:
        pid = sanitize_id("dt-" + path.strip("/"), "dt-device")
        _placeholder(ctx, dev, pid, path, "device tree path")
    ctx.guest.devices.append(dev)


def _placeholder(ctx: _Ctx, dev: VDev, pid: str, address: str, named_by: str) -> None:
    """The host device a ``pci`` or ``dtdev`` entry passes through, as a placeholder the guest's
    ``dev`` is backed by: the xl.cfg names only its address (``named_by``)."""
    ctx.guest.host_devices.append(
        PDev(
            pid,
            "other",
            address=address,
            note=f"placeholder: passed through to '{ctx.guest.name}'; "
            f"the xl.cfg names only its {named_by}",
        )
    )
    dev.backed_by = pid


def _video(ctx: _Ctx, get: Callable[[str], Value | None]) -> None:
    vga = get("vga")
    stdvga = get("stdvga")
    nographic = get("nographic")
    for key in ("videoram",):
        get(key)
    if ctx.kind != "hvm":
        if vga is not None or stdvga is not None:
            ctx.guest.unmapped.append(
                f"vga/stdvga set for a {ctx.kind.upper()} guest (no device model)"
            )
        return
    if str(nographic or "0") not in ("0", ""):
        ctx.guest.unmapped.append("nographic = 1 (no emulated display)")
        return
    raw = str(vga or "").lower()
    if raw == "none":
        ctx.guest.unmapped.append("vga = none (no emulated display)")
        return
    if not raw:
        raw = "stdvga" if str(stdvga or "0") not in ("0", "") else "cirrus"
        note = f"HVM video {raw}" + (" (xl's default)" if stdvga is None else "")
    else:
        note = f"vga = {raw}"
    model = VIDEO_MODELS.get(raw, raw)
    if raw not in VIDEO_MODELS:
        ctx.guest.unmapped.append(
            f"vga '{raw}' is not one hvcheck knows: written as model "
            f"'{sanitize_id(raw, 'unknown')}', mode 'emulated' (assumed)"
        )
    ctx.guest.devices.append(
        VDev("video0", "video", model, "emulated", served_by="dom0", note=note)
    )
