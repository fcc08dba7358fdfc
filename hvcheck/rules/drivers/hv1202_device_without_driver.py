"""HV1202 device-without-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import DRIVES
from hvcheck.rules.base import HOSTED, HYBRID, MICROKERNEL, HostContext, Rule, Violation
from hvcheck.rules.drivers._common import describe, devices, host_uses


class DeviceWithoutDriver(Rule):
    """Give every PCI device the host uses a driver; a boot device or the only NIC must have one.

    Why: a device does nothing until a driver binds it. On Hyper-V and Xen the driver runs in the
    parent partition (or a driver domain), on KVM and hosted VMMs in the host OS; a host
    description that lists a PCI device in use but no driver for it describes a device that does
    not work, or an inventory that is incomplete (reference R23). That is a warning, and an error
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
    """

    code = "HV1202"
    name = "device-without-driver"
    default_severity = Severity.WARNING
    families = (HYBRID, MICROKERNEL, HOSTED)
    sources = ("linux-file2alias", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        used = [(k, dev) for k, dev in devices(ctx) if host_uses(ctx, dev)]
        nics = [dev.id for _, dev in used if dev.device_class == "network"]
        for k, dev in used:
            if dev.pci is None or g.predecessors(g.ids[dev.id][0], DRIVES):
                continue
            essential = ""
            if dev.boot:
                essential = "; the host boots through it"
            elif nics == [dev.id]:
                essential = "; it is the host's only network adapter"
            yield Violation(
                f"spec.devices[{k}].id",
                f"device {describe(dev)} is in use but no driver drives it{essential}; add the "
                "driver (and where it runs), or mark the device in_use: false",
                severity=Severity.ERROR if essential else None,
            )
