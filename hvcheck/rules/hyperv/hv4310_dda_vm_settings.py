"""HV4310 dda-vm-settings."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.hyperv import DdaFacts, VmSetting
from hvcheck.findings import Severity
from hvcheck.model.paths import Path
from hvcheck.rules._messages import join
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import Assigned, assigned_devices, vm_setting_in_use

_LABELS = {
    "dynamic-memory": "Dynamic Memory",
    "live-migration": "live migration",
    "save-restore": "save/restore",
    "ha": "membership in a high-availability cluster",
}


class DdaVmSettings(Rule):
    """Configure a VM with an assigned device to turn off, without the features DDA takes away, and with enough MMIO space.

    Why: a VM that uses Discrete Device Assignment must have its automatic stop action set to TurnOff
    (Deploy graphics devices using DDA), and while a device is attached it cannot use save/restore, live
    migration, Dynamic Memory or membership in a high-availability cluster (Plan for deploying devices
    using DDA; from Windows Server 2025, clustered VMs can use DDA GPUs through GPU pools, still without
    live migration). Each VM has 512 MB of high MMIO space by default; it must be set to the sum of the
    assigned devices' MMIO needs plus that default as a buffer, or the device will not start. Errors for
    the settings, a warning for too little MMIO space; an unstated stop action or device MMIO need is
    reported as unknown (info). The facts are in catalogs/hyperv-limits.yaml (`dda`,
    `dda_restrictions`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: dda-vm-saves}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      devices:
        - id: gpu0
          class: display
          name: NVIDIA Tesla T4
          pcie_type: endpoint
          interrupts: [msi]
          requires_rmrr: false
          mmio_mb: 16384
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          automatic_stop_action: save
          dynamic_memory: {enabled: true, startup_mb: 8192, min_mb: 4096, max_mb: 16384}
          devices:
            - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: dda-vm-turns-off}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      devices:
        - id: gpu0
          class: display
          name: NVIDIA Tesla T4
          pcie_type: endpoint
          interrupts: [msi]
          requires_rmrr: false
          mmio_mb: 16384
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: render
          role: child
          generation: 2
          os: {family: windows, name: Windows Server 2019, arch: x64}
          automatic_stop_action: turn-off
          memory_mb: 16384
          dynamic_memory: {enabled: false}
          features: {live_migration: false, ha: false}
          high_mmio_mb: 17408
          devices:
            - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```

    Unstated (the stop action and MMIO sizes are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: settings-unstated}
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
          devices:
            - {id: render-gpu, kind: pci, model: dda, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV4310"
    name = "dda-vm-settings"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-dda-plan", "ms-hyperv-dda-deploy", "ms-hyperv-gpu-cluster")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        facts = hv.dda_facts(ctx.product_id)
        if facts is None:
            return  # HV4309 reports that device assignment is unknown for the product
        forbidden: dict[VmSetting, str] = {}
        for restriction in hv.dda_restrictions_for(ctx.product_id, ctx.release):
            for setting in restriction.forbids:
                forbidden.setdefault(setting, restriction.note or "")
        for at, part in ctx.partitions("child"):
            assigned = list(assigned_devices(ctx, part))
            if not assigned:
                continue
            names = join([f"'{a.device.id}'" for a in assigned])
            vm = f"VM '{part.id}' (assigned {names})"
            if part.automatic_stop_action is None:
                yield Unknown(
                    at / "id",
                    f"{vm} does not state its automatic_stop_action; a VM with an assigned device "
                    f"must use {facts.stop_action}, so whether it is set right is unknown",
                )
            elif part.automatic_stop_action != facts.stop_action:
                yield Violation(
                    at / "automatic_stop_action",
                    f"{vm} has automatic stop action '{part.automatic_stop_action}'; a VM with an "
                    f"assigned device must use '{facts.stop_action}'",
                )
            for name, note in forbidden.items():
                where = vm_setting_in_use(at, part, name)
                if where is None:
                    continue
                extra = f" ({note})" if note else ""
                yield Violation(
                    where,
                    f"{vm} uses {_LABELS[name]}, which is not available while a device is "
                    f"assigned on {ctx.host_label()}{extra}",
                )
            yield from self._mmio(at, vm, part.high_mmio_mb, assigned, facts)

    @staticmethod
    def _mmio(
        at: Path, vm: str, high: int | None, assigned: list[Assigned], facts: DdaFacts
    ) -> Iterator[Violation]:
        unknown = [f"'{a.device.id}'" for a in assigned if a.device.mmio_mb is None]
        if unknown:
            yield Unknown(
                at / "id",
                f"{vm}: the MMIO space of {join(unknown)} is not stated (mmio_mb), so whether the "
                "VM's high MMIO space is large enough is unknown",
            )
            return
        need = sum(a.device.mmio_mb or 0 for a in assigned) + facts.mmio_buffer_mb
        if high is None:
            if need > facts.default_high_mmio_mb:
                yield Unknown(
                    at / "id",
                    f"{vm}: its assigned devices need {need:g} MB of high MMIO space (their MMIO "
                    f"plus a {facts.mmio_buffer_mb} MB buffer), more than the default "
                    f"{facts.default_high_mmio_mb} MB, and high_mmio_mb is not stated",
                )
            return
        if high >= need:
            return
        yield Violation(
            at / "high_mmio_mb",
            f"{vm} has {high} MB of high MMIO space; its assigned devices need {need:g} MB (their "
            f"MMIO plus a {facts.mmio_buffer_mb} MB buffer): set HighMemoryMappedIoSpace to at "
            "least that",
            severity=Severity.WARNING,
        )
