"""The PCI ID matchers and line parsers of hvcheck.catalog.pci: modalias (modprobe's fnmatch),
ESXi map ids, Windows INF hardware IDs, and pci.ids."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hvcheck.catalog.pci.esxi_map import EsxiMapId, parse_esxi_map_line
from hvcheck.catalog.pci.ids import DeviceIds
from hvcheck.catalog.pci.inf import (
    InfHardwareId,
    device_hardware_ids,
    parse_inf,
    parse_inf_model_line,
)
from hvcheck.catalog.pci.modalias import ModaliasPattern, modalias, parse_modules_alias_line
from hvcheck.catalog.pci.pci_ids import parse_pci_ids

VMXNET3 = DeviceIds("15ad", "07b0", "15ad", "07b0", "020000", "01")
X710 = DeviceIds("8086", "1572", "103c", "22fa", "020000", "02")
NVME = DeviceIds("144d", "a80a", "144d", "a801", "010802", "00")


# --- DeviceIds -------------------------------------------------------------------------------------


def test_device_ids_normalise_and_split_the_class_code() -> None:
    ids = DeviceIds("15AD", "07B0", class_code="0200")
    assert (ids.vendor, ids.device, ids.base_class, ids.subclass, ids.prog_if) == (
        "15ad",
        "07b0",
        "02",
        "00",
        None,
    )
    assert ids.label() == "15ad:07b0"
    assert X710.label() == "8086:1572, subsystem 103c:22fa"


@pytest.mark.parametrize(
    "kwargs",
    [{"vendor": "808"}, {"vendor": "8086", "device": "zzzz"}, {"class_code": "02000"}],
)
def test_device_ids_reject_malformed_ids(kwargs: dict[str, str]) -> None:
    args = {"vendor": "8086", "device": "1572", **kwargs}
    with pytest.raises(ValueError):
        DeviceIds(**args)


# --- modalias --------------------------------------------------------------------------------------


def test_modalias_is_the_kernel_format() -> None:
    assert modalias(VMXNET3) == "pci:v000015ADd000007B0sv000015ADsd000007B0bc02sc00i00"
    assert modalias(DeviceIds("15ad", "07b0")) is None  # subsystem and class unknown


def test_modalias_pattern_parses_file2alias_output() -> None:
    p = ModaliasPattern.parse("pci:v000015ADd000007B0sv*sd*bc*sc*i*")
    assert (p.vendor, p.device, p.subvendor, p.base_class) == ("15ad", "07b0", None, None)
    assert p.text == "pci:v000015ADd000007B0sv*sd*bc*sc*i*"
    lower = ModaliasPattern.parse("pci:v000015add000007b0sv*sd*bc*sc*i*")
    assert lower.text == p.text  # hex is normalised to upper case, markers stay lower case
    exact = ModaliasPattern.parse("pci:v00008086d0000104Fsv*sd*bc02sc00i*")
    assert (exact.base_class, exact.subclass, exact.prog_if) == ("02", "00", None)
    assert ModaliasPattern.parse("pci:v*d*sv*sd*bc01sc08i02").text.endswith("i02*")


@pytest.mark.parametrize(
    "text",
    [
        "pci:v15ADd07B0sv*sd*bc*sc*i*",  # 4-digit fields
        "usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*",
        "pci:v000015ADd000007B0",
        "pci:v0001FFFFd*sv*sd*bc*sc*i*",  # more than 16 bits
        "pci:v000015AD?000007B0sv*sd*bc*sc*i*",
    ],
)
def test_modalias_pattern_rejects_other_text(text: str) -> None:
    with pytest.raises(ValueError):
        ModaliasPattern.parse(text)


@pytest.mark.parametrize(
    ("pattern", "ids", "expected"),
    [
        ("pci:v000015ADd000007B0sv*sd*bc*sc*i*", VMXNET3, True),
        ("pci:v000015ADd000007B0sv*sd*bc*sc*i*", X710, False),
        ("pci:v000015ADd000007B0sv*sd*bc*sc*i*", DeviceIds("15ad", "07b0"), True),
        ("pci:v00001AF4d*sv*sd*bc*sc*i*", DeviceIds("1af4", "1041"), True),
        ("pci:v*d*sv*sd*bc01sc08i02*", NVME, True),
        ("pci:v*d*sv*sd*bc01sc08i02*", DeviceIds("144d", "a80a"), None),  # class unknown
        ("pci:v*d*sv*sd*bc01sc08i02*", DeviceIds("144d", "a80a", class_code="0108"), None),
        ("pci:v*d*sv*sd*bc01sc08i02*", DeviceIds("8086", "1572", class_code="0200"), False),
        (
            "pci:v00008086d0000104Fsv*sd*bc02sc00i*",
            DeviceIds("8086", "104f", class_code="0280"),
            False,
        ),
        (
            "pci:v00008086d0000104Fsv*sd*bc02sc00i*",
            DeviceIds("8086", "104f", class_code="0200"),
            True,
        ),
        ("pci:v00008086d00001572sv0000103Csd*bc*sc*i*", DeviceIds("8086", "1572"), None),
        ("pci:v00008086d00001572sv0000103Csd*bc*sc*i*", X710, True),
        ("vfio_pci:v000010DEd00001EB8sv*sd*bc*sc*i*", DeviceIds("10de", "1eb8"), True),
    ],
)
def test_modalias_match(pattern: str, ids: DeviceIds, expected: bool | None) -> None:
    assert ModaliasPattern.parse(pattern).match(ids) is expected


def test_modalias_needs_names_the_unstated_fields() -> None:
    p = ModaliasPattern.parse("pci:v*d*sv0000103Csd*bc01sc08i02*")
    assert p.needs(DeviceIds("144d", "a80a")) == ["subvendor", "class_code"]
    assert p.needs(NVME) == []


HEX4 = st.text("0123456789abcdef", min_size=4, max_size=4)
HEX2 = st.text("0123456789abcdef", min_size=2, max_size=2)


@given(
    st.tuples(HEX4, HEX4, HEX4, HEX4, HEX2, HEX2, HEX2),
    st.lists(st.booleans(), min_size=7, max_size=7),
    st.tuples(HEX4, HEX4, HEX4, HEX4, HEX2, HEX2, HEX2),
)
def test_modalias_match_is_modprobes_fnmatch(
    values: tuple[str, ...], wild: list[bool], device: tuple[str, ...]
) -> None:
    """With every ID known, the field-wise match equals fnmatch over the modalias string."""
    fields = [
        "*" if w else (v.upper().zfill(8) if i < 4 else v.upper())
        for i, (v, w) in enumerate(zip(values, wild, strict=True))
    ]
    text = "pci:v{}d{}sv{}sd{}bc{}sc{}i{}*".format(*fields)
    pattern = ModaliasPattern.parse(text)
    # half the time, make the device equal to the pattern's values
    ids = DeviceIds(*device[:4], class_code="".join(device[4:]))
    same = DeviceIds(*values[:4], class_code="".join(values[4:]))
    for candidate in (ids, same):
        alias = modalias(candidate)
        assert alias is not None
        assert pattern.match(candidate) is fnmatchcase(alias, text)
        # and the field-wise path (subsystem unknown) never contradicts it
        partial = DeviceIds(candidate.vendor, candidate.device, class_code=candidate.class_code)
        result = pattern.match(partial)
        assert result is None or result is fnmatchcase(alias, text)


def test_modules_alias_lines() -> None:
    line = parse_modules_alias_line("alias pci:v000015ADd000007B0sv*sd*bc*sc*i* vmxnet3")
    assert line is not None and line.module == "vmxnet3" and line.pattern.vendor == "15ad"
    assert parse_modules_alias_line("# Aliases extracted from modules themselves.") is None
    assert parse_modules_alias_line("") is None
    assert parse_modules_alias_line("alias fs-ext4 ext4") is None
    assert parse_modules_alias_line("alias usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in* r8152") is None
    vfio = parse_modules_alias_line("alias vfio_pci:v000010DEd00001EB8sv*sd*bc*sc*i* nvgrace_gpu")
    assert vfio is not None and vfio.pattern.override_only
    with pytest.raises(ValueError, match="alias <pattern> <module>"):
        parse_modules_alias_line("options bonding max_bonds=0")
    with pytest.raises(ValueError, match="not a PCI modalias"):
        parse_modules_alias_line("alias pci:v15ADd07B0sv*sd*bc*sc*i* vmxnet3")


# --- ESXi map ids ----------------------------------------------------------------------------------


def test_esxi_map_id_parse() -> None:
    assert EsxiMapId.parse("15B3101D15B30016......").text == "15b3101d15b30016......"
    assert EsxiMapId.parse("10000079........").text == "10000079" + "." * 14  # class padded
    for bad in ("15b3:101d", "15b3101d15b3001", "15b3101d15b30016.....", "15b3101d15b30016zzzzzz"):
        with pytest.raises(ValueError):
            EsxiMapId.parse(bad)


@pytest.mark.parametrize(
    ("pattern", "ids", "expected"),
    [
        ("15b3101d15b30016......", DeviceIds("15b3", "101d", "15b3", "0016"), True),
        ("15b3101d15b30016......", DeviceIds("15b3", "101d", "15b3", "0017"), False),
        ("15b3101d15b30016......", DeviceIds("15b3", "101d"), None),  # subsystem unknown
        ("15b3101d15b30016......", DeviceIds("15b3", "1017"), False),  # DID differs: decided
        ("10000079..............", DeviceIds("1000", "0079"), True),
        ("10000079..............", DeviceIds("1000", "10e2"), False),
        # prog-if unknown
        ("1000............010400", DeviceIds("1000", "0079", class_code="0104"), None),
        ("1000............0104..", DeviceIds("1000", "0079", class_code="0104"), True),
        ("1000............0107..", DeviceIds("1000", "0079", class_code="0104"), False),
    ],
)
def test_esxi_map_match(pattern: str, ids: DeviceIds, expected: bool | None) -> None:
    assert EsxiMapId.parse(pattern).match(ids) is expected


def test_esxi_map_needs() -> None:
    p = EsxiMapId.parse("15b3101d15b30016010000")
    assert p.needs(DeviceIds("15b3", "101d")) == ["subvendor", "subdevice", "class_code"]


def test_esxi_map_lines() -> None:
    line = parse_esxi_map_line("regtype=native,bus=pci,id=15b3101d15b30016......,driver=nmlx5_core")
    assert line is not None
    assert (line.driver, line.regtype, line.id.text) == (
        "nmlx5_core",
        "native",
        "15b3101d15b30016......",
    )
    extra = parse_esxi_map_line(
        "regtype=native, bus=pci, id=10000079.............., driver=lsi_mr3, class=storage"
    )
    assert extra is not None and extra.extra == (("class", "storage"),)
    assert parse_esxi_map_line("# comment") is None
    assert parse_esxi_map_line("regtype=native,bus=usb,id=0bda8153,driver=cdce") is None
    with pytest.raises(ValueError, match="key=value"):
        parse_esxi_map_line("regtype=native,bus=pci,15b3")
    with pytest.raises(ValueError, match="no 'driver='"):
        parse_esxi_map_line("regtype=native,bus=pci,id=15b3101d15b30016......")


# --- Windows INF hardware IDs ------------------------------------------------------------------


def test_inf_id_parse_and_subsys_order() -> None:
    hwid = InfHardwareId.parse("pci\\ven_1af4&dev_1000&subsys_00011af4&rev_00")
    assert hwid.text == "PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00"
    # SUBSYS is the subsystem *device* ID, then the subsystem *vendor* ID
    assert (hwid.subdevice, hwid.subvendor, hwid.revision) == ("0001", "1af4", "00")
    assert hwid.rank == 0
    assert InfHardwareId.parse("PCI\\VEN_1AF4&DEV_1000").rank == 3
    assert InfHardwareId.parse("PCI\\VEN_8086&CC_0200").class_code == "0200"
    assert InfHardwareId.parse("PCI\\CC_010802").rank == 9


@pytest.mark.parametrize(
    "text",
    [
        "ACPI\\PNP0501",
        "PCI\\VEN_1AF4&DEV_1000&SUBSYS_0001_INX_SUBSYS_VENDOR_ID&REV_00",  # .inx placeholder
        "PCI\\DEV_1000&VEN_1AF4",  # not an order Windows reports
        "PCI\\VEN_1AF4&REV_00",  # not a reported form
        "PCI\\VEN_1AF4&DEV_10000",
    ],
)
def test_inf_id_rejects_other_ids(text: str) -> None:
    with pytest.raises(ValueError):
        InfHardwareId.parse(text)


@pytest.mark.parametrize(
    ("hwid", "ids", "expected"),
    [
        ("PCI\\VEN_1AF4&DEV_1000", DeviceIds("1af4", "1000"), True),
        ("PCI\\VEN_1AF4&DEV_1000", DeviceIds("1af4", "1041"), False),
        (
            "PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00",
            DeviceIds("1af4", "1000", "1af4", "0001", revision="00"),
            True,
        ),
        (
            "PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00",
            DeviceIds("1af4", "1000", "0001", "1af4", revision="00"),
            False,
        ),
        ("PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4", DeviceIds("1af4", "1000"), None),
        ("PCI\\VEN_1AF4&DEV_1000&REV_01", DeviceIds("1af4", "1000", revision="00"), False),
        ("PCI\\VEN_8086&CC_0200", DeviceIds("8086", "1572", class_code="020000"), True),
        ("PCI\\VEN_8086&CC_020001", DeviceIds("8086", "1572", class_code="0200"), None),
        ("PCI\\CC_0108", NVME, True),
        ("PCI\\CC_0108", X710, False),
    ],
)
def test_inf_match(hwid: str, ids: DeviceIds, expected: bool | None) -> None:
    assert InfHardwareId.parse(hwid).match(ids) is expected


def test_inf_match_is_equality_with_a_reported_id() -> None:
    """A fully known device matches an INF ID exactly when the PCI bus driver reports that ID."""
    reported = device_hardware_ids(VMXNET3)
    assert reported[:4] == [
        "PCI\\VEN_15AD&DEV_07B0&SUBSYS_07B015AD&REV_01",
        "PCI\\VEN_15AD&DEV_07B0&SUBSYS_07B015AD",
        "PCI\\VEN_15AD&DEV_07B0&REV_01",
        "PCI\\VEN_15AD&DEV_07B0",
    ]
    assert reported[-2:] == ["PCI\\CC_020000", "PCI\\CC_0200"]
    candidates = [
        *reported,
        "PCI\\VEN_15AD&DEV_07B1",
        "PCI\\VEN_15AD&DEV_07B0&REV_02",
        "PCI\\CC_0108",
    ]
    for text in candidates:
        assert InfHardwareId.parse(text).match(VMXNET3) is (text in reported)
    assert device_hardware_ids(DeviceIds("1af4", "1000")) == [
        "PCI\\VEN_1AF4&DEV_1000",
        "PCI\\VEN_1AF4",
    ]


def test_inf_model_lines() -> None:
    line = parse_inf_model_line(
        "%kvmnet6.DeviceDesc% = kvmnet6.ndi, PCI\\VEN_1AF4&DEV_1000&SUBSYS_0001_INX_SUBSYS_VENDOR_ID"
        "&REV_00, PCI\\VEN_1AF4&DEV_1000 ; comment"
    )
    assert line is not None
    assert line.install_section == "kvmnet6.ndi"
    assert [h.text for h in line.hardware_ids] == ["PCI\\VEN_1AF4&DEV_1000"]
    assert line.skipped[0][0].endswith("_INX_SUBSYS_VENDOR_ID&REV_00")
    other = parse_inf_model_line('%Desc% = inst, ACPI\\PNP0501, "PCI\\VEN_8086&DEV_1572"')
    assert other is not None and other.skipped[0] == ("ACPI\\PNP0501", "not a PCI ID")
    assert parse_inf_model_line("; only a comment") is None
    with pytest.raises(ValueError):
        parse_inf_model_line("PCI\\VEN_1AF4&DEV_1000")
    with pytest.raises(ValueError):
        parse_inf_model_line("%Desc% = , PCI\\VEN_1AF4&DEV_1000")


NETKVM_INX = r"""
[version]
Signature   = "$Windows NT$"
[Manufacturer]
%VENDOR% = NetKVM, NT$ARCH$

