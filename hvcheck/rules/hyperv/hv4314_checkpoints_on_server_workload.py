"""HV4314 checkpoints-on-server-workload."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.versions import normalize_name
from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class CheckpointsOnServerWorkload(Rule):
    """Do not keep checkpoints on a VM that runs a Windows Server workload.

    Why: the Hyper-V Best Practices Analyzer warns about "a virtual machine with one or more
    checkpoints": the physical disk that holds the checkpoint files can run out of space, and every
    virtual machine on it may then be paused ("Avoid using checkpoints on a virtual machine that runs
    a server workload in a production environment"); apply or delete them, or use production
    checkpoints. A VM whose guest is Windows Server and whose `features.snapshots` is true is
    reported; one that does not state it is not checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-checkpoints}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: sql
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          features: {snapshots: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-no-checkpoints}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: sql
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          features: {snapshots: false}
        - id: desk
          role: child
          generation: 2
          os: {family: windows, name: Windows 11, arch: x64}
          features: {snapshots: true}
    ```

    Unstated (whether the VM has checkpoints is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-checkpoints-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: sql
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```
    """

    code = "HV4314"
    name = "checkpoints-on-server-workload"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-checkpoints",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, part in ctx.partitions("child"):
            os = part.os
            if os is None or os.family != "windows" or part.features.snapshots is not True:
                continue
            if not normalize_name(os.name).startswith("windows server"):
                continue
            yield Violation(
                at / "features" / "snapshots",
                f"VM '{part.id}' runs {os.name}, a server workload, and has checkpoints; the disk "
                "that holds them can fill up and pause every VM on it: apply or delete them, or use "
                "production checkpoints",
            )
