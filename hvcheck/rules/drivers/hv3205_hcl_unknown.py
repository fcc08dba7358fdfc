"""HV3205 hcl-unknown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import hcl_outcomes


class HclUnknown(Rule):
    """Report IO devices whose ESXi certification the loaded catalogs cannot decide as unknown.

    Why: the VMware Compatibility Guide is not redistributable and hvcheck bundles no HCL (sources: vsphere-device-hcl-info, vsan-hcl-format), so without one loaded (`--catalog all.json`, or `drivers.hcl` entries of your
    own) the certification of every device is unknown, as vSphere's own report says UNAVAILABLE
    ("no information about specified hardware"). A loaded HCL may also not cover a device class,
    or need facts the host description lacks: subsystem IDs, the driver version, the firmware
    version. hvcheck reports each such case once, as information, instead of guessing (sources: vsphere-device-hcl-info, vsan-hcl-format).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-no-hcl}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: vmnic0, class: network, pci: {vendor: "8086", device: "1572"}}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-no-pci-devices}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: vmnic0, class: network, name: Intel X710}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Unstated (the release is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: release-unstated}
    spec:
      hypervisor: {product: esxi}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "1572"}}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```
    """

    code = "HV3205"
    name = "hcl-unknown"
    default_severity = Severity.INFO
    only_unknown = True
    architectures = (MONOLITHIC,)
    traits = ("vmkernel-drivers",)
    sources = ("vsphere-device-hcl-info", "vsan-hcl-format")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for outcome in hcl_outcomes(ctx):
            if outcome.kind == "unknown":
                on: Literal["key", "value"] = "key" if outcome.on == "key" else "value"
                yield Violation(
                    outcome.path, outcome.message, on=on, severity=Severity.INFO, unknown=True
                )
