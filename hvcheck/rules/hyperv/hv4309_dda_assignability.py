"""HV4309 dda-assignability."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.hyperv import DdaFacts
from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules._messages import join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import Assigned, assigned_devices


class DdaAssignability(Rule):
    """Assign to a VM (Discrete Device Assignment) only devices that can be assigned, on hosts that can.

    Why: SurveyDDA.ps1 checks each device: one that needs BIOS-reserved memory (an RMRR) is not
    assignable; PCIe Endpoints and Root-Complex Integrated Endpoints are, a PCIe Legacy Endpoint only if
    it is a graphics controller ("Legacy, non-VGA PCI device. Not assignable."), while conventional
    PCI, PCI-X, "PCI Express treated as PCI" and bridges or switch ports are not; a device whose
    interrupts are all line-based (INTx) cannot be
    assigned, MSI or MSI-X is required, and a device with no interrupts is fine (Plan for deploying
    devices using DDA). The assigned device is a passthrough device `backed_by` a physical device; these
    facts are in catalogs/hyperv-limits.yaml (`dda`). A device whose pcie_type, interrupts or
    requires_rmrr is not stated is reported as unknown (info). That DDA needs Windows Server 2016 or
    later is release data judged by HV1301 (catalogs/hyperv-releases.yaml); the host IOMMU is checked by
    HV1113; the guest OS's DDA support by HV4306; the VM settings DDA needs by HV4310.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: dda-intx-card}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      devices:
        - id: capture0
          class: other
          name: Legacy PCI capture card
          pcie_type: conventional-pci
          interrupts: [intx]
          requires_rmrr: false
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: rec
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          automatic_stop_action: turn-off
          devices:
            - {id: rec-capture, kind: pci, model: dda, mode: passthrough, backed_by: capture0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: dda-nvme}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      devices:
        - id: nvme1
          class: storage
          name: Samsung PM1733 NVMe SSD
          pcie_type: endpoint
          interrupts: [msi, msix]
          requires_rmrr: false
          mmio_mb: 1
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: db
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          automatic_stop_action: turn-off
          devices:
            - {id: db-nvme, kind: pci, model: dda, mode: passthrough, backed_by: nvme1}
    ```

    Unstated (the device's PCIe type, interrupts and RMRR need are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: device-facts-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      devices:
        - {id: gpu0, class: display, name: NVIDIA Tesla T4}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2022, arch: x64}
          automatic_stop_action: turn-off
          devices:
            - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV4309"
    name = "dda-assignability"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-dda-plan", "ms-hyperv-dda-deploy", "surveydda")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        facts = ctx.catalog.hyperv.dda_facts(ctx.product_id)
        seen: set[str] = set()
        for _at, part in ctx.partitions("child"):
            for assigned in assigned_devices(ctx, part):
                vpath = assigned.at / "backed_by"
                if facts is None:
                    yield Unknown(
                        vpath,
                        f"whether {ctx.host_label()} can assign devices to VMs is unknown: the "
                        "catalog has no device-assignment facts for it",
                    )
                    return
                if assigned.device.id in seen:
                    continue
                seen.add(assigned.device.id)
                yield from self._device(facts, assigned, vpath)

    def _device(self, facts: DdaFacts, assigned: Assigned, vpath: Path) -> Iterator[Violation]:
        dev = assigned.device
        dpath = assigned.device_at
        name = f"physical device '{dev.id}'" + (f" ({dev.name})" if dev.name else "")
        missing: list[str] = []
        if dev.requires_rmrr is None:
            missing.append("requires_rmrr")
        elif dev.requires_rmrr:
            yield Violation(
                dpath / "requires_rmrr",
                f"{name} is assigned to a VM but needs BIOS-reserved memory (an RMRR), so it cannot "
                "be assigned",
            )
        if dev.pcie_type is None:
            missing.append("pcie_type")
        elif dev.pcie_type in facts.display_only_types:
            if dev.device_class != "display":
                yield Violation(
                    dpath / "pcie_type",
                    f"{name} is assigned to a VM but is a {dev.pcie_type} device that is not a "
                    f"display controller; a {dev.pcie_type} device can be assigned only if it is one",
                )
        elif dev.pcie_type in facts.non_assignable_types:
            yield Violation(
                dpath / "pcie_type",
                f"{name} is assigned to a VM but is a {dev.pcie_type} device; only "
                f"{join(list(facts.assignable_types), 'or')} devices can be assigned",
            )
        elif dev.pcie_type not in facts.assignable_types:
            yield Unknown(
                dpath / "pcie_type",
                f"whether a {dev.pcie_type} device such as {name} can be assigned is unknown: the "
                "catalog lists neither it nor its type",
            )
        if dev.interrupts is None:
            missing.append("interrupts")
        else:
            lines = [x for x in dev.interrupts if x != "none"]
            if lines and not any(x in facts.message_interrupts for x in lines):
                yield Violation(
                    dpath / "interrupts",
                    f"{name} is assigned to a VM but has only line-based (INTx) interrupts; an "
                    f"assigned device needs {join(list(facts.message_interrupts), 'or')}",
                )
        if missing:
            yield Unknown(
                vpath,
                f"whether {name} can be assigned is unknown: its {join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not stated",
            )
