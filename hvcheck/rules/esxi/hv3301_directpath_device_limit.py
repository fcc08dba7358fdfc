"""HV3301 directpath-device-limit."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.guests import PassthroughLimit
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
    VM may have. The cap follows the VM's virtual hardware version and, from 8.0, the host release:
    2 on vSphere 4; 6 for hardware versions 7-10 and 16 for 11-13 (the vSphere 6.5 compatibility
    table); 16 on ESXi 7.x (hardware 13-19); 32 on ESXi 8.0 and 64 on 8.0 Update 1 (hardware 20); 128
    on 8.0 Update 2 (hardware 21) (Broadcom KB 309986). A VM over the cap does not power on with its
    devices. The caps are read from the ``guests.passthrough_limits`` catalog; for a VM that does not
    state ``hw_version`` the count is checked against every cap the release may apply, and where
    the answer depends on the unstated version, or the catalog has no cap for the release, it is
    reported as unknown (info) instead of guessed (sources: vmware-directpath-40, vmware-vm-compat-65, vmware-kb-309986).

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
          hw_version: 10
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
    sources = ("vmware-directpath-40", "vmware-vm-compat-65", "vmware-kb-309986")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        pid = ctx.product.id
        guests = ctx.catalog.guests
        release = ctx.host_label()
        for _at, part in ctx.partitions():
            passed = [
                (dev_at, dev) for dev_at, dev in ctx.devices_of(part) if is_directpath(ctx, dev)
            ]
            if not passed:
                continue
            count = len(passed)
            limit = guests.passthrough_limit(pid, ctx.release, part.hw_version)
            if limit is not None and limit.max_devices_per_vm is not None:
                cap = limit.max_devices_per_vm
                at_hw = f" at virtual hardware version {part.hw_version}" if part.hw_version else ""
                for n, (dev_at, dev) in enumerate(passed[cap:], start=cap + 1):
                    yield Violation(
                        dev_at / "mode",
                        f"'{dev.id}' is the {ordinal(n)} device passed through to '{part.id}'; "
                        f"{release} allows at most {cap} DirectPath devices per virtual machine"
                        f"{at_hw}",
                    )
                continue
            caps = [e.max_devices_per_vm for e in guests.passthrough_candidates(pid, ctx.release)]
            usable = [c for c in caps if c is not None and c > 0]
            if part.hw_version is None and usable and count > max(usable):
                cap = max(usable)
                for n, (dev_at, dev) in enumerate(passed[cap:], start=cap + 1):
                    yield Violation(
                        dev_at / "mode",
                        f"'{dev.id}' is the {ordinal(n)} device passed through to '{part.id}'; "
                        f"{release} allows at most {cap} DirectPath devices per virtual machine "
                        "at any virtual hardware version",
                    )
                continue
            if count <= min(usable or _known_limits(ctx) or [0]):
                continue  # within every cap the VM may be under
            known = "; ".join(
                f"{_range(e.min_version, e.max_version)}"
                + (f" hw {_hw(e.min_hw_version, e.max_hw_version)}" if _scoped(e) else "")
                + f": {e.max_devices_per_vm}"
                for e in guests.passthrough_entries(pid)
                if e.max_devices_per_vm is not None
            )
            why = (
                "depends on its virtual hardware version, which is not stated"
                if usable and part.hw_version is None
                else f"for it on {release} is not in the catalog"
            )
            yield Unknown(
                passed[0][0] / "mode",
                f"'{part.id}' has {count} DirectPath device{'s' if count != 1 else ''}; the "
                f"per-VM DirectPath limit {why}, so whether it fits is unknown"
                + (f" (known limits: {known})" if known else ""),
            )


def _scoped(entry: PassthroughLimit) -> bool:
    return entry.min_hw_version is not None or entry.max_hw_version is not None


def _hw(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}-{high}"
    return f"{low}+" if low is not None else f"up to {high}"


def _known_limits(ctx: HostContext) -> list[int]:
    return [
        e.max_devices_per_vm
        for e in ctx.catalog.guests.passthrough_entries(ctx.product_id)
        if e.max_devices_per_vm
    ]
