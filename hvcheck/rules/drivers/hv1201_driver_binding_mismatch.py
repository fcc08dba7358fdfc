"""HV1201 driver-binding-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.drivers import device_ids, evaluate_binding
from hvcheck.findings import Severity
from hvcheck.model.host import Driver
from hvcheck.rules._messages import shorten
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.drivers._common import driven_devices
from hvcheck.rules.drivers._kernel import kernel_of, kernel_table_binding, kernel_verdict

_FORMAT = {"modalias": "modules.alias pattern", "esxi_map": "map-file id", "inf": "INF hardware ID"}


class DriverBindingMismatch(Rule):
    """Bind each driver only to devices its PCI ID table matches.

    Why: a driver binds a device only when the platform's loader finds the device's IDs in the
    driver's ID table. Linux `modprobe` matches the device's modalias
    (`pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X`) with fnmatch against the module's
    `modules.alias` patterns (file2alias.c); ESXi binds by the `id=` patterns of
    `/etc/vmware/default.map.d/<driver>.map`; Windows installs a driver whose INF lists one of the
    hardware IDs the PCI bus driver reports for the device. When the catalog holds the driver's
    whole table (`complete: true`, or a modules.alias/map/INF file loaded with `--catalog`) and no
    entry matches the device's IDs, the declared binding cannot happen: the device gets another
    driver or none (sources: linux-file2alias, esxi-default-map, ms-pci-identifiers). Partial tables never produce this finding; see HV1203.
    A `linux-module` driver on a KVM host or in a Xen dom0 that no catalog file binds is looked up
    in the kernels' own alias table (catalogs/generated/linux-pci-aliases.tsv: every PCI alias of
    Debian's kernels from Linux 5.10 to 7.3, per kernel): the binding cannot happen when no pattern
    matches in the kernel the host runs (`host_os.kernel`, or the dom0 partition's `os.kernel`), or,
    with the kernel unstated, in any kernel of the table. A binding the running system made
    (`observed: true`, as lspci and esxcli imports write) is a fact and never reported.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-lab}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network, pci: {vendor: "8086", device: "100f"}}
      drivers:
        - {name: vmxnet3, kind: linux-module, location: host-os, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-lab}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network, pci: {vendor: "15ad", device: "07b0"}}
      drivers:
        - {name: vmxnet3, kind: linux-module, location: host-os, drives: [nic0]}
    ```

    Unstated (the device's PCI IDs are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: ids-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: vmxnet3, kind: linux-module, location: host-os, drives: [nic0]}
    ```
    """

    code = "HV1201"
    name = "driver-binding-mismatch"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    sources = ("linux-file2alias", "esxi-default-map", "ms-pci-identifiers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, drv in ctx.drivers():
            if drv.observed:
                continue  # the running system bound it: the binding happened
            binding = ctx.catalog.drivers.binding_for(drv.name, drv.kind, ctx.product_id or None)
            if binding is None:
                yield from self._kernel_table(ctx, drv)
                continue
            if not binding.complete:
                continue
            for ref, dev in driven_devices(ctx, drv):
                if dev.pci is None:
                    continue
                ids = device_ids(dev.pci)
                if evaluate_binding(binding, ids).match is not False:
                    continue
                if binding.probe_refuses(ids):
                    why = f"its probe function takes only {shorten(binding.probe_accepts)}"
                else:
                    patterns = [p.text for p in binding.patterns()]
                    what = _FORMAT[binding.pattern_format] + ("s" if len(patterns) > 1 else "")
                    why = f"its ID table has no match for it ({what} {shorten(patterns, 4)})"
                yield Violation(
                    ref,
                    f"driver '{drv.name}' ({drv.kind}) cannot bind device '{dev.id}' "
                    f"({ids.label()}): {why}; the device needs another driver",
                )

    def _kernel_table(self, ctx: HostContext, drv: Driver) -> Iterator[Violation]:
        table = kernel_table_binding(ctx, drv)
        if table is None:
            return
        kernel = kernel_of(ctx, drv)
        for ref, dev in driven_devices(ctx, drv):
            if dev.pci is None:
                continue
            ids = device_ids(dev.pci)
            verdict = kernel_verdict(ctx, table, ids, kernel)
            if verdict.match is not False:
                continue
            count = len(table.rows)
            yield Violation(
                ref,
                f"driver '{drv.name}' (linux-module) cannot bind device '{dev.id}' "
                f"({ids.label()}): none of the {count} modules.alias pattern"
                f"{'s' if count != 1 else ''} of the module matches it, {verdict.reason}; the "
                "device needs another driver",
            )
