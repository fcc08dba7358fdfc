"""HV4312 guest-memory-recommended."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._memory import memory_findings


class GuestMemoryRecommended(Rule):
    """Give every Windows guest the memory Microsoft recommends for it.

    Why: the Hyper-V Best Practices Analyzer warns about a Windows guest with less than the
    recommended memory ("Windows Server 2012 should be configured with the recommended amount of
    memory": 2 GB for Windows Server 2012 R2, 2012, 2008 R2 and 2008; 1 GB for Windows Server 2016,
    Windows 10, 8.1, 8, 7 and Vista) and, with Dynamic Memory on, with less than the recommended
    maximum ("A virtual machine running Windows Server 2012 and configured with Dynamic Memory": 2 GB;
    1 GB for Windows 8.1, 8 and Vista). The values are `memory_requirements` in
    catalogs/hyperv-guests.yaml. A value below the minimum is HV4311's, not repeated here; a guest the
    catalog does not list, or a VM that does not state its memory, is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-thin-vm}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2012 R2, arch: x64}
          memory_mb: 1024
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-vm-memory}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2012 R2, arch: x64}
          memory_mb: 4096
        - id: desk
          role: child
          generation: 2
          os: {family: windows, name: Windows 10, arch: x64}
          memory_mb: 2048
          dynamic_memory: {enabled: true, startup_mb: 2048, min_mb: 512, max_mb: 4096}
    ```

    Unstated (the VM's memory is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-vm-memory-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2016"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2016, arch: x64}
        - id: app
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2012 R2, arch: x64}
    ```
    """

    code = "HV4312"
    name = "guest-memory-recommended"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-memory",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from memory_findings(ctx, recommended=True)
