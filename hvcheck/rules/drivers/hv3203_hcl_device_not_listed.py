"""HV3203 hcl-device-not-listed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import hcl_outcomes


class HclDeviceNotListed(Rule):
    """Use IO devices the loaded hardware-compatibility list certifies for the host's ESXi release.

    Why: VMware certifies IO devices per ESXi release, keyed by VID/DID/SVID/SSID (VMware
    Compatibility Guide; vSphere `DeviceHclInfo`: INCOMPATIBLE, "not certified for the specified
    ESXi release"). When a loaded HCL claims to list every certified device of a class for the
    release (a vSAN HCL `all.json` does, for storage devices and its supported releases), a device
    it does not list is not certified, and VMware's image validation rejects it (sources: vsphere-device-hcl-info, vmware-hcl-patent, vsan-hcl-format). It is a warning: the device may still work. Devices no loaded HCL covers are unknown
    (HV3205), never reported here. Make it an error with the severity setting
    (`severity: {hcl-device-not-listed: error}`).

    Catalog (an HCL of your own, loaded with `--catalog our-hcl.yaml`; illustrative data):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Catalog
    sources:
      our-hcl: {title: "Our storage HCL extract (example)"}
    drivers:
      hcl:
        - vendor: "1000"
          device: "10e2"
          subvendor: "1028"
          subdevice: "1ae2"
          release: ESXi 8.0 U1
          constraints: [{driver_name: lsi_mr3, driver_version: 7.725.02.00-1OEM.800.1.0.20613240}]
          sources: [our-hcl]
      hcl_coverage:
        - title: our storage HCL extract
          releases: [ESXi 8.0 U1, ESXi 8.0 U2]
          device_classes: [storage]
          sources: [our-hcl]
    ```

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-upgraded}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - id: vmhba1
          class: storage
          pci: {vendor: "1000", device: "10e2", subvendor: "1028", subdevice: "1ae2"}
      drivers:
        - name: lsi_mr3
          version: 7.725.02.00-1OEM.800.1.0.20613240
          kind: native
          location: hypervisor
          drives: [vmhba1]
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-certified}
    spec:
      hypervisor: {product: esxi, version: "8.0 U1"}
      devices:
        - id: vmhba1
          class: storage
          pci: {vendor: "1000", device: "10e2", subvendor: "1028", subdevice: "1ae2"}
      drivers:
        - name: lsi_mr3
          version: 7.725.02.00-1OEM.800.1.0.20613240
          kind: native
          location: hypervisor
          drives: [vmhba1]
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

    code = "HV3203"
    name = "hcl-device-not-listed"
    default_severity = Severity.WARNING
    architectures = (MONOLITHIC,)
    traits = ("vmkernel-drivers",)
    sources = ("vsphere-device-hcl-info", "vmware-hcl-patent", "vsan-hcl-format")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for outcome in hcl_outcomes(ctx):
            if outcome.kind == "not-listed":
                on: Literal["key", "value"] = "key" if outcome.on == "key" else "value"
                yield Violation(outcome.path, outcome.message, on=on, unknown=False)
