"""HV1203 driver-binding-unknown."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.drivers import device_ids, evaluate_binding
from hvcheck.findings import Severity
from hvcheck.model.host import Driver, PhysicalDevice
from hvcheck.model.paths import Path
from hvcheck.rules._messages import shorten
from hvcheck.rules.base import ALL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import TABLE_HINT, driven_devices, field_paths
from hvcheck.rules.drivers._kernel import (
    kernel_hint,
    kernel_of,
    kernel_table_applies,
    kernel_table_binding,
    kernel_verdict,
)


class DriverBindingUnknown(Rule):
    """Report driver bindings the catalog cannot confirm as unknown.

    Why: whether a driver binds a device is decided by the driver's PCI ID table (modules.alias,
    ESXi map file, INF). When the catalog has no table for the driver, only part of it, or the
    device description lacks an ID the table needs (subsystem IDs, the full class code), hvcheck
    cannot tell, and says so instead of guessing (sources: linux-file2alias, esxi-default-map, ms-pci-identifiers). Loading the platform's own file
    with `--catalog` (`modules.alias`, `/etc/vmware/default.map.d/*.map`, the driver's `.inf`)
    turns these into answers; HV1201 then reports bindings that cannot happen. A `linux-module`
    driver on a KVM host or in a Xen dom0 is looked up in the kernels' alias table
    (catalogs/generated/linux-pci-aliases.tsv, Debian's kernels from Linux 5.10 to 7.3): it is
    unknown when the answer differs between kernels and the host's kernel is not stated, when the
    host runs a kernel outside the table, or when the table has no such module (built into the
    kernel, out of tree, or misspelt).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-unknown-binding}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
      devices:
        - {id: vmnic0, class: network, pci: {vendor: "8086", device: "1572"}}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [vmnic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-known-binding}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network, pci: {vendor: "15ad", device: "07b0"}}
      drivers:
        - {name: vmxnet3, kind: linux-module, location: host-os, drives: [nic0]}
    ```

    Unstated (the binding was observed on the running host, which settles it):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: observed}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network, pci: {vendor: "14e4", device: "16d7"}}
      drivers:
        - {name: bnxt_en, kind: linux-module, location: host-os, drives: [nic0], observed: true}
    ```
    """

    code = "HV1203"
    name = "driver-binding-unknown"
    default_severity = Severity.INFO
    only_unknown = True
    architectures = (ALL,)
    sources = ("linux-file2alias", "esxi-default-map", "ms-pci-identifiers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for at, drv in ctx.drivers():
            if drv.observed:
                continue  # the running system bound it: nothing left to find out
            targets = [(ref, dev) for ref, dev in driven_devices(ctx, drv) if dev.pci is not None]
            if not targets:
                continue
            binding = ctx.catalog.drivers.binding_for(drv.name, drv.kind, ctx.product_id or None)
            if binding is None:
                yield from self._kernel_table(ctx, at, drv, targets)
                continue
            for ref, dev in targets:
                assert dev.pci is not None
                ids = device_ids(dev.pci)
                result = evaluate_binding(binding, ids)
                if result.match is True:
                    continue
                if result.match is None:
                    yield Unknown(
                        ref,
                        f"whether driver '{drv.name}' binds device '{dev.id}' ({ids.label()}) is "
                        f"unknown: its ID table constrains {field_paths(result.needs)}, which the "
                        "device does not state",
                    )
                elif not binding.complete:
                    count = len(binding.patterns())
                    yield Unknown(
                        ref,
                        f"device '{dev.id}' ({ids.label()}) is not among the {count} ID(s) the "
                        f"catalog knows for driver '{drv.name}', a partial list, so whether the "
                        f"driver binds it is unknown; {TABLE_HINT.get(drv.kind, 'load its ID table')} "
                        "with --catalog",
                    )

    def _kernel_table(
        self,
        ctx: HostContext,
        at: Path,
        drv: Driver,
        targets: list[tuple[Path, PhysicalDevice]],
    ) -> Iterator[Violation]:
        table = kernel_table_binding(ctx, drv)
        if table is None:
            named = [f"'{dev.id}'" for _, dev in targets]
            hint = TABLE_HINT.get(drv.kind)
            if kernel_table_applies(ctx, drv):
                aliases = ctx.catalog.generated.linux_aliases
                assert aliases is not None
                gap = (
                    f"neither the catalog nor {aliases.title} has a PCI ID table for module "
                    f"'{drv.name}' (built into the kernel, out of tree, or misspelt?)"
                )
            else:
                gap = f"the catalog has no PCI ID table for driver '{drv.name}' ({drv.kind})"
            yield Unknown(
                at / "name",
                f"{gap}, so whether it binds {shorten(named)} is unknown"
                + (f"; {hint} with --catalog" if hint else ""),
            )
            return
        kernel = kernel_of(ctx, drv)
        for ref, dev in targets:
            assert dev.pci is not None
            ids = device_ids(dev.pci)
            verdict = kernel_verdict(ctx, table, ids, kernel)
            if verdict.match is not None:
                continue
            if verdict.needs and not verdict.binds:
                what = (
                    f"its ID table constrains {field_paths(verdict.needs)}, which the device does "
                    "not state"
                )
            else:
                what = verdict.reason
                if kernel is None and (verdict.binds or verdict.refuses):
                    what += f"; {kernel_hint(drv)}"
            yield Unknown(
                ref,
                f"whether driver '{drv.name}' binds device '{dev.id}' ({ids.label()}) is unknown: "
                f"{what}",
            )
