"""HV4311 guest-memory-minimum."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._memory import memory_findings


class GuestMemoryMinimum(Rule):
    """Give every Windows guest at least the memory it needs to run.

    Why: the Hyper-V Best Practices Analyzer reports as errors a virtual machine whose Windows guest
    has less than its minimum memory ("Windows Server 2012 should be configured with at least the
    minimum amount of memory": 512 MB of startup RAM, likewise for Windows Server 2016, 2012 R2, 2008
    R2, 2008, Windows 10, 8.1, 8, 7 and Vista) and, with Dynamic Memory on, less than the required
    values ("Configure at least the required amount of memory for ...": minimum 256 MB, startup and
    maximum 512 MB): "The guest operating system ... might not run or might run unreliably". The values
    are `memory_requirements` in catalogs/hyperv-guests.yaml; a guest the catalog does not list, or a
    VM that does not state its memory, is not checked. What the analyzer only recommends is HV4312.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-small-vm}
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
          memory_mb: 384
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
          dynamic_memory: {enabled: true, startup_mb: 4096, min_mb: 1024, max_mb: 8192}
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

    code = "HV4311"
    name = "guest-memory-minimum"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-memory",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from memory_findings(ctx, recommended=False)
