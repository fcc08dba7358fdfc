"""HV4005 synthetic-device-needs-enlightenment."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class SyntheticDeviceNeedsEnlightenment(Rule):
    """Give synthetic (VMBus) devices only to children whose guest has integration services.

    Why: synthetic devices are VMBus channels between a VSC in the child and a VSP in the parent.
    Enlightened I/O "requires an enlightened guest that is hypervisor and VMBus aware", and "use of
    virtual SCSI devices requires integration services" (Hyper-V architecture; Plan for Hyper-V
    scalability). A guest without integration services sees no synthetic NIC, SCSI controller, video
    or input device at all; it can only use the emulated hardware (legacy DEC 21140 NIC, IDE, S3
    video, PS/2). Whether a guest is enlightened comes from `integration.present`, or else from the
    guest-support catalog; a guest the catalog does not know is left to the rules for unknown guests.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: old-guest}
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
            - {id: net0, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: old-guest-emulated}
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

    Unstated (integration services must be installed on Windows Server 2008 R2, and whether they
    are is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ics-unstated}
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
          devices:
            - {id: net0, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    ```
    """

    code = "HV4005"
    name = "synthetic-device-needs-enlightenment"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("ms-hyperv-architecture", "ms-hyperv-scalability", "itpro-2008", "linux-hyperv-h")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None:
            return
        ics = product.integration_name
        for at, part in ctx.partitions("child"):
            synthetic = [(a, d) for a, d in ctx.devices_of(part) if d.mode == "synthetic"]
            if not synthetic:
                continue
            state = ctx.enlightenment(part)
            guest = guest_label(part)
            if state.state == "unknown":
                if state.support is not None:  # the catalog says they must be installed
                    names = ", ".join(d.id for _, d in synthetic)
                    yield Unknown(
                        at / "os" / "name",
                        f"synthetic devices ({names}) need {ics}, which {guest} does not ship "
                        "with; whether they are installed is not stated (integration.present)",
                    )
                continue
            if state.state != "not-enlightened":
                continue
            if part.integration is not None and not part.integration.present:
                why = f"which {guest} does not have installed"
            else:
                why = f"which do not exist for {guest}"
            for dev_at, dev in synthetic:
                model = ctx.model_of(dev)
                alternative = model.emulated_alternative if model is not None else None
                instead = f"the emulated '{alternative}'" if alternative else "an emulated device"
                yield Violation(
                    dev_at / "model",
                    f"synthetic device '{dev.id}' ({dev.model}) needs {ics}, {why}; "
                    f"use {instead} instead",
                )
