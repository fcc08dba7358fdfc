"""HV1204 unknown-pci-vendor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class UnknownPciVendor(Rule):
    """Use PCI vendor IDs that the PCI ID registry knows.

    Why: vendor IDs are assigned by the PCI-SIG and collected in pci.ids (pciutils/pciids; "0000
    and FFFF are invalid codes", Microsoft, Identifiers for PCI Devices). A vendor or subsystem
    vendor ID that a complete pci.ids does not list is almost always a typo or a byte-swapped ID,
    and every lookup keyed by it (driver tables, the HCL) then silently finds nothing; pci.ids also
    flags some IDs as "wrong ID" (sources: pciids-classes, ms-pci-identifiers). hvcheck bundles the full pci.ids that
    `scripts/build-catalogs` takes from Debian's `pci.ids` package (catalogs/generated/pci.ids) and
    the vendor list of an earlier pci.ids; load a newer pci.ids with `--catalog`. When only partial
    vendor lists are loaded, an unlisted ID is reported as unknown (info). The IDs of a device a
    driver was seen bound to (`observed: true`, as the lspci and esxcli importers write) are what
    the hardware reports, not typos, and are not judged.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: swapped-vendor}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: vmnic0, class: network, pci: {vendor: "8680", device: "1572"}}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: intel-vendor}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - id: vmnic0
          class: network
          pci: {vendor: "8086", device: "1572", subvendor: "103c", subdevice: "22fa"}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Unstated (the device's PCI IDs are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ids-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
    ```
    """

    code = "HV1204"
    name = "unknown-pci-vendor"
    default_severity = Severity.WARNING
    architectures = (ALL,)
    sources = ("pciids-classes", "ms-pci-identifiers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        index = ctx.catalog.drivers
        observed = {d for _, drv in ctx.drivers() if drv.observed for d in drv.drives}
        for at, dev in ctx.devices():
            if dev.pci is None or dev.id in observed:
                continue  # IDs read from the running hardware are what it reports, not typos
            for field, value in (("vendor", dev.pci.vendor), ("subvendor", dev.pci.subvendor)):
                if value is None or (field == "subvendor" and value == "0000"):
                    continue
                path = at / "pci" / field
                what = "vendor" if field == "vendor" else "subsystem vendor"
                name = index.vendor_name(value)
                if name is not None:
                    if "wrong id" in name.casefold():
                        yield Violation(
                            path,
                            f"{what} ID {value} of device '{dev.id}' is marked as a wrong ID in "
                            f"pci.ids ('{name}'); check the ID",
                        )
                    continue
                registry = index.registry_title()
                if registry is not None:
                    yield Violation(
                        path,
                        f"{what} ID {value} of device '{dev.id}' is not a registered PCI vendor "
                        f"({registry} does not list it): a typo or a byte-swapped ID? If "
                        "the vendor is newer, load a current pci.ids with --catalog",
                    )
                else:
                    yield Unknown(
                        path,
                        f"{what} ID {value} of device '{dev.id}' is not in the loaded vendor "
                        "lists, which are partial, so whether it is registered is unknown",
                    )
