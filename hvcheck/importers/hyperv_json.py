"""``scripts/collect-hyperv.ps1`` JSON -> a Windows Hyper-V host: hardware, drivers and VMs.

The collector runs read-only cmdlets on the Windows host (see the script's help); this importer
maps what they report. The release comes from the Windows build number, the CPU from
Win32_Processor (or, when the hypervisor is running, from the fact that it runs), memory from the
installed modules, firmware from ``$env:firmware_type``, Confirm-SecureBootUEFI and Win32_Tpm, the PCI
devices from Get-PnpDevice and their PCI properties (those SurveyDDA.ps1 reads), each device's
driver service as a ``windows-x64`` driver in the parent partition, and every VM from Get-VM with
its generation, memory, firmware, integration services, network adapters, disks and assigned
devices. What the JSON leaves out, or the cmdlets could not tell, stays unknown.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from hvcheck.importers._common import (
    Drv,
    Fact,
    Guest,
    HostFacts,
    Imported,
    ImportRefused,
    OsInfo,
    PDev,
    Scalar,
    VDev,
    decode_text,
    device_class,
    sanitize_id,
)

TITLE = "collect-hyperv.ps1 JSON (a Windows Hyper-V host)"
"""What the source format is, for messages and provenance comments."""
SCOPE = "host"
"""One host per file."""

PARENT = "root"
FORMAT = 1

# Windows build number -> (product, release): Microsoft's Windows Server and Windows client
# release information pages list each release's build.
SERVER_BUILDS = (
    (26100, "2025"),
    (20348, "2022"),
    (17763, "2019"),
    (14393, "2016"),
    (9600, "2012 R2"),
    (9200, "2012"),
    (7600, "2008 R2"),
    (6001, "2008"),
)
CLIENT_BUILDS = ((22000, "11"), (10240, "10"), (9600, "8.1"), (9200, "8"))
SLAT_REQUIRED_FROM = 14393  # Hyper-V on Windows Server 2016 and later will not run without SLAT
INSTRUCTIONS_REQUIRED_FROM = (
    9600  # x64 Windows 8.1 / 2012 R2 and later need CMPXCHG16B, LAHF/SAHF, PREFETCHW
)

# DEVPKEY_PciDevice_DeviceType (pciprop.h) -> host-format pcie_type
DEVICE_TYPES = {
    0: "conventional-pci",
    1: "pci-x",
    2: "endpoint",
    3: "legacy-endpoint",
    4: "rc-integrated-endpoint",
    5: "pcie-treated-as-pci",
    **{n: "bridge" for n in range(6, 15)},
}
# DEVPKEY_PciDevice_InterruptSupport bits (pciprop.h)
INTERRUPT_BITS = ((1, "intx"), (2, "msi"), (4, "msix"))
PNP_CLASSES = {
    "net": "network",
    "scsiadapter": "storage",
    "hdc": "storage",
    "display": "display",
    "usb": "usb",
    "hidclass": "input",
    "ports": "serial",
}
INTEGRATION_SERVICES = {
    "heartbeat": "heartbeat",
    "shutdown": "shutdown",
    "time synchronization": "timesync",
    "key-value pair exchange": "kvp",
    "vss": "vss",
    "backup (volume shadow copy)": "vss",
    "guest service interface": "fcopy",
}
STOP_ACTIONS = {"save": "save", "turnoff": "turn-off", "shutdown": "shut-down"}
EDITIONS = (
    "Datacenter: Azure Edition",
    "Datacenter",
    "Standard",
    "Essentials",
    "Enterprise",
    "Education",
    "Pro for Workstations",
    "Pro",
    "Home",
)
LINUX_NAMES = (
    "linux",
    "ubuntu",
    "debian",
    "red hat",
    "centos",
    "suse",
    "rocky",
    "alma",
    "oracle",
    "fedora",
)
_HWID = re.compile(
    r"^PCIP?\\VEN_(?P<v>[0-9A-F]{4})&DEV_(?P<d>[0-9A-F]{4})"
    r"(?:&SUBSYS_(?P<sd>[0-9A-F]{4})(?P<sv>[0-9A-F]{4}))?(?:&REV_(?P<r>[0-9A-F]{2}))?$",
    re.IGNORECASE,
)
_CC = re.compile(r"^PCIP?\\VEN_[0-9A-F]{4}&CC_(?P<cc>[0-9A-F]{6}|[0-9A-F]{4})$", re.IGNORECASE)
_LOCATION = re.compile(r"PCI bus (\d+), device (\d+), function (\d+)", re.IGNORECASE)


def import_file(path: str, data: bytes) -> Imported:
    doc = _load(path, data)
    result = Imported(path, "hyperv", "hyperv-json", complete=True)  # Get-PnpDevice -PresentOnly
    facts = HostFacts()
    result.host = facts
    os_info = _dict(doc.get("os"))
    product, version, parent_os = _release(result, os_info)
    result.product = product
    facts.version = version
    computer = _dict(doc.get("computerSystem"))
    model = _text(computer.get("model"))
    if model and sanitize_id(model, ""):
        result.name = model
    facts.cpu = _cpu(result, doc, computer, os_info)
    memory = _number(doc.get("physicalMemoryBytes"))
    if memory:
        facts.memory_gb = round(memory / (1 << 30), 2)
    else:
        result.unknown.append(
            "the installed memory unknown: physicalMemoryBytes (Win32_PhysicalMemory) is missing"
        )
    facts.firmware = _firmware(result, _dict(doc.get("firmware")))
    boot = _boot(_dict(doc.get("bootDisk")))
    if boot is not None:
        result.comments.append(f"boot disk: {boot}")
    vm_host = doc.get("vmHost")
    if isinstance(vm_host, dict):
        _iov(result, facts, vm_host)
    else:
        result.unknown.append(
            "the Hyper-V host unknown: the JSON has no vmHost (the Hyper-V module was not found)"
        )
    assigned = _assigned_paths(doc)
    located = _devices(result, doc, assigned)
    parent = Guest(PARENT, path, role="parent", os=parent_os)
    parent.comments.append(
        "the parent (root) partition: the Windows installation that runs Hyper-V and every "
        "physical-device driver"
    )
    result.guests.append(parent)
    for index, vm in enumerate(_list(doc.get("vms"))):
        if isinstance(vm, dict):
            result.guests.append(_vm(path, index, vm, located))
    result.comments.insert(
        0,
        f"from {path}: {len(result.devices)} PCI devices and {len(result.guests) - 1} VMs read "
        "from collect-hyperv.ps1 output; each device's driver service is a windows-x64 driver in "
        "the parent partition.",
    )
    return result


# --- reading -------------------------------------------------------------------------------------


def _load(path: str, data: bytes) -> dict[str, Any]:
    text = decode_text(path, data, TITLE)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            path, f"not {TITLE}: JSON syntax error at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ImportRefused(path, f"not {TITLE}: the JSON is nested too deeply") from None
    except ValueError:  # an integer of thousands of digits
        raise ImportRefused(path, f"not {TITLE}: a number in it is too long") from None
    if not isinstance(doc, dict):
        raise ImportRefused(path, f"not {TITLE}: the document is not a JSON object")
    collector = _dict(doc.get("collector"))
    if _text(collector.get("name")) != "hvcheck collect-hyperv.ps1":
        raise ImportRefused(
            path,
            f"not {TITLE}: no collector.name 'hvcheck collect-hyperv.ps1' (write the file with "
            "scripts/collect-hyperv.ps1)",
        )
    if collector.get("format") != FORMAT:
        raise ImportRefused(
            path,
            f"collector format {str(collector.get('format'))[:20]!r} is not {FORMAT}; use the "
            "collect-hyperv.ps1 of this hvcheck version",
        )
    return doc


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value[:100_000]
    return [] if value is None else [value]  # ConvertTo-Json writes a one-item array as the item


def _text(value: Any, limit: int = 256) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] if text else None


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    number = int(value)
    return number if 0 <= number < 1 << 62 else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


# --- the host ------------------------------------------------------------------------------------


def _release(result: Imported, os_info: dict[str, Any]) -> tuple[str, str | None, OsInfo | None]:
    caption = _text(os_info.get("caption")) or ""
    build = _number(_int_text(os_info.get("buildNumber")))
    server = os_info.get("productType") in (2, 3) or "Server" in caption
    product = "hyperv" if server else "hyperv-client"
    version: str | None = None
    table = SERVER_BUILDS if server else CLIENT_BUILDS
    if build is not None:
        version = next((name for first, name in table if build >= first), None)
    if version is None:
        result.unknown.append(
            f"the Windows release unknown: build {build if build is not None else '(missing)'} "
            "is not one hvcheck maps to a release"
        )
    parent_os: OsInfo | None = None
    name = re.sub(r"^Microsoft\s+", "", caption)
    if name.startswith("Windows"):
        edition = next((e for e in EDITIONS if name.endswith(" " + e)), None)
        if edition:
            name = name[: -len(edition) - 1].strip()
        arch = "x64" if "64" in (_text(os_info.get("architecture")) or "") else None
        parent_os = OsInfo("windows", name, _text(os_info.get("version"), 64), arch, edition)
    return product, version, parent_os


def _int_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return value


def _cpu(
    result: Imported, doc: dict[str, Any], computer: dict[str, Any], os_info: dict[str, Any]
) -> dict[str, Fact]:
    processors = [p for p in _list(doc.get("processors")) if isinstance(p, dict)]
    if not processors:
        result.unknown.append("the processor unknown: the JSON lists no processors")
        return {}
    first = processors[0]
    maker = _text(first.get("manufacturer"))
    if not maker:  # not "other": a vendor the source does not name is unknown
        result.unknown.append("the processor unknown: Win32_Processor names no manufacturer")
        return {}
    vendor = {"GenuineIntel": "intel", "AuthenticAMD": "amd"}.get(maker, "other")
    arch = {9: "x86_64", 0: "x86", 12: "arm64"}.get(_number(first.get("architecture")) or -1)
    if arch is None:
        result.unknown.append("the processor's instruction set unknown (Win32_Processor)")
        return {}
    cpu: dict[str, Fact] = {"vendor": vendor}
    model = _text(first.get("name"))
    if model:
        cpu["model"] = model
    cpu["arch"] = arch
    cpu["sockets"] = min(len(processors), 64)
    cores = [_number(p.get("cores")) for p in processors]
    if all(c for c in cores):
        cpu["cores"] = sum(c for c in cores if c)
    threads = [_number(p.get("logicalProcessors")) for p in processors]
    if all(t for t in threads):
        cpu["threads"] = sum(t for t in threads if t)
    features: dict[str, Fact] = {}
    build = _number(_int_text(os_info.get("buildNumber"))) or 0
    if computer.get("hypervisorPresent") is True and isinstance(doc.get("vmHost"), dict):
        # Windows hides these processor facts while a hypervisor runs; Hyper-V running proves them
        features["hw_virt"] = True
        features["hw_virt_enabled"] = True
        if build >= SLAT_REQUIRED_FROM:
            features["slat"] = True
    else:
        for key, source in (
            ("hw_virt", "vmMonitorModeExtensions"),
            ("hw_virt_enabled", "virtualizationFirmwareEnabled"),
            ("slat", "slat"),
        ):
            value = _flag(first.get(source))
            if value is not None:
                features[key] = value
    if build >= INSTRUCTIONS_REQUIRED_FROM and arch == "x86_64":
        # 64-bit Windows 8.1 / Server 2012 R2 and later do not install without them
        for instruction in ("cmpxchg16b", "lahf_sahf", "prefetchw"):
            features[instruction] = True
    dep = _flag(os_info.get("dataExecutionPreventionAvailable"))
    if dep is True:
        features["nx"] = True
        features["nx_enabled"] = True
    elif dep is False:
        result.unknown.append(
            "NX/XD unknown: Windows reports hardware DEP unavailable (absent, or off in the "
            "firmware)"
        )
    if features:
        cpu["features"] = features
    return cpu


def _firmware(result: Imported, firmware: dict[str, Any]) -> dict[str, Fact]:
    kind = (_text(firmware.get("type")) or "").lower()
    out: dict[str, Fact] = {}
    if kind == "uefi":
        out["type"] = "uefi"
        secure = _flag(firmware.get("secureBoot"))
        if secure is not None:
            out["secure_boot"] = secure
    elif kind == "legacy":
        out["type"] = "bios"
    else:
        result.unknown.append("the firmware unknown: firmware.type ($env:firmware_type) is missing")
        return {}
    version = _text(firmware.get("biosVersion"), 64)
    if version:
        out["version"] = version
    spec = _text(firmware.get("tpmSpecVersion")) or ""
    major = spec.split(",")[0].strip()
    if major in ("2.0", "1.2"):
        out["tpm"] = major
    else:
        result.unknown.append("the TPM unknown: Win32_Tpm reports no specification version")
    return out


def _boot(disk: dict[str, Any]) -> str | None:
    bus = (_text(disk.get("busType")) or "").lower()
    if not bus:
        return None
    media = (_text(disk.get("mediaType")) or "").lower()
    return f"bus {bus}, media {media or 'unknown'} (Get-Disk; not mapped to boot_device)"


def _iov(result: Imported, facts: HostFacts, vm_host: dict[str, Any]) -> None:
    features = facts.cpu.get("features")
    if not isinstance(features, dict):
        return
    support = _flag(vm_host.get("iovSupport"))
    reasons = [r for r in (_text(x, 512) for x in _list(vm_host.get("iovSupportReasons"))) if r]
    if support is True:
        features["iommu"] = True
        features["interrupt_remapping"] = True
        return
    text = " ".join(reasons).lower()
    if "dma remapping" in text:
        features["iommu"] = False
    if "interrupt remapping" in text:
        features["interrupt_remapping"] = False
    if support is False:
        shown = "; ".join(reasons) or "no reason given"
        result.comments.append(f"Get-VMHost IovSupport is false: {shown}")


# --- devices and drivers -------------------------------------------------------------------------


def _assigned_paths(doc: dict[str, Any]) -> dict[str, str]:
    """Location path -> VM name for every device assigned with DDA ('' for dismounted ones)."""
    out: dict[str, str] = {}
    for item in _list(doc.get("hostAssignableDevices")):
        path = _text(_dict(item).get("locationPath"), 1024)
        if path:
            out[path] = ""
    for vm in _list(doc.get("vms")):
        name = _text(_dict(vm).get("name")) or ""
        for item in _list(_dict(vm).get("assignedDevices")):
            path = _text(_dict(item).get("locationPath"), 1024)
            if path:
                out[path] = name
    return out


def _devices(result: Imported, doc: dict[str, Any], assigned: dict[str, str]) -> dict[str, str]:
    """Read the PCI devices and their drivers; return location path -> device id."""
    speeds = {
        (_text(_dict(n).get("deviceId"), 1024) or "").upper(): _number(_dict(n).get("linkSpeedBps"))
        for n in _list(doc.get("hostNetworkAdapters"))
    }
    drivers: dict[str, Drv] = {}
    located: dict[str, str] = {}
    for index, raw in enumerate(_list(doc.get("pciDevices"))):
        item = _dict(raw)
        dev = _device(result, index, item)
        if dev is None:
            result.complete = False  # a device left out: the list is no longer the whole inventory
            continue
        notes = [dev.note] if dev.note else []
        location = _text(item.get("locationPath"), 1024)
        service = _text(item.get("service"), 128)
        status = (_text(item.get("status")) or "").upper()
        speed = speeds.get((_text(item.get("deviceId"), 1024) or "").upper())
        if speed:
            notes.append(f"link {speed / 1e9:g} Gbit/s now (the adapter's current speed)")
        if location:
            located.setdefault(location, dev.id)
        if location and location in assigned:
            owner = assigned[location]
            notes.append(
                f"assigned with DDA to {owner}" if owner else "dismounted for DDA, not assigned"
            )
            if not owner:
                dev.in_use = False
        elif service and service.lower() == "pcip":  # the PCI pass-through stub: dismounted
            dev.in_use = False
            notes.append("dismounted for DDA (service pcip), not assigned to a VM in the JSON")
        elif service:
            name = sanitize_id(service, "driver")
            drv = drivers.get(name.lower())
            if drv is None:
                drv = Drv(name, "windows-x64", "parent", partition=PARENT, observed=True)
                drv.version = _text(item.get("driverVersion"), 64)
                inf = _text(item.get("infPath"), 128)
                provider = _text(item.get("driverProvider"), 128)
                drv.note = ", ".join(p for p in (inf, provider) if p)
                drivers[name.lower()] = drv
            drv.drives.append(dev.id)
        elif status in ("UNKNOWN", "ERROR"):  # no driver service and a problem code: none installed
            dev.in_use = False
            notes.append("no driver installed")
        else:  # no service named, yet the device works (a bridge needs none): not known
            dev.driver_unknown = True
            notes.append("the JSON names no driver service for it")
        dev.note = "; ".join(notes)
        result.devices.append(dev)
    result.drivers = list(drivers.values())
    return located


def _device(result: Imported, index: int, item: dict[str, Any]) -> PDev | None:
    ids = [i for i in (_text(x, 512) for x in _list(item.get("hardwareIds"))) if i]
    compatible = [i for i in (_text(x, 512) for x in _list(item.get("compatibleIds"))) if i]
    match = next((m for m in (_HWID.match(i) for i in ids) if m and m.group("sv")), None)
    match = match or next((m for m in (_HWID.match(i) for i in ids) if m), None)
    name = _text(item.get("friendlyName"))
    if match is None:
        result.unknown.append(
            f"PCI device {index} ({name or 'unnamed'}) skipped: no PCI hardware ID "
            "(PCI\\VEN_v&DEV_d) among its hardware IDs"
        )
        return None
    pci = {"vendor": match.group("v").lower(), "device": match.group("d").lower()}
    if match.group("sv") and (match.group("sv"), match.group("sd")) != ("0000", "0000"):
        pci["subvendor"] = match.group("sv").lower()
        pci["subdevice"] = match.group("sd").lower()
    klass = next(
        (
            m.group("cc").lower()
            for m in (_CC.match(i) for i in compatible)
            if m and len(m.group("cc")) == 6
        ),
        None,
    ) or next((m.group("cc").lower() for m in (_CC.match(i) for i in compatible) if m), None)
    if klass:
        pci["class_code"] = klass
    revision = next(
        (m.group("r") for m in (_HWID.match(i) for i in ids) if m and m.group("r")), None
    )
    if revision:
        pci["revision"] = revision.lower()
    location = _LOCATION.search(_text(item.get("locationInfo")) or "")
    address = None
    if location:
        bus, slot, function = (int(g) for g in location.groups())
        if bus <= 0xFF and slot <= 0x1F and function <= 7:
            address = f"{bus:02x}:{slot:02x}.{function}"
    ident = f"pci-{address}" if address else f"pci-{index}"
    if klass:
        dev_class = device_class(int(klass[:4], 16))
    else:
        dev_class = PNP_CLASSES.get((_text(item.get("class")) or "").lower(), "other")
    dev = PDev(ident, dev_class, name=name, pci=pci, address=address)
    device_type = _number(item.get("deviceType"))
    if device_type is not None and device_type in DEVICE_TYPES:
        dev.pcie_type = DEVICE_TYPES[device_type]
    interrupts = _number(item.get("interruptSupport"))
    if interrupts is not None:
        dev.interrupts = [n for bit, n in INTERRUPT_BITS if interrupts & bit] or ["none"]
    rmrr = item.get("requiresReservedMemoryRegion")
    if isinstance(rmrr, bool) or _number(rmrr) is not None:
        dev.requires_rmrr = bool(rmrr)
    mmio = _number(item.get("mmioBytes"))
    if mmio is not None:
        dev.mmio_mb = float(math.ceil(mmio / (1 << 20)))
    acs = _number(item.get("acsCompatibleUpHierarchy"))
    if acs == 0:
        dev.note = "ACS not supported up the hierarchy (SurveyDDA: not assignable)"
    return dev


# --- VMs -----------------------------------------------------------------------------------------


def _vm(path: str, index: int, vm: dict[str, Any], located: dict[str, str]) -> Guest:
    name = _text(vm.get("name"), 120) or f"vm{index}"
    guest = Guest(name, path)
    generation = _number(vm.get("generation"))
    if generation in (1, 2):
        guest.generation = generation
    guest.vcpus = _number(vm.get("processorCount")) or None
    startup = _number(vm.get("memoryStartupBytes"))
    if startup:
        guest.memory_mb = startup // (1 << 20)
    dynamic = _flag(vm.get("dynamicMemoryEnabled"))
    if dynamic is not None:
        memory: dict[str, Fact] = {"enabled": dynamic}
        for key, source in (
            ("startup_mb", startup),
            ("min_mb", _number(vm.get("memoryMinimumBytes"))),
            ("max_mb", _number(vm.get("memoryMaximumBytes"))),
        ):
            if dynamic and source:
                memory[key] = source // (1 << 20)
        guest.settings["dynamic_memory"] = memory
    stop = STOP_ACTIONS.get((_text(vm.get("automaticStopAction")) or "").lower())
    if stop:
        guest.settings["automatic_stop_action"] = stop
    features: dict[str, Fact] = {}
    compat = _flag(vm.get("processorCompatibility"))
    if compat is not None:
        features["processor_compatibility"] = compat
    if features:
        guest.settings["features"] = features
    for setting, field_name in (("high_mmio_mb", "highMmioBytes"), ("low_mmio_mb", "lowMmioBytes")):
        value = _number(vm.get(field_name))
        if value is not None:
            guest.settings[setting] = value // (1 << 20)
    if guest.generation == 2:
        guest.firmware = "uefi"
        secure = (_text(vm.get("secureBoot")) or "").lower()
        guest.secure_boot = {"on": True, "off": False}.get(secure)
    elif guest.generation == 1:
        guest.firmware = "bios"
    guest.os = _guest_os(guest, _dict(vm.get("guestOs")))
    integration = _integration(vm)
    if integration is not None:
        guest.settings["integration"] = integration
    _virtual_devices(guest, vm, located)
    if _text(vm.get("state")) not in (None, "Running"):
        guest.comments.append(
            f"state {_text(vm.get('state'))}: its integration services are not running"
        )
    return guest


def _guest_os(guest: Guest, info: dict[str, Any]) -> OsInfo | None:
    name = _text(info.get("name"))
    if not name:
        guest.comments.append("its guest OS is unknown (the KVP exchange reported none): add os")
        return None
    lower = name.lower()
    if "windows" in lower:
        clean = re.sub(r"^Microsoft\s+", "", name)
        edition = next((e for e in EDITIONS if clean.endswith(" " + e)), None)
        if edition:
            clean = clean[: -len(edition) - 1].strip()
        return OsInfo("windows", clean, None, None, edition)
    if any(word in lower for word in LINUX_NAMES):
        m = re.match(r"(?P<name>.*?)\s+(?P<version>\d+(?:\.\d+)?)", name)
        if m and m.group("name"):
            return OsInfo("linux", m.group("name"), m.group("version"))
        return OsInfo("linux", name)
    guest.comments.append(f"its guest OS {name!r} is not one hvcheck recognises: add os")
    return None


def _integration(vm: dict[str, Any]) -> dict[str, Fact] | None:
    services = [_dict(s) for s in _list(vm.get("integrationServices"))]
    if not services or _text(vm.get("state")) != "Running":
        return None
    used: list[Scalar] = []
    responding = False
    for service in services:
        key = INTEGRATION_SERVICES.get((_text(service.get("name")) or "").lower())
        if service.get("enabled") is not True:
            continue
        status = (_text(service.get("status")) or "").lower()
        if status == "ok":
            responding = True
            if key and key not in used:
                used.append(key)
    out: dict[str, Fact] = {"present": responding}
    if used:
        out["services"] = used
    return out


def _virtual_devices(guest: Guest, vm: dict[str, Any], located: dict[str, str]) -> None:
    for n, nic in enumerate(_dict(x) for x in _list(vm.get("networkAdapters"))):
        if nic.get("isLegacy") is True:
            guest.devices.append(VDev(f"nic{n}", "nic", "legacy-nic", "emulated", PARENT))
        else:
            guest.devices.append(VDev(f"nic{n}", "nic", "synthetic-nic", "synthetic", PARENT))
    controllers: dict[tuple[str, int], str] = {}
    drives = [("disk", _dict(x)) for x in _list(vm.get("disks"))]
    drives += [("cdrom", _dict(x)) for x in _list(vm.get("dvdDrives"))]
    for n, (kind, drive) in enumerate(drives):
        bus = (_text(drive.get("controllerType")) or "").lower()
        number = _number(drive.get("controllerNumber")) or 0
        if bus not in ("ide", "scsi"):
            continue
        key = (bus, number)
        if key not in controllers:
            local = f"{bus}{number}"
            controllers[key] = local
            if bus == "scsi":
                guest.devices.append(VDev(local, "storage", "synthetic-scsi", "synthetic", PARENT))
            else:
                guest.devices.append(VDev(local, "storage", "ide-controller", "emulated", PARENT))
        synthetic = bus == "scsi"
        if kind == "disk":
            model = "scsi-hard-disk" if synthetic else "ide-hard-disk"
        else:
            model = "scsi-dvd" if synthetic else "ide-dvd"
        fmt = (_text(drive.get("format")) or "").lower()
        media = fmt if fmt in ("vhd", "vhdx", "iso", "physical") else None
        dev = VDev(
            f"{kind}{n}",
            kind,
            model,
            "synthetic" if synthetic else "emulated",
            PARENT,
            controller_local=controllers[key],
            bus=bus,
            unit=_number(drive.get("controllerLocation")),
            media=media,
        )
        guest.devices.append(dev)
    for n, item in enumerate(_dict(x) for x in _list(vm.get("assignedDevices"))):
        location = _text(item.get("locationPath"), 1024)
        backing = located.get(location) if location else None
        if backing is None:
            backing = f"{sanitize_id(guest.name, 'vm')[:60]}-assigned{n}"
            guest.host_devices.append(
                PDev(
                    backing,
                    "other",
                    note=f"assigned with DDA at {location or '(no location path)'}; not among "
                    "the PCI devices read: describe it",
                )
            )
        guest.devices.append(
            VDev(f"dda{n}", "pci", "dda", "passthrough", backed_by=backing, note=location or "")
        )
