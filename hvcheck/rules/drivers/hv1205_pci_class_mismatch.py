"""HV1205 pci-class-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class PciClassMismatch(Rule):
    """State a PCI class code that fits the device's class.

    Why: the PCI class code (pci.ids class section: 01 mass storage, 02 network, 03 display, 0c03
    USB, …) is what the device itself reports, and Linux and Windows match drivers by it (the
    `bc`/`sc`/`i` modalias fields, `CC_` hardware IDs). A NIC whose class code is not 02xx, or a
    storage controller that is not 01xx (or 0c04 Fibre Channel), means the class or the class
    code was copied from another device, and rules that reason by device class (a host's network
    adapters, its storage for the HCL) reason about the wrong device (sources: pciids-classes, lspci-importer-classes). Which codes
    each class allows is a catalog fact (`drivers.pci_classes`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nvme-as-nic}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: vmnic0, class: network, pci: {vendor: "144d", device: "a80a", class_code: "0108"}}
      drivers:
        - {name: nvme_pcie, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nvme-as-storage}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: vmhba1, class: storage, pci: {vendor: "144d", device: "a80a", class_code: "010802"}}
      drivers:
        - {name: nvme_pcie, kind: native, location: hypervisor, drives: [vmhba1]}
    ```

    Unstated (the PCI class code is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: class-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
    ```
    """

    code = "HV1205"
    name = "pci-class-mismatch"
    default_severity = Severity.WARNING
    architectures = (ALL,)
    sources = ("pciids-classes", "lspci-importer-classes")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        index = ctx.catalog.drivers
        for at, dev in ctx.devices():
            code = dev.pci.class_code if dev.pci is not None else None
            if code is None:
                continue
            rule = index.class_rule(dev.device_class)
            if rule is None:
                continue  # 'other', or a class the catalog sets no codes for
            if any(code.lower().startswith(p.lower()) for p in rule.class_codes):
                continue
            name = index.class_name(code)
            named = f"{code} ({name})" if name else code
            allowed = ", ".join(
                p.lower() + "xx" * ((6 - len(p)) // 2 - 1) for p in rule.class_codes
            )
            yield Violation(
                at / "pci" / "class_code",
                f"device '{dev.id}' is described as {dev.device_class} but reports PCI class "
                f"{named}; {dev.device_class} devices report {allowed}: the class or the class "
                "code is wrong",
            )
