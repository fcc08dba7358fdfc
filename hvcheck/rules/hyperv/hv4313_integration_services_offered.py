"""HV4313 integration-services-offered."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import quoted
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class IntegrationServicesOffered(Rule):
    """Offer and enable every standard integration service in each VM that lists its services.

    Why: the Hyper-V Best Practices Analyzer warns when "one or more integration services are disabled
    or not working in a virtual machine" and when "one or more available integration services are not
    enabled": without heartbeat, guest shutdown, time synchronization, data exchange (KVP) or the
    volume shadow copy requestor, the host cannot watch, shut down, time or back up the guest as it
    should (Hyper-V Integration Services). The guest service interface (file copy) is off by default
    and not expected. The expected services are `integration_services` in catalogs/hyperv-guests.yaml.
    `integration.services` lists the services enabled, completely (the hyperv-json importer writes
    the ones Get-VMIntegrationService shows enabled and responding); a VM that does not list its
    services, or has no integration services, is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-services}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: hyperv-ic, services: [heartbeat, shutdown, kvp]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-services}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: hyperv-ic, services: [heartbeat, shutdown, timesync, kvp, vss]}
    ```

    Unstated (the VM does not list its services):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-services-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true}
    ```
    """

    code = "HV4313"
    name = "integration-services-offered"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-integration-services", "ms-hyperv-integration-services")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        expected = ctx.catalog.hyperv.integration_services_for(ctx.product_id)
        if expected is None:
            return
        for at, part in ctx.partitions("child"):
            ic = part.integration
            if ic is None or not ic.present or not ic.services:
                continue
            have = {s.lower() for s in ic.services}
            missing = [s for s in expected.expected if s not in have]
            if missing:
                yield Violation(
                    at / "integration" / "services",
                    f"VM '{part.id}' does not have the integration service"
                    f"{'s' if len(missing) > 1 else ''} {quoted(missing)} enabled; offer and enable "
                    f"{quoted(expected.expected)} (the Best Practices Analyzer warns about any that "
                    "is off)",
                )