[NetKVM.NT$ARCH$]
%kvmnet6.DeviceDesc%    = kvmnet6.ndi, PCI\VEN_1AF4&DEV_1000&SUBSYS_0001_INX_SUBSYS_VENDOR_ID&REV_00, PCI\VEN_1AF4&DEV_1000
%kvmnet6.DeviceDesc%    = kvmnet6.ndi, PCI\VEN_1AF4&DEV_1041&SUBSYS_1100_INX_SUBSYS_VENDOR_ID&REV_01, PCI\VEN_1AF4&DEV_1041

[kvmnet6.ndi.Services]
AddService      = netkvm, 2, kvmnet6.Service, kvmnet6.EventLog

[Strings]
kvmnet6.DeviceDesc = "VirtIO Ethernet Adapter; PCI\VEN_FFFF&DEV_FFFF is in a string"
"""


def test_parse_inf_reads_manufacturer_model_sections_and_services() -> None:
    inf = parse_inf(NETKVM_INX)
    assert inf.services == ["netkvm"]
    assert inf.architectures == []  # NT$ARCH$: a template for every architecture
    assert [(n, h.text) for n, h in inf.hardware_ids] == [
        (8, "PCI\\VEN_1AF4&DEV_1000"),
        (9, "PCI\\VEN_1AF4&DEV_1041"),
    ]
    assert len(inf.skipped) == 2 and not inf.errors
    amd64 = parse_inf(NETKVM_INX.replace("NT$ARCH$", "NTamd64"))
    assert amd64.architectures == ["x64"]


# --- pci.ids ---------------------------------------------------------------------------------------

PCI_IDS = """\
#\tVersion: 2026.08.22
# Syntax: ...
8086  Intel Corporation
\t1572  Ethernet Controller X710 for 10GbE SFP+
\t\t103c 22fa  Ethernet 10Gb 2-port 562SFP+ Adapter
1af4  Red Hat, Inc.

C 01  Mass storage controller
\t08  Non-Volatile memory controller
\t\t02  NVM Express
C 02  Network controller
\t00  Ethernet controller
"""


def test_parse_pci_ids() -> None:
    ids = parse_pci_ids(PCI_IDS)
    assert ids.version == "2026.08.22"
    assert ids.vendors == {"8086": "Intel Corporation", "1af4": "Red Hat, Inc."}
    assert ids.devices == {("8086", "1572"): "Ethernet Controller X710 for 10GbE SFP+"}
    assert ids.classes == {
        "01": "Mass storage controller",
        "0108": "Non-Volatile memory controller",
        "010802": "NVM Express",
        "02": "Network controller",
        "0200": "Ethernet controller",
    }
    assert ids.errors == []


def test_parse_pci_ids_reports_malformed_lines() -> None:
    ids = parse_pci_ids("8086  Intel\n\tzz  bad device\nxyz  bad vendor\n\t1572  orphan\n")
    assert [line for line, _ in ids.errors] == [2, 3, 4]
