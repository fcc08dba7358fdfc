"""HV1003 device-driven-twice."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class DeviceDrivenTwice(Rule):
    """Drive each physical device from exactly one place.

    Why: a device has one owner. Two drivers binding the same device (say one in the hypervisor and
    one in a parent partition), a device passed through to a VM while a host-side driver still binds
    it, or one device assigned to two VMs, all mean two pieces of software programming the same
    hardware. Hyper-V requires a device to be dismounted from the host before it is assigned; Xen
    requires it to be made assignable first (sources: ms-hyperv-dda, xl-pci-configuration).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: two-drivers}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
        - {name: ixgbe, kind: vmklinux, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: one-driver}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: ixgben, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
    ```
    """

    code = "HV1003"
    name = "device-driven-twice"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("ms-hyperv-dda", "xl-pci-configuration")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for device in g.devices():
            dev_id = device.obj.id
            drivers = g.drivers_of(device.key)
            assignments = g.assignments(device.key)
            for extra in drivers[1:]:
                yield Violation(
                    extra.at,
                    f"device '{dev_id}' is already driven by '{g.ident(drivers[0].key)}'; "
                    f"'{g.ident(extra.key)}' is a second driver for it",
                )
            for extra in assignments[1:]:
                yield Violation(
                    extra.at,
                    f"device '{dev_id}' is already assigned to partition "
                    f"'{g.ident(assignments[0].key)}'; a device can be passed through to one "
                    "partition only",
                )
            if not assignments:
                continue
            owner = assignments[0].key
            for drv in drivers:
                runs_in = g.runs_in(drv.key)
                if runs_in == owner:
                    continue
                where = g.ident(runs_in) if runs_in is not None else "the host"
                yield Violation(
                    drv.at,
                    f"device '{dev_id}' is passed through to '{g.ident(owner)}' but driver "
                    f"'{g.ident(drv.key)}' in {where} still drives it; dismount it from the host "
                    "first",
                )
