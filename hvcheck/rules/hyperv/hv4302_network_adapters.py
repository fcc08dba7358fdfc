"""HV4302 network-adapters."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import join
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.hyperv._vm import device_limit_violations


class NetworkAdapters(Rule):
    """Keep a Hyper-V VM's network adapters within its limits, and PXE-boot it from the right kind.

    Why: the legacy network adapter is the emulated DEC 21140, one multifunction device with up to 4
    ports (Virtual PC Guy's blog, 2011), and a VM has at most 4 of them; Hyper-V specific (synthetic)
    adapters are limited to 8 per VM on Windows Server 2016 and 64 on Windows Server 2019 (Plan for
    Hyper-V scalability). A generation 1 VM can PXE-boot only through a legacy network adapter; a
    generation 2 VM only through a standard (synthetic) one (Should I create a generation 1 or 2 virtual
    machine in Hyper-V?). The limits per host release are in catalogs/hyperv-limits.yaml; a release it
    does not cover is reported as unknown (info). A legacy adapter in a generation 2 VM is HV4301's.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gen1-pxe-synthetic}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: deploy
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2016, arch: x64}
          devices:
            - {id: deploy-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root, boot: true}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gen1-pxe-legacy}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: deploy
          role: child
          generation: 1
          os: {family: windows, name: Windows Server 2016, arch: x64}
          devices:
            - {id: deploy-pxe, kind: nic, model: legacy-nic, mode: emulated, served_by: root, boot: true}
            - {id: deploy-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root}
    ```

    Unstated (the VM's generation is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: generation-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          devices:
            - {id: web-net, kind: nic, model: synthetic-nic, mode: synthetic, served_by: root, boot: true}
    ```
    """

    code = "HV4302"
    name = "network-adapters"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-scalability", "virtual-pc-guy-2011", "ms-hyperv-generations")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for _at, part in ctx.partitions("child"):
            gen = part.generation
            profile = hv.generation(pid, gen) if gen is not None else None
            if profile is None:
                continue  # no generation, or one HV4301 reports as unknown
            nic_models = []
            for mid in profile.boot_models:
                model = ctx.catalog.device_model(mid, pid)
                if model is not None and model.kind == "nic":
                    nic_models.append(f"'{model.id}' ({model.name})")
            for dev_at, dev in ctx.devices_of(part):
                if dev.kind != "nic" or not dev.boot:
                    continue
                model = ctx.model_of(dev)
                if model is None or model.id in profile.boot_models:
                    continue
                if model.generations and gen not in model.generations:
                    continue  # a device this generation does not have: HV4301 reports it
                how = f"only through {join(nic_models, 'or')}" if nic_models else "not at all"
                yield Violation(
                    dev_at / "boot",
                    f"VM '{part.id}' is set to PXE-boot from network adapter '{dev.id}' "
                    f"({model.id}); a generation {gen} VM network-boots {how}",
                )
        yield from device_limit_violations(ctx, nics=True)
