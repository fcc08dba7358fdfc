"""HV3001 device-without-hypervisor-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import ASSIGNED_TO, DEVICE, DRIVES
from hvcheck.rules.base import MONOLITHIC, HostContext, Rule, Violation


class DeviceWithoutHypervisorDriver(Rule):
    """Drive every physical device the host uses with a driver that runs in the hypervisor.

    Why: a type 1 monolithic hypervisor (VMware ESX/ESXi) handles all hardware access itself. There
    is no host OS and no parent partition whose drivers could serve the device, so "a special driver
    is required for the hypervisor. These requirements limit hardware support" (ITPro Today 2008).
    On ESXi that driver runs in the VMkernel (native, or vmklinux up to 6.7), and "it is not
    possible to directly load existing, pre compiled, Linux device driver binaries onto an ESX host"
    (VMware Compatibility Guide). A device in use without such a driver does not work. Devices with
    ``in_use: false`` and devices passed through to a VM (DirectPath I/O, where the guest drives
    them) need no hypervisor driver (reference §0, §2.2, R16).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nic-without-driver}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
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
    """

    code = "HV3001"
    name = "device-without-hypervisor-driver"
    default_severity = Severity.ERROR
    families = (MONOLITHIC,)
    sources = ("itpro-2008", "vmware-vcg-linux-drivers", "vmware-vmklinux-2019")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        product = ctx.product.name if ctx.product is not None else "a monolithic hypervisor"
        for dev_key, data in g.nodes_of(DEVICE):
            if not data.get("in_use", True) or g.successors(dev_key, ASSIGNED_TO):
                continue
            drivers = sorted(set(g.predecessors(dev_key, DRIVES)), key=g.path_of)
            nodes = [g.nodes[d] for d in drivers]
            if any(n.get("location") == "hypervisor" for n in nodes):
                continue
            what = ", ".join(x for x in (data.get("device_class"), data.get("pci")) if x)
            elsewhere = ""
            if nodes:
                named = ", ".join(f"'{n['id']}' in {n.get('location')}" for n in nodes)
                elsewhere = f" (driven only from outside it: {named})"
            yield Violation(
                f"{g.path_of(dev_key)}.id",
                f"device '{data['id']}' ({what}) has no driver in the hypervisor{elsewhere}; on "
                f"{product}, hardware support is limited to devices with VMkernel drivers",
            )
