"""HV1202 device-without-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, HYBRID, MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import describe, host_uses


class DeviceWithoutDriver(Rule):
    """Give every PCI device the host uses a driver; a boot device or the only NIC must have one.

    Why: a device does nothing until a driver binds it. On Hyper-V and Xen the driver runs in the
    parent partition (or a driver domain), on KVM and hosted VMMs in the host OS; a host
    description that lists a PCI device in use but no driver for it describes a device that does
    not work, or an inventory that is incomplete (sources: linux-file2alias, itpro-2008). That is a warning, and an error
    for a device the host boots from (`boot: true`) or for its only network adapter, without which
    the host is unreachable. Devices passed through to a partition are driven by the guest, and
    `in_use: false` devices need no driver. ESXi is left to HV3001, which requires a VMkernel
    driver for every device the host uses.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-no-nic-driver}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
        - {id: hba0, class: storage, pci: {vendor: "1000", device: "0014"}}
      drivers:
        - {name: megasas35, kind: windows-x64, location: parent, drives: [hba0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-nic-driver}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
        - {id: sd0, class: storage, pci: {vendor: "8086", device: "a1d2"}, in_use: false}
      drivers:
        - {name: i40ea, kind: windows-x64, location: parent, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated (the host describes no drivers at all):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: drivers-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
    ```
    """

    code = "HV1202"
    name = "device-without-driver"
    default_severity = Severity.WARNING
    architectures = (HYBRID, MICROKERNEL, HOSTED)
    sources = ("linux-file2alias", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        used = [(at, dev) for at, dev in ctx.devices() if host_uses(ctx, dev)]
        if not ctx.spec.drivers:
            named = [dev.id for _, dev in used if dev.pci is not None]
            if named:
                yield Unknown(
                    ctx.at / "devices",
                    f"the host describes no drivers, so which driver serves {', '.join(named)} "
                    "could not be checked; describe them under spec.drivers (or import the host "
                    "with `hvcheck import lspci` or `hvcheck import sysfs`)",
                    on="key",
                )
            return
        nics = [dev.id for _, dev in used if dev.device_class == "network"]
        for at, dev in used:
            key = g.key_of(dev.id, "device")
            if dev.pci is None or key is None or g.drivers_of(key):
                continue
            if dev.driver == "unknown":
                yield Unknown(
                    at / "driver",
                    f"which driver drives device {describe(dev)} is not known (driver: unknown)",
                )
                continue
            essential = ""
            if dev.boot:
                essential = "; the host boots through it"
            elif nics == [dev.id]:
                essential = "; it is the host's only network adapter"
            yield Violation(
                at / "id",
                f"device {describe(dev)} is in use but no driver drives it{essential}; add the "
                "driver (and where it runs), or mark the device in_use: false",
                severity=Severity.ERROR if essential else None,
            )
