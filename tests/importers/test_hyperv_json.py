"""`hvcheck import hyperv-json`: what scripts/collect-hyperv.ps1 records on a Windows host."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import hvcheck
from tests.importers.helpers import fixture, validate

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "collect-hyperv.ps1"
DL380 = fixture("hyperv-json", "dl380-ws2022.json")


def imported(path: str):  # type: ignore[no-untyped-def]
    run = hvcheck("import", "hyperv-json", path)
    assert run.code == 0, run.err
    (host,) = validate(run.out)
    return run, host


def test_a_windows_server_2022_hyperv_host() -> None:
    run, host = imported(DL380)
    spec = host.spec
    assert (spec.hypervisor.product, spec.hypervisor.version) == ("hyperv", "2022")  # build 20348
    cpu = spec.cpu
    assert cpu is not None and (cpu.vendor, cpu.sockets, cpu.cores, cpu.threads) == (
        "intel",
        2,
        48,
        96,
    )
    # Windows hides VT-x and SLAT while Hyper-V runs; that it runs proves them
    assert cpu.features.hw_virt and cpu.features.hw_virt_enabled and cpu.features.slat
    assert cpu.features.iommu and cpu.features.interrupt_remapping  # IovSupport
    assert spec.memory_gb == 256.0  # the installed modules, not the usable memory
    assert spec.firmware is not None
    assert (spec.firmware.type, spec.firmware.secure_boot, spec.firmware.tpm) == (
        "uefi",
        True,
        "2.0",
    )
    assert spec.devices_complete is True  # Get-PnpDevice -PresentOnly lists every device
    devices = {d.address: d for d in spec.devices}
    nic = devices["12:00.0"]  # "PCI bus 18, device 0, function 0"
    assert nic.pci is not None
    assert (nic.pci.vendor, nic.pci.device, nic.pci.subvendor, nic.pci.subdevice) == (
        "8086",
        "1572",
        "8086",
        "0007",
    )
    assert (nic.pci.class_code, nic.pci.revision, nic.pcie_type) == ("020000", "02", "endpoint")
    assert nic.interrupts == ["intx", "msi", "msix"] and nic.mmio_mb == 17.0
    ilo = devices["01:00.1"]
    assert (ilo.pcie_type, ilo.requires_rmrr, ilo.interrupts) == ("legacy-endpoint", True, ["intx"])
    assert devices["00:11.5"].in_use is False  # no driver installed
    drivers = {d.name: d for d in spec.drivers}
    assert set(drivers) == {"i40ea", "SmartPqi", "BasicDisplay"}
    i40ea = drivers["i40ea"]
    assert (i40ea.kind, i40ea.location, i40ea.partition, i40ea.version, i40ea.observed) == (
        "windows-x64",
        "parent",
        "root",
        "1.16.202.10",
        True,
    )
    assert "oem7.inf" in run.out
    parts = {p.id: p for p in spec.partitions}
    root = parts["root"]
    assert root.role == "parent" and root.os is not None
    assert (root.os.name, root.os.edition, root.os.arch) == (
        "Windows Server 2022",
        "Datacenter",
        "x64",
    )
    sql = parts["sql01"]
    assert (sql.generation, sql.vcpus, sql.memory_mb, sql.automatic_stop_action) == (
        2,
        8,
        32768,
        "save",
    )
    assert sql.firmware is not None and sql.firmware.secure_boot is True
    assert sql.integration is not None and sql.integration.present is True
    assert sql.integration.services == ["heartbeat", "kvp", "shutdown", "timesync", "vss"]
    assert [d.model for d in sql.devices] == [
        "synthetic-nic",
        "synthetic-scsi",
        "scsi-hard-disk",
        "scsi-hard-disk",
    ]
    ml = parts["ml01"]
    assert ml.os is not None and (ml.os.family, ml.os.name, ml.os.version) == (
        "linux",
        "Ubuntu",
        "22.04",
    )
    (dda,) = [d for d in ml.devices if d.mode == "passthrough"]
    assert (dda.model, dda.backed_by) == ("dda", "pci-af:00.0")
    assert ml.high_mmio_mb == 32768 and ml.automatic_stop_action == "turn-off"
    legacy = parts["legacy-app"]
    assert legacy.generation == 1 and legacy.os is None and legacy.integration is None  # it is off
    assert legacy.dynamic_memory is not None and legacy.dynamic_memory.min_mb == 1024
    assert [d.model for d in legacy.devices] == [
        "legacy-nic", "ide-controller", "ide-hard-disk", "ide-controller", "ide-dvd",
    ]  # fmt: skip
    check = hvcheck("check", "-", stdin=run.out)
    assert check.code == 0, check.out  # a healthy host: no error, no warning


def test_a_windows_10_desktop_without_hyperv() -> None:
    run, host = imported(fixture("hyperv-json", "win10-desktop-no-hyperv.json"))
    spec = host.spec
    assert (spec.hypervisor.product, spec.hypervisor.version) == ("hyperv-client", "10")
    cpu = spec.cpu
    assert cpu is not None and cpu.sockets == 1 and cpu.cores == 4  # one processor, not a list
    assert (cpu.features.hw_virt, cpu.features.hw_virt_enabled) == (True, False)
    assert spec.firmware is not None and (spec.firmware.type, spec.firmware.tpm) == ("bios", "1.2")
    assert "the JSON has no vmHost (the Hyper-V module was not found)" in run.err
    check = hvcheck("check", "-", stdin=run.out)
    assert "enable it in the BIOS/UEFI setup" in check.out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{", "JSON syntax error at line 1"),
        (b"[]", "the document is not a JSON object"),
        (b'{"collector": {"name": "other"}}', "no collector.name 'hvcheck collect-hyperv.ps1'"),
        (
            b'{"collector": {"name": "hvcheck collect-hyperv.ps1", "format": 2}}',
            "format '2' is not 1",
        ),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_refusals(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    run = hvcheck("import", "hyperv-json", str(path))
    assert run.code == 2 and reason in run.err, run.err


def test_odd_values_are_unknown_not_guesses(tmp_path: Path) -> None:
    doc = json.loads(Path(DL380).read_text(encoding="utf-8"))
    doc["os"]["buildNumber"] = "99999x"
    doc["processors"] = [{"manufacturer": "GenuineIntel", "architecture": 5}]
    doc["firmware"] = {"type": "Strange"}
    doc["physicalMemoryBytes"] = -5
    doc["pciDevices"][0]["hardwareIds"] = ["ACPI\\PNP0A08"]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    run, host = imported(str(path))
    assert host.spec.hypervisor.version is None and host.spec.cpu is None
    assert host.spec.firmware is None and host.spec.memory_gb is None
    assert host.spec.devices_complete is None  # the ACPI device was left out
    for message in (
        "the Windows release unknown",
        "instruction set unknown",
        "the firmware unknown",
    ):
        assert message in run.err


def test_what_the_json_does_not_say_is_unknown_not_absent(tmp_path: Path) -> None:
    doc = json.loads(Path(DL380).read_text(encoding="utf-8"))
    doc["processors"] = [{"architecture": 9, "cores": 24}]  # no manufacturer
    sata = doc["pciDevices"][5]
    bridge = dict(sata, status="OK", problem=None, locationInfo="PCI bus 0, device 0, function 0")
    bridge["locationPath"] = "PCIROOT(0)#PCI(0000)"
    stub = dict(bridge, service="pcip", locationInfo="PCI bus 0, device 2, function 0")
    stub["locationPath"] = "PCIROOT(0)#PCI(0200)"  # dismounted, assigned to no VM
    doc["pciDevices"] += [bridge, stub]
    path = tmp_path / "unsaid.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    run, host = imported(str(path))
    assert host.spec.cpu is None  # not vendor "other"
    assert "Win32_Processor names no manufacturer" in run.err
    devices = {d.address: d for d in host.spec.devices}
    assert devices["00:00.0"].driver == "unknown" and devices["00:00.0"].in_use is not False
    assert devices["00:02.0"].in_use is False  # bound to the pass-through stub: no host driver
    assert devices["00:11.5"].in_use is False  # a problem code and no service: none installed
    check = hvcheck("check", "-", stdin=run.out)
    assert " error " not in check.out and " warning " not in check.out, check.out


# --- the collector script (PowerShell cannot be installed here: see docs/importers.md) -----------

READ_ONLY_VERBS = {"Get", "Confirm", "ConvertTo", "Select", "Where", "ForEach", "Measure", "Join"}
ALLOWED_COMMANDS = {"Write-Host", "Out-Null", "New-Object", "Set-StrictMode", "Invoke-Quietly"}


def _code(script: str) -> str:
    """The script without comments and string contents (so braces in them do not count)."""
    script = re.sub(r"<#.*?#>", "", script, flags=re.DOTALL)
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            if ch == "`" and quote == '"':
                i += 2
                continue
            if ch == quote:
                if script[i + 1 : i + 2] == quote:  # a doubled quote inside the string
                    i += 2
                    continue
                quote = ""
                out.append(ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "#":
            while i < len(script) and script[i] != "\n":
                i += 1
            continue
        elif ch == "`":
            i += 2
            continue
        else:
            out.append(ch)
        i += 1
    assert not quote, "an unterminated string"
    return "".join(out)


def test_the_collector_parses_and_only_reads() -> None:
    """A syntax sanity check: balanced brackets outside strings and comments, comment-based help
    and a param block, and only read-only commands (PowerShell's approved verbs Get, Confirm,
    ConvertTo... and none that change the system: Set, New, Remove, Enable, Disable, Start, Stop,
    Mount, Dismount, Invoke-Expression...)."""
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("<#") and ".SYNOPSIS" in text and "param(" in text
    code = _code(text)
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for line_number, line in enumerate(code.splitlines(), 1):
        for ch in line:
            if ch in "([{":
                stack.append(ch)
            elif ch in pairs:
                assert stack and stack[-1] == pairs[ch], f"unbalanced {ch!r} on line {line_number}"
                stack.pop()
    assert not stack, f"unclosed {stack}"
    defined = set(re.findall(r"^function\s+([A-Za-z]+-[A-Za-z]+)", text, flags=re.MULTILINE))
    commands = set(re.findall(r"(?<![\w$.-])([A-Z][a-z]+-[A-Z][A-Za-z]+)\b", code))
    for command in commands - defined - ALLOWED_COMMANDS:
        assert command.split("-")[0] in READ_ONLY_VERBS, f"{command} is not a read-only command"
    assert "Invoke-Expression" not in code and "Set-Content" not in code and "Out-File" not in code
    assert code.count("WriteAllText") == 1  # the one file it writes


def test_the_collector_writes_every_key_the_importer_reads() -> None:
    from hvcheck.importers import hyperv_json

    source = Path(hyperv_json.__file__).read_text(encoding="utf-8")
    script = SCRIPT.read_text(encoding="utf-8")
    read = set(re.findall(r'\.get\("([A-Za-z]+)"\)', source)) - {"features"}  # features: its own
    for key in sorted(read):
        assert re.search(rf"\b{key}\s+=", script), f"the collector does not write {key!r}"
