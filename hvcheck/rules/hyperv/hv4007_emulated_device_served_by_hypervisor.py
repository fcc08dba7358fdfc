"""HV4007 emulated-device-served-by-hypervisor."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, HostContext, Rule, Violation
from hvcheck.rules.hyperv._common import is_parent, served_from, served_via


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
    """

    code = "HV4007"
    name = "emulated-device-served-by-hypervisor"
    default_severity = Severity.ERROR
    families = (MICROKERNEL,)
    products = ("hyperv", "hyperv-client")
    sources = ("itpro-2008", "ms-hyperv-architecture")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hg = ctx.graph
        parents = [part.id for _, part in ctx.partitions("parent")]
        parent = f"the parent partition '{parents[0]}'" if parents else "the parent partition"
        for i, part in ctx.partitions():
            for j, dev in enumerate(part.devices):
                if dev.mode != "emulated":
                    continue
                path = f"spec.partitions[{i}].devices[{j}]"
                found = served_from(hg, dev.id, path)
                if found is None or is_parent(hg, found[1]):
                    continue
                yield Violation(
                    f"{path}.served_by",
                    f"emulated device '{dev.id}' ({dev.model}) is served by "
                    f"{served_via(hg, *found)}; the hypervisor only intercepts the I/O and hands "
                    f"it to {parent}, whose worker process emulates the device",
                )
