"""HV3301 directpath-device-limit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.host import VirtualDevice
from hvcheck.rules._messages import ordinal
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


def is_directpath(ctx: HostContext, dev: VirtualDevice) -> bool:
    """A PCI device passed through (DirectPath I/O), not a generic SCSI or USB passthrough."""
    if dev.mode != "passthrough":
        return False
    return dev.kind == "pci" or (
        dev.backed_by is not None and ctx.device_by_id(dev.backed_by) is not None
    )


def _range(low: str | None, high: str | None) -> str:
    if low and high:
        return low if low == high else f"{low}-{high}"
    return low or high or "all releases"


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

    Unstated (the release is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-release-unstated}
    spec:
      hypervisor: {product: esxi}
      devices:
        - {id: gpu0, class: display}
      partitions:
        - id: render
          role: child
          devices:
            - {id: r-gpu0, kind: pci, model: directpath, mode: passthrough, backed_by: gpu0}
    ```
    """

    code = "HV3301"
    name = "directpath-device-limit"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmware-vm",)
    sources = ("vmware-directpath-67", "vmware-directpath-80")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        product = ctx.product
        limit = ctx.catalog.guests.passthrough_limit(product.id, ctx.release)
        release = ctx.host_label()
        for _at, part in ctx.partitions():
            passed = [
                (dev_at, dev) for dev_at, dev in ctx.devices_of(part) if is_directpath(ctx, dev)
            ]
            if not passed:
                continue
            if limit is None or limit.max_devices_per_vm is None:
                if len(passed) <= min(_known_limits(ctx), default=0):
                    continue  # within every release's limit
                known = "; ".join(
                    f"{_range(e.min_version, e.max_version)}: {e.max_devices_per_vm}"
                    for e in ctx.catalog.guests.passthrough_entries(product.id)
                    if e.max_devices_per_vm is not None
                )
                yield Unknown(
                    passed[0][0] / "mode",
                    f"'{part.id}' has {len(passed)} DirectPath "
                    f"device{'s' if len(passed) != 1 else ''}; the per-VM DirectPath limit of "
                    f"{release} is not in the catalog, so whether it fits is unknown"
                    + (f" (known limits: {known})" if known else ""),
                )
                continue
            cap = limit.max_devices_per_vm
            for n, (dev_at, dev) in enumerate(passed[cap:], start=cap + 1):
                yield Violation(
                    dev_at / "mode",
                    f"'{dev.id}' is the {ordinal(n)} device passed through to '{part.id}'; "
                    f"{release} allows at most {cap} DirectPath devices per virtual machine",
                )


def _known_limits(ctx: HostContext) -> list[int]:
    return [
        e.max_devices_per_vm
        for e in ctx.catalog.guests.passthrough_entries(ctx.product_id)
        if e.max_devices_per_vm is not None
    ]
