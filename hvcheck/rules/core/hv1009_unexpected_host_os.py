"""HV1009 unexpected-host-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class UnexpectedHostOs(Rule):
    """Describe a host OS only for products that have one.

    Why: a hybrid VMM (Virtual PC, Virtual Server) and KVM run beside or inside an operating system
    installed on the hardware. Type 1 hypervisors do not: ESXi's VMkernel runs directly on the
    hardware, and on Hyper-V and Xen the management OS (Windows, dom0) runs in the parent partition
    on top of the hypervisor. Describing a host OS for them mixes up the architecture, and rules that
    decide where drivers run would reason about a layer that does not exist.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      host_os: {family: linux, name: VMware ESXi Console, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv01}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi}
    ```
    """

    code = "HV1009"
    name = "unexpected-host-os"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("itpro-2008", "ms-hyperv-architecture", "xen-support-md")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None or ctx.spec.host_os is None or product.host_os != "none":
            return
        if product.parent_partition == "required":
            why = (
                "its management OS runs in the parent partition on top of the hypervisor; "
                "describe it under partitions with role: parent"
            )
        else:
            why = (
                "the hypervisor runs directly on the hardware and its drivers run inside it; "
                "remove host_os"
            )
        yield Violation(ctx.at / "host_os", f"{product.name} has no host OS: {why}")
