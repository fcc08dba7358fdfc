"""Every model id an importer can write is in the catalog of the products it targets, and libvirt's
own defaults (per architecture and machine type) are what the libvirt importer writes."""

from __future__ import annotations

import pytest

from hvcheck.catalog import Catalog
from hvcheck.importers import import_files, libvirt, vmx, xl
from tests.importers.helpers import by_kind, comments, guest, validate

XEN_ONLY = {
    "xen-netfront",
    "xen-blkfront",
    "xen-pci-passthrough",
    "xen-vkbd",
    "xen-console",
    "xen-balloon",
    "xen-fbfront",
    "xen-qusb1",
    "xen-qusb2",
}
VMWARE = ("esxi", "vmware-workstation", "vmware-fusion", "vmware-gsx")
ESXI_ONLY = {"sriov", "directpath"}


def known(catalog: Catalog, model: str, product: str) -> bool:
    """The catalog's device models, or (KVM, Xen HVM) QEMU's own device models."""
    return (
        catalog.device_model(model, product) is not None
        or catalog.qemu_device(model, product) is not None
    )


def test_every_libvirt_model_is_known_for_the_products_it_is_written_for(
    catalog: Catalog,
) -> None:
    unknown = [
        (model, product)
        for model in sorted(libvirt.VOCABULARY)
        for product in (("xen",) if model in XEN_ONLY else ("kvm",))
        if not known(catalog, model, product)
    ]
    assert unknown == []


def test_every_vmx_model_is_known_for_every_vmware_product(catalog: Catalog) -> None:
    unknown = [
        (model, product)
        for model in sorted(vmx.VOCABULARY)
        for product in (("esxi",) if model in ESXI_ONLY else VMWARE)
        if not known(catalog, model, product)
    ]
    assert unknown == []


def test_every_xl_model_is_known_for_xen(catalog: Catalog) -> None:
    assert [m for m in sorted(xl.VOCABULARY) if not known(catalog, m, "xen")] == []


def test_the_vocabularies_cover_what_the_importers_write(catalog: Catalog) -> None:
    """Every device of every defaults domain below is in the vocabulary and known to the catalog."""
    result = import_files("libvirt", list(DOMAINS), sources=DOMAINS)
    (host,) = validate(result.text)
    for part in host.spec.partitions:
        for dev in part.devices:
            assert dev.model in libvirt.VOCABULARY, (part.id, dev.model)
            assert known(catalog, dev.model, "kvm"), (part.id, dev.model)


def _domain(name: str, arch: str, machine: str, devices: str = "") -> bytes:
    everything = (
        "<controller type='usb' index='0'/><controller type='scsi' index='0'/>"
        "<serial type='pty'/><panic/><video/><interface type='network'>"
        "<source network='default'/></interface><input type='tablet'/><input type='mouse'/>"
        "<input type='keyboard'/><tpm><backend type='emulator'/></tpm>"
        "<disk type='file' device='disk'><source file='/a.img'/><target dev='sda' bus='scsi'/>"
        "</disk>"
    )
    return (
        f"<domain type='kvm'><name>{name}</name><memory>1048576</memory>"
        f"<os><type arch='{arch}' machine='{machine}'>hvm</type></os>"
        f"<devices>{devices or everything}</devices></domain>"
    ).encode()


DOMAINS = {
    "pc.xml": _domain("pc", "x86_64", "pc-i440fx-7.2"),
    "q35.xml": _domain("q35", "x86_64", "pc-q35-7.2"),
    "aarch64.xml": _domain("aarch64", "aarch64", "virt"),
    "armv7.xml": _domain("vexpress", "armv7l", "vexpress-a9"),
    "versatile.xml": _domain("versatile", "armv7l", "versatilepb"),
    "pseries.xml": _domain("pseries", "ppc64le", "pseries"),
    "s390.xml": _domain("s390", "s390x", "s390-ccw-virtio"),
    "riscv.xml": _domain("riscv", "riscv64", "virt"),
}


def _models(kind: str) -> dict[str, list[str]]:
    result = import_files("libvirt", list(DOMAINS), sources=DOMAINS)
    (host,) = validate(result.text)
    names = [d.removesuffix(".xml") for d in DOMAINS]
    out = {}
    for name in names:
        part = guest(host, {"armv7": "vexpress"}.get(name, name))
        out[name] = [d.model for d in by_kind(part, kind)]
    return out


