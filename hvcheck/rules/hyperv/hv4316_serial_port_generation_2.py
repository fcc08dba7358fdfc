"""HV4316 serial-port-generation-2."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext


class SerialPortGeneration2(Rule):
    """Configure no serial (COM) port on a generation 2 VM unless it is needed.

    Why: the Hyper-V Best Practices Analyzer warns that "one or more generation 2 virtual machines have
    a serial port configured" and "performance might be affected"; remove the port's connection string
    if it is not intended ("Serial ports should not be configured on generation 2 virtual machines").
    A generation 2 VM with a serial device is reported; a VM that does not state its generation is not
    checked.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-gen2-com}
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
          devices:
            - {id: app-com1, kind: serial, model: com-port, mode: emulated, served_by: root}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-gen1-com}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2016, arch: x64}
          devices:
            - {id: app-com1, kind: serial, model: com-port, mode: emulated, served_by: root}
    ```

    Unstated (the VM's generation is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-com-generation-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: app
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: app-com1, kind: serial, model: com-port, mode: emulated, served_by: root}
    ```
    """

    code = "HV4316"
    name = "serial-port-generation-2"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-serial-gen2",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            if part.generation != 2:
                continue
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind == "serial":
                    yield Violation(
                        dev_at / "kind",
                        f"generation 2 VM '{part.id}' has serial port '{dev.id}'; the Best "
                        "Practices Analyzer warns that it can affect performance: remove it unless "
                        "it is needed",
                    )
