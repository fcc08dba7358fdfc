"""HV4004 parent-driver-kind."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class ParentDriverKind(Rule):
    """Drive the host's hardware with the parent partition's own driver model, and never from a host OS.

    Why: in a microkernelized hypervisor the vendor drivers run in the parent partition, and "only
    standard Windows 64-bit drivers are required" (ITPro Today, 2008). A 32-bit Windows driver or a
    driver built for another kernel cannot load in a 64-bit Windows root. Hyper-V has no host OS
    beside the hypervisor: the management OS is the parent partition itself, so a driver placed in a
    host OS describes a hosted architecture (Virtual Server, KVM) rather than Hyper-V.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: x86-driver}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel 82574L}
      drivers:
        - {name: e1q6032, kind: windows-x86, location: parent, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: x64-driver}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel 82574L}
      drivers:
        - {name: e1i63x64, kind: windows-x64, location: parent, drives: [nic0]}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: driver-kind-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: nic0, class: network, name: Intel 82574L}
    ```
    """

    code = "HV4004"
    name = "parent-driver-kind"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("itpro-2008", "ms-hyperv-architecture")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None:
            return
        kinds = product.parent_driver_kinds
        for at, drv in ctx.drivers():
            if drv.location == "host-os" and product.host_os == "none":
                yield Violation(
                    at / "location",
                    f"driver '{drv.name}' is placed in the host OS, but {product.name} has no host "
                    "OS: the management OS is the parent partition; use location: parent",
                )
            elif drv.location == "parent" and drv.drives and kinds and drv.kind not in kinds:
                yield Violation(
                    at / "kind",
                    f"driver '{drv.name}' has kind '{drv.kind}', but the {product.name} parent "
                    f"partition loads only {' or '.join(kinds)} drivers for physical devices",
                )
