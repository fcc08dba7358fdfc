"""HV4007 emulated-device-served-by-hypervisor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import served_via
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import is_parent, served_from


class EmulatedDeviceServedByHypervisor(Rule):
    """Serve emulated devices from the parent partition, where the worker process emulates them.

    Why: a microkernelized hypervisor contains no device models. When a child without integration
    services touches an emulated device (legacy NIC, IDE, S3 video, PS/2), the hypervisor intercepts
    the access and hands it to the parent partition, where the VM's worker process emulates the
    device (ITPro Today, 2008; Hyper-V architecture: requests are "redirected either via the VMBus or
    the hypervisor to the devices in the parent partition"). An emulated device served by the
    hypervisor (the monolithic model) or by another child is not how Hyper-V works.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: emulation-in-hypervisor}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: legacy-app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2008 R2, arch: x64}
          integration: {present: false}
          devices:
            - {id: net0, kind: nic, model: legacy-nic, mode: emulated, served_by: hypervisor}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: emulation-in-root}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: legacy-app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2008 R2, arch: x64}
          integration: {present: false}
          devices:
            - {id: net0, kind: nic, model: legacy-nic, mode: emulated, served_by: root}
    ```

    Unstated (no device names what serves it):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: server-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: legacy-app
          role: child
          generation: 1
          devices:
            - {id: net0, kind: nic, model: legacy-nic, mode: emulated}
    ```
    """

    code = "HV4007"
    name = "emulated-device-served-by-hypervisor"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("itpro-2008", "ms-hyperv-architecture")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        parents = [part.id for _, part in ctx.partitions("parent")]
        parent = f"the parent partition '{parents[0]}'" if parents else "the parent partition"
        for at, _part, dev in ctx.virtual_devices(mode="emulated"):
            found = served_from(ctx, dev.id)
            if found is None or is_parent(ctx, found[1]):
                continue
            yield Violation(
                at / "served_by",
                f"emulated device '{dev.id}' ({dev.model}) is served by "
                f"{served_via(ctx.graph, *found)}; the hypervisor only intercepts the I/O and "
                f"hands it to {parent}, whose worker process emulates the device",
            )
