"""HV3301 directpath-device-limit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import ordinal
from hvcheck.rules.base import MONOLITHIC, HostContext, Rule, Violation


class DirectpathDeviceLimit(Rule):
    """Pass no more PCI devices through to one VM than the ESXi release allows.

    Why: DirectPath I/O gives a virtual machine a physical PCI device, and ESXi caps how many one
    VM may have: up to 6 on vSphere 6.5 and 6.7, 2 on vSphere 4 (vSphere 6.7 "Add a PCI device"
    and vSphere 8 DirectPath I/O documentation). A VM over the cap does not power on with its
    devices. The caps are read from the ``guests.passthrough_limits`` catalog; on a release whose
    cap the catalog does not hold, the count is reported as unknown (info) instead of guessed
    (reference §2.5, R39).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gpu-farm}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      devices:
        - {id: gpu0, class: display}
        - {id: gpu1, class: display}
        - {id: gpu2, class: display}
        - {id: gpu3, class: display}
        - {id: gpu4, class: display}
        - {id: gpu5, class: display}
        - {id: gpu6, class: display}
      partitions:
        - id: render
          role: child
          devices:
            - {id: r-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
            - {id: r-gpu1, kind: pci, model: directpath, mode: passthrough, backed_by: gpu1}
            - {id: r-gpu2, kind: pci, model: directpath, mode: passthrough, backed_by: gpu2}
            - {id: r-gpu3, kind: pci, model: directpath, mode: passthrough, backed_by: gpu3}
            - {id: r-gpu4, kind: pci, model: directpath, mode: passthrough, backed_by: gpu4}
            - {id: r-gpu5, kind: pci, model: directpath, mode: passthrough, backed_by: gpu5}
            - {id: r-gpu6, kind: pci, model: directpath, mode: passthrough, backed_by: gpu6}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: gpu-farm}
    spec:
      hypervisor: {product: esxi, version: "6.7 U3"}
      devices:
        - {id: gpu0, class: display}
        - {id: gpu1, class: display}
      partitions:
        - id: render
          role: child
          devices:
            - {id: r-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
            - {id: r-gpu1, kind: pci, model: directpath, mode: passthrough, backed_by: gpu1}
    ```
    """

    code = "HV3301"
    name = "directpath-device-limit"
    default_severity = Severity.ERROR
    families = (MONOLITHIC,)
    products = ("esxi",)
    sources = ("vmware-directpath-67", "vmware-directpath-80")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product
        version = ctx.spec.hypervisor.version
        limit = ctx.catalog.guests.passthrough_limit(product.id, version)
        release = f"{product.name} {version}" if version else f"{product.name} (release not stated)"
        for i, part in ctx.partitions():
            passed = [j for j, d in enumerate(part.devices) if d.mode == "passthrough"]
            if not passed:
                continue
            if limit is None or limit.max_devices_per_vm is None:
                known = "; ".join(
                    f"{_range(e.min_version, e.max_version)}: {e.max_devices_per_vm}"
                    for e in ctx.catalog.guests.passthrough_entries(product.id)
                    if e.max_devices_per_vm is not None
                )
                yield Violation(
                    f"spec.partitions[{i}].devices[{passed[0]}].mode",
                    f"'{part.id}' has {len(passed)} passed-through "
                    f"device{'s' if len(passed) != 1 else ''}; the per-VM "
                    f"DirectPath limit of {release} is not in the catalog, so whether it fits is "
                    f"unknown" + (f" (known limits: {known})" if known else ""),
                    severity=Severity.INFO,
                )
                continue
            cap = limit.max_devices_per_vm
            for n, j in enumerate(passed[cap:], start=cap + 1):
                yield Violation(
                    f"spec.partitions[{i}].devices[{j}].mode",
                    f"'{part.devices[j].id}' is the {ordinal(n)} device passed through to '{part.id}'; "
                    f"{release} allows at most {cap} DirectPath devices per virtual machine",
                )


def _range(low: str | None, high: str | None) -> str:
    if low and high:
        return low if low == high else f"{low}-{high}"
    return low or high or "all releases"
