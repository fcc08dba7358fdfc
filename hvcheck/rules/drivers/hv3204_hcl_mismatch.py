"""HV3204 hcl-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import hcl_outcomes


class HclMismatch(Rule):
    """Run each HCL-listed device with a certified driver name, driver version and firmware.

    Why: an HCL entry certifies a device for an ESXi release together with a driver and firmware:
    vSphere's `PciDeviceConstraint` gives the driver name, the driver version ("Exact Matching
    criteria") and the firmware version with its criterion, EXACT or MINIMUM; VMware's image
    validation checks each device of the host for a compatible driver and firmware (sources: vsphere-pci-device-constraint, vsphere-device-hcl-info, vmware-hcl-patent). A device that is listed but runs another driver,
    another driver version, or firmware that is not the certified one (or below the certified
    minimum) is not in a supported configuration. Error by default; lower it with the severity
    setting (`severity: {hcl-mismatch: warning}`) where the HCL is advice rather than policy.

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
          release: ESXi 8.0 U2
          constraints:
            - driver_name: lsi_mr3
              driver_version: 7.727.02.00-1OEM.800.1.0.20613240
              firmware_versions: [52.26.0-5179]
              firmware_match: MINIMUM
          sources: [our-hcl]
    ```

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-old-firmware}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - id: vmhba1
          class: storage
          pci: {vendor: "1000", device: "10e2", subvendor: "1028", subdevice: "1ae2"}
          firmware_version: 52.22.0-4544
      drivers:
        - name: lsi_mr3
          version: 7.727.02.00-1OEM.800.1.0.20613240
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
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - id: vmhba1
          class: storage
          pci: {vendor: "1000", device: "10e2", subvendor: "1028", subdevice: "1ae2"}
          firmware_version: 52.26.0-5179
      drivers:
        - name: lsi_mr3
          version: 7.727.02.00-1OEM.800.1.0.20613240
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

    code = "HV3204"
    name = "hcl-mismatch"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmkernel-drivers",)
    sources = ("vsphere-pci-device-constraint", "vsphere-device-hcl-info", "vmware-hcl-patent")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for outcome in hcl_outcomes(ctx):
            if outcome.kind == "mismatch":
                on: Literal["key", "value"] = "key" if outcome.on == "key" else "value"
                yield Violation(outcome.path, outcome.message, on=on, unknown=False)
