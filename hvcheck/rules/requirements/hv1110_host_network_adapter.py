"""HV1110 host-network-adapter."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import NetworkRequirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules.base import ALL, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact, quoted


class HostNetworkAdapter(RequirementRule):
    """Give the host at least one Gigabit or faster network adapter driven where the release needs.

    Why: ESXi needs "one or more Gigabit or faster Ethernet controllers" from the VMware Compatibility
    Guide (ESXi 5.5-8.0 hardware requirements), and on a monolithic hypervisor an adapter works only
    with a driver that runs in the VMkernel. If the host lists network devices but none of those the
    host keeps for itself (`in_use` and not passed through to a VM), or all of those that have a
    driver in the hypervisor are slower than 1 Gbit/s (`speed_gbps`), ESXi has no usable uplink.
    Adapters whose speed is not stated are not reported, and neither is a host that lists no network
    device; HV3001 reports each adapter the host uses without a hypervisor driver. Both findings
    assume the host has no adapter beyond those listed: they are errors when the host states its
    whole inventory (`devices_complete: true`) and unknown otherwise. Speed and driver location come
    from the release catalog (`network`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-fast-ethernet}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices_complete: true
      devices:
        - {id: vmnic0, class: network, name: Intel 82559 Fast Ethernet, speed_gbps: 0.1}
      drivers:
        - {name: e100, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-10g}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: vmnic0, class: network, name: Intel Ethernet X710, speed_gbps: 10}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Unstated (link speeds are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: speed-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
      - {id: nic0, class: network}
      drivers:
      - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```
    """

    code = "HV1110"
    name = "host-network-adapter"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("vmware-esxi-65-hw", "vmware-esxi-70-hw", "vmware-esxi-80-hw")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: NetworkRequirement | None = reqs.get("network")
        spec = ctx.spec
        if need is None:
            return
        nics = list(ctx.devices("network"))
        if not nics:
            return  # the host lists no network devices: not described
        assigned = {
            dev.backed_by for _, _, dev in ctx.virtual_devices(mode="passthrough") if dev.backed_by
        }
        where = need.driver_location
        driven = {
            dev_id
            for drv in spec.drivers
            if where is None or drv.location == where
            for dev_id in drv.drives
        }
        kept = [(k, d) for k, d in nics if d.in_use and d.id not in assigned]
        speed = f"{need.min_speed_gbps:g} Gbit/s"
        place = f" with a driver in the {where.replace('-', ' ')}" if where else ""
        finding = Violation if spec.devices_complete else _unless_complete
        if not kept:
            yield finding(
                nics[0][0] / "id",
                f"{reqs.label} needs at least one {speed} or faster network adapter{place} for "
                f"itself; every network device ({quoted(d.id for _, d in nics)}) is passed through "
                "to a VM or not in use",
            )
            return
        usable = [(k, d) for k, d in kept if d.id in driven]
        if not usable:
            return  # HV3001 reports each adapter the host uses without a hypervisor driver
        speeds = [d.speed_gbps for _, d in usable]
        if any(s is None or s >= need.min_speed_gbps for s in speeds):
            return
        slow = ", ".join(f"'{d.id}' {d.speed_gbps:g} Gbit/s" for _, d in usable)
        yield finding(
            usable[0][0] / "speed_gbps",
            f"{reqs.label} needs at least one {speed} or faster network adapter{place}; the "
            f"host's adapters are slower ({slow})",
        )


def _unless_complete(path: Path, message: str) -> Violation:
    """A finding that holds only if the host has no adapters beyond those listed: unknown while
    the list is not stated to be complete (``devices_complete``)."""
    return Unknown(
        path,
        message + "; the device list is not stated to be complete (devices_complete), so whether "
        "the host has another adapter is unknown",
    )