def test_libvirt_defaults_follow_libvirt_per_machine_and_arch() -> None:
    # qemuDomainControllerDefPostParse (USB); the s390 controller without an address is 'none'
    assert _models("usb") == {
        "pc": ["piix3-usb-uhci"],
        "q35": ["piix3-usb-uhci"],
        "aarch64": ["qemu-xhci"],
        "armv7": ["piix3-usb-uhci"],
        "versatile": ["piix3-usb-uhci"],
        "pseries": ["qemu-xhci"],
        "s390": [],
        "riscv": ["piix3-usb-uhci"],
    }
    # qemuDomainChrDefPostParse: the serial target per machine
    assert _models("serial") == {
        "pc": ["isa-serial"],
        "q35": ["isa-serial"],
        "aarch64": ["pl011"],
        "armv7": ["machine-serial"],
        "versatile": ["machine-serial"],
        "pseries": ["spapr-vty"],
        "s390": ["sclpconsole"],
        "riscv": ["16550a"],
    }
    # qemuDomainDefaultNetModel
    assert _models("nic") == {
        "pc": ["qemu-rtl8139"],
        "q35": ["qemu-rtl8139"],
        "aarch64": ["virtio-net"],
        "armv7": ["lan9118"],
        "versatile": ["smc91c111"],
        "pseries": ["qemu-rtl8139"],
        "s390": ["virtio-net"],
        "riscv": ["virtio-net"],
    }
    # qemuDomainDefaultVideoDevice
    assert _models("video") == {
        "pc": ["cirrus"],
        "q35": ["cirrus"],
        "aarch64": ["virtio-gpu"],
        "armv7": ["cirrus"],
        "versatile": ["cirrus"],
        "pseries": ["stdvga"],
        "s390": ["virtio-gpu"],
        "riscv": ["virtio-gpu"],
    }
    other = _models("other")
    # qemuDomainDevicePanicDefPostParse and qemuDomainTPMDefPostParse
    assert other["pc"] == ["pvpanic", "tpm-tis"]
    assert other["pseries"] == ["panic-pseries", "tpm-spapr"]
    assert other["s390"] == ["panic-s390", "tpm-tis"]
    assert other["aarch64"] == ["pvpanic", "tpm-tis-device"]
    # qemuDomainGetSCSIControllerModel
    storage = _models("storage")
    assert storage["pc"] == ["lsi53c895a"] and storage["pseries"] == ["spapr-vscsi"]
    assert storage["s390"] == ["virtio-scsi"]
    # a tablet is a USB device; mouse and keyboard are PS/2 on x86 and USB elsewhere
    assert _models("mouse")["pc"] == ["usb-tablet", "ps2-mouse"]
    assert _models("mouse")["aarch64"] == ["usb-tablet", "usb-mouse"]


@pytest.mark.parametrize(
    ("os_xml", "firmware", "said"),
    [
        (
            "<loader readonly='no' type='pflash'>/var/lib/libvirt/qemu/nvram/test-bios.fd</loader>",
            "bios",
            "BIOS firmware, by its image's name",
        ),
        ("<loader>/usr/share/seabios/bios.bin</loader>", "bios", "<loader type='rom'>"),
        (
            "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>",
            "uefi",
            "UEFI firmware",
        ),
        (
            "<loader type='rom'>/opt/firmware/custom.img</loader>",
            None,
            "does not say whether it is UEFI or BIOS firmware (firmware left unstated)",
        ),
    ],
)
def test_loaders_are_kept_and_a_pflash_bios_is_bios(
    os_xml: str, firmware: str | None, said: str
) -> None:
    xml = (
        "<domain type='kvm'><name>fw</name><os><type arch='x86_64' machine='pc'>hvm</type>"
        f"{os_xml}</os></domain>"
    ).encode()
    result = import_files("libvirt", ["fw.xml"], sources={"fw.xml": xml})
    (host,) = validate(result.text)
    part = guest(host, "fw")
    assert (part.firmware.type if part.firmware else None) == firmware
    assert said in comments(result.text)


def test_a_libvirt_guest_without_libosinfo_says_its_os_and_drivers_are_unknown() -> None:
    result = import_files("libvirt", ["pc.xml"], sources={"pc.xml": DOMAINS["pc.xml"]})
    (host,) = validate(result.text)
    assert guest(host, "pc").os is None and guest(host, "pc").integration is None
    assert "whether its drivers (virtio-win on Windows) are installed is unknown" in comments(
        result.text
    )
