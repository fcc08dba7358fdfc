"""HV4315 scsi-controller-hot-plug."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import device_bus


class ScsiControllerHotPlug(Rule):
    """Give an enlightened generation 1 VM a SCSI controller, so storage can be added while it runs.

    Why: the Hyper-V Best Practices Analyzer warns about "a virtual machine ... that is not configured
    with a SCSI controller": storage can be hot plugged and unplugged only on the synthetic SCSI
    controller, so without one the VM must be shut down to add or remove a disk; "the guest operating
    system must be running the current version of integration services" ("Configure a virtual machine
    with a SCSI controller to be able to hot plug and hot unplug storage"). A generation 2 VM always
    boots from SCSI. A generation 1 VM is reported when it describes its storage, has none on a SCSI
    controller and its guest is known to be enlightened; one whose integration is unknown or absent is
    not.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-ide-only}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2016, arch: x64}
          devices:
            - {id: app-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root, boot: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-gen1-scsi}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2016, arch: x64}
          devices:
            - {id: app-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root, boot: true}
            - {id: app-scsi, kind: storage, model: synthetic-scsi, mode: synthetic, served_by: root}
        - id: legacy
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2008 R2, arch: x64}
          integration: {present: false}
          devices:
            - {id: legacy-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root, boot: true}
    ```

    Unstated (whether the guest has integration services is not known):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: hv-ide-unknown-guest}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: app
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2008 SP2, arch: x64}
          devices:
            - {id: app-ide, kind: storage, model: ide-controller, mode: emulated, served_by: root, boot: true}
    ```
    """

    code = "HV4315"
    name = "scsi-controller-hot-plug"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-bpa-scsi-hot-plug",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            if part.generation != 1:
                continue
            storage = [
                (dev_at, dev)
                for dev_at, dev in ctx.devices_of(part)
                if dev.kind in ("storage", "disk", "cdrom")
            ]
            if not storage:
                continue
            if any(device_bus(ctx, dev)[0] == "scsi" for _, dev in storage):
                continue  # a SCSI controller, or a disk that states it sits on one
            if ctx.enlightenment(part).state != "enlightened":
                continue
            yield Violation(
                storage[0][0] / "model",
                f"VM '{part.id}' (generation 1) has no SCSI controller, so storage cannot be added "
                "or removed while it runs; add a SCSI controller",
            )
