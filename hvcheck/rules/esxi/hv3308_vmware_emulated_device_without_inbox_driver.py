"""HV3308 vmware-emulated-device-without-inbox-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import DriverVerdict, runtime_driver, unknown_driver_message
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class VmwareEmulatedDeviceWithoutInboxDriver(Rule):
    """Give a guest an emulated NIC or SCSI controller its OS has an in-box driver for.

    Why: emulated devices (Vlance, E1000, E1000E, LSI Logic, BusLogic) imitate real hardware so
    that a guest can drive them with the driver its OS already ships, without VMware Tools; that
    only helps if the OS does ship one. E1000 has drivers in Windows XP and later and Linux 2.4.19
    and later (vSphere NIC types); E1000E is the default for Windows 8 and Windows Server 2012;
    Windows Server 2008 drives LSI Logic SAS with its own driver (VMware Tools documentation). An
    OS outside those ranges has no driver: a warning. Which OS ships which driver is read from the
    ``guests.guest_drivers`` catalog; a guest it does not cover (or one that does not state the
    kernel or release the answer depends on) is reported as unknown (info) (sources: vmware-nic-types-40, vmware-tools-drivers).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-retro}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: retro
          role: child
          os: {family: linux, name: Red Hat Linux, version: "7.3", arch: x86, kernel: "2.4.18-3"}
          devices:
            - {id: retro-net0, kind: nic, model: e1000, mode: emulated, served_by: hypervisor}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-retro}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      partitions:
        - id: retro
          role: child
          os: {family: linux, name: Red Hat Linux, version: "9", arch: x86, kernel: "2.4.20-8"}
          devices:
            - {id: retro-net0, kind: nic, model: e1000, mode: emulated, served_by: hypervisor}
    ```

    Unstated (the guest's release is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: release-unstated}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      partitions:
        - id: lab
          role: child
          os: {family: windows, name: Windows XP, arch: x86}
          devices:
            - {id: lab-net0, kind: nic, model: e1000, mode: emulated, served_by: hypervisor}
    ```
    """

    code = "HV3308"
    name = "vmware-emulated-device-without-inbox-driver"
    default_severity = Severity.WARNING
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-nic-types-40", "vmware-tools-drivers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for at, part in ctx.partitions("child"):
            if part.os is None:
                continue
            unknown: list[tuple[str, DriverVerdict]] = []
            controllers = {dev.id for _, dev in ctx.devices_of(part) if dev.kind == "storage"}
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind in ("disk", "cdrom") and dev.controller in controllers:
                    continue  # the controller is checked
                model = ctx.model_of(dev)
                if (
                    model is None
                    or model.mode != "emulated"
                    or model.kind not in ("nic", "storage")
                ):
                    continue
                verdict = runtime_driver(ctx, part, model.id)
                if verdict.status in ("unknown", "unstated"):
                    unknown.append((model.id, verdict))
                elif verdict.status == "missing":
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' is an emulated {model.name}, but {verdict.reason}; the guest "
                        "has no driver for it. Use a model its OS ships a driver for",
                    )
            if unknown:
                yield Unknown(at / "os" / "name", unknown_driver_message(part, unknown))
