"""HV3001 device-without-hypervisor-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import device_label
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class DeviceWithoutHypervisorDriver(Rule):
    """Drive every physical device the host uses with a driver that runs in the hypervisor.

    Why: a type 1 monolithic hypervisor (VMware ESX/ESXi) handles all hardware access itself. There
    is no host OS and no parent partition whose drivers could serve the device, so "a special driver
    is required for the hypervisor. These requirements limit hardware support" (ITPro Today 2008).
    On ESXi that driver runs in the VMkernel (native, or vmklinux up to 6.7), and "it is not
    possible to directly load existing, pre compiled, Linux device driver binaries onto an ESX host"
    (VMware Compatibility Guide). A device in use without such a driver does not work. Devices with
    ``in_use: false`` and devices passed through to a VM (DirectPath I/O, where the guest drives
    them) need no hypervisor driver (sources: itpro-2008, vmware-vcg-linux-drivers, vmware-vmklinux-2019).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nic-without-driver}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "10ec", device: "8168"}}
        - {id: hba0, class: storage, pci: {vendor: "1000", device: "0014"}}
      drivers:
        - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nic-with-driver}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
        - {id: sd0, class: storage, in_use: false}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Unstated (the host describes no drivers at all):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-drivers-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
    ```
    """

    code = "HV3001"
    name = "device-without-hypervisor-driver"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    sources = ("itpro-2008", "vmware-vcg-linux-drivers", "vmware-vmklinux-2019")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        product = ctx.product.name if ctx.product is not None else "a monolithic hypervisor"
        undriven: list[str] = []
        for node in g.devices():
            dev = node.obj
            if not dev.in_use or g.assignments(node.key):
                continue
            drivers = [g.obj(ref.key) for ref in g.drivers_of(node.key)]
            if any(d.location == "hypervisor" for d in drivers):
                continue
            if not ctx.spec.drivers:
                undriven.append(dev.id)
                continue
            if dev.driver == "unknown" and not drivers:
                yield Unknown(
                    node.at / "driver",
                    f"whether {product} has a VMkernel driver for device {device_label(dev)} is "
                    "not known (driver: unknown)",
                )
                continue
            elsewhere = ""
            if drivers:
                named = ", ".join(f"'{d.name}' in {d.location}" for d in drivers)
                elsewhere = f" (driven only from outside it: {named})"
            yield Violation(
                node.at / "id",
                f"device {device_label(dev)} has no driver in the hypervisor{elsewhere}; on "
                f"{product}, hardware support is limited to devices with VMkernel drivers",
            )
        if undriven:
            yield Unknown(
                ctx.at / "devices",
                f"the host describes no drivers, so whether {product} has a VMkernel driver for "
                f"{', '.join(undriven)} could not be checked; describe them under spec.drivers "
                "(or import the host with `hvcheck import esxcli`)",
                on="key",
            )
