"""HV1203 driver-binding-unknown."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.drivers import device_ids, evaluate_binding
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, HostContext, Rule, Violation
from hvcheck.rules.drivers._common import TABLE_HINT, devices, field_paths, quote_list


class DriverBindingUnknown(Rule):
    """Report driver bindings the catalog cannot confirm as unknown.

    Why: whether a driver binds a device is decided by the driver's PCI ID table (modules.alias,
    ESXi map file, INF). When the catalog has no table for the driver, only part of it, or the
    device description lacks an ID the table needs (subsystem IDs, the full class code), hvcheck
    cannot tell, and says so instead of guessing (reference R23). Loading the platform's own file
    with `--catalog` (`modules.alias`, `/etc/vmware/default.map.d/*.map`, the driver's `.inf`)
    turns these into answers; HV1201 then reports bindings that cannot happen.

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
    """

    code = "HV1203"
    name = "driver-binding-unknown"
    default_severity = Severity.INFO
    families = (ALL,)
    sources = ("linux-file2alias", "esxi-default-map", "ms-pci-identifiers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product.id if ctx.product is not None else None
        by_id = {dev.id: dev for _, dev in devices(ctx)}
        for i, drv in enumerate(ctx.spec.drivers):
            targets = [
                (j, by_id[t]) for j, t in enumerate(drv.drives) if t in by_id and by_id[t].pci
            ]
            if not targets:
                continue
            binding = ctx.catalog.drivers.binding_for(drv.name, drv.kind, product)
            if binding is None:
                named = [f"'{dev.id}'" for _, dev in targets]
                hint = TABLE_HINT.get(drv.kind)
                yield Violation(
                    f"spec.drivers[{i}].name",
                    f"the catalog has no PCI ID table for driver '{drv.name}' ({drv.kind}), so "
                    f"whether it binds {quote_list(named)} is unknown"
                    + (f"; {hint} with --catalog" if hint else ""),
                )
                continue
            for j, dev in targets:
                assert dev.pci is not None
                ids = device_ids(dev.pci)
                result = evaluate_binding(binding, ids)
                if result.match is True:
                    continue
                if result.match is None:
                    yield Violation(
                        f"spec.drivers[{i}].drives[{j}]",
                        f"whether driver '{drv.name}' binds device '{dev.id}' ({ids.label()}) is "
                        f"unknown: its ID table constrains {field_paths(result.needs)}, which the "
                        "device does not state",
                    )
                elif not binding.complete:
                    count = len(binding.patterns())
                    yield Violation(
                        f"spec.drivers[{i}].drives[{j}]",
                        f"device '{dev.id}' ({ids.label()}) is not among the {count} ID(s) the "
                        f"catalog knows for driver '{drv.name}', a partial list, so whether the "
                        f"driver binds it is unknown; {TABLE_HINT.get(drv.kind, 'load its ID table')} "
                        "with --catalog",
                    )
