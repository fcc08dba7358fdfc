"""Helpers the guest-driver rules of several families share (ESXi, Xen, KVM).

Whether a guest has the driver a virtual device model needs comes from the ``guests.guest_drivers``
catalog section: the OS ships it (in-box), or it comes with the product's integration software, or
no driver exists. What the partition states (``integration``) decides the integration case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from hvcheck.catalog.guests import ControllerLimit, GuestDriver, GuestOsMatch
from hvcheck.findings import Severity
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.rules.base import HostContext, Violation


def canonical_model(ctx: HostContext, dev: VirtualDevice) -> str:
    """The catalog id of a device's model (aliases resolved), or the model as written."""
    product = ctx.product.id if ctx.product else None
    model = ctx.catalog.device_model(dev.model, product)
    return model.id if model is not None else dev.model


def guest_label(part: Partition) -> str:
    """'Windows Server 2019', 'Ubuntu 22.04', or the partition id when no OS is described."""
    if part.os is None:
        return f"partition '{part.id}'"
    if part.os.version and part.os.version.lower() not in part.os.name.lower():
        return f"{part.os.name} {part.os.version}"
    return part.os.name


def covered(match: GuestOsMatch) -> str:
    """What an OS range covers, for messages: 'Linux 2.4.19 and later'."""
    what = ", ".join(match.names) if match.names else match.family.capitalize()
    if match.family == "freebsd" and not match.names:
        what = "FreeBSD"
    parts = []
    if match.min_version:
        parts.append(f"{match.min_version} and later")
    if match.max_version:
        parts.append(f"up to {match.max_version}")
    if match.min_kernel:
        parts.append(f"kernel {match.min_kernel} and later")
    return f"{what} {', '.join(parts)}".strip()


@dataclass(frozen=True)
class DriverVerdict:
    """Whether a guest has a device model's driver.

    ``ok``; ``missing`` (``reason`` says why); ``unknown`` (no catalog entry covers this OS);
    ``unstated`` (an entry needs the guest's version or kernel release, which is not stated).
    """

    status: Literal["ok", "missing", "unknown", "unstated"]
    entry: GuestDriver | None = None
    reason: str = ""


def _names(entry: GuestDriver) -> str:
    return "/".join(entry.drivers) if entry.drivers else "its"


def runtime_driver(ctx: HostContext, part: Partition, model: str) -> DriverVerdict:
    """Whether the guest of ``part`` has a driver for ``model`` now."""
    if ctx.product is None or part.os is None:
        return DriverVerdict("unknown")
    answer = ctx.catalog.guests.guest_driver(ctx.product.id, model, part.os)
    entry = answer.entry
    if answer.status == "unknown" or entry is None:
        return DriverVerdict("unknown")
    if answer.status == "unstated":
        return DriverVerdict("unstated", entry)
    guest = guest_label(part)
    if answer.status == "older":
        what = guest
        if entry.os.min_kernel and part.os.kernel:
            what = f"{guest} (kernel {part.os.kernel})"
        return DriverVerdict(
            "missing",
            entry,
            f"{what} is older than the releases that ship it ({covered(entry.os)})",
        )
    if entry.provided_by == "in-box":
        return DriverVerdict("ok", entry)
    if entry.provided_by == "none":
        return DriverVerdict("missing", entry, f"no {_names(entry)} driver exists for {guest}")
    kinds = " or ".join(entry.integration_kinds) or ctx.product.integration_name
    integ = part.integration
    if integ is None:
        return DriverVerdict(
            "missing",
            entry,
            f"{guest} does not ship it and the partition does not state its integration "
            f"software ({kinds})",
        )
    listed = set(integ.drivers) | set(integ.drivers_at_install)
    if listed & set(entry.drivers):
        return DriverVerdict("ok", entry)
    if not integ.present:
        return DriverVerdict(
            "missing", entry, f"{guest} does not ship it and integration.present is false"
        )
    if integ.drivers and entry.drivers:
        return DriverVerdict(
            "missing",
            entry,
            f"integration.drivers ({', '.join(integ.drivers)}) does not list {_names(entry)}",
        )
    if (
        integ.kind is not None
        and entry.integration_kinds
        and integ.kind not in entry.integration_kinds
    ):
        return DriverVerdict(
            "missing",
            entry,
            f"the guest's integration software is {integ.kind}, which does not carry it ({kinds} does)",
        )
    return DriverVerdict("ok", entry)


def install_driver_missing(ctx: HostContext, part: Partition, model: str) -> GuestDriver | None:
    """The catalog entry, when ``model`` needs a driver the guest's installer does not have and the
    partition states neither that it was loaded during setup nor installed since."""
    if ctx.product is None or part.os is None:
        return None
    answer = ctx.catalog.guests.guest_driver(ctx.product.id, model, part.os)
    entry = answer.entry
    if answer.status != "found" or entry is None or entry.provided_by != "integration":
        return None
    if not entry.drivers:
        return None
    integ = part.integration
    listed = set(integ.drivers_at_install) | set(integ.drivers) if integ else set()
    return None if listed & set(entry.drivers) else entry


def boot_controllers(part: Partition) -> list[tuple[int, VirtualDevice]]:
    """(index, device) of what the partition boots through: the controller of a boot disk, or a
    boot storage device (or disk) itself. In document order, each once."""
    by_id = {d.id: (j, d) for j, d in enumerate(part.devices)}
    seen: set[int] = set()
    out: list[tuple[int, VirtualDevice]] = []
    for j, dev in enumerate(part.devices):
        if not dev.boot:
            continue
        if dev.kind in ("disk", "cdrom") and dev.controller is not None:
            target = by_id.get(dev.controller)
            if target is None:
                continue
        elif dev.kind in ("storage", "disk"):
            target = (j, dev)
        else:
            continue
        if target[0] not in seen:
            seen.add(target[0])
            out.append(target)
    return sorted(out, key=lambda item: item[0])


def unknown_driver_message(part: Partition, items: list[tuple[str, DriverVerdict]]) -> str:
    """One info message for the models whose guest driver the catalog cannot decide."""
    guest = guest_label(part)
    unknown = sorted({m for m, v in items if v.status == "unknown"})
    unstated = [(m, v) for m, v in items if v.status == "unstated" and v.entry is not None]
    parts = []
    if unknown:
        parts.append(
            f"the catalog does not say whether {guest} has a driver for "
            f"{', '.join(unknown)}, so whether {'it works' if len(unknown) == 1 else 'they work'} "
            "is unknown"
        )
    seen: set[str] = set()
    for model, verdict in unstated:
        if model in seen or verdict.entry is None:
            continue
        seen.add(model)
        what = "kernel release" if verdict.entry.os.min_kernel else "release"
        field = "os.kernel" if verdict.entry.os.min_kernel else "os.version"
        parts.append(
            f"whether {guest} has a driver for {model} depends on its {what} "
            f"({covered(verdict.entry.os)}), which it does not state ({field})"
        )
    return "; ".join(parts)


def controller_limit_violations(ctx: HostContext, i: int, part: Partition) -> Iterator[Violation]:
    """Controllers per VM, disks per controller and unit numbers beyond the catalog's limits."""
    if ctx.product is None:
        return
    product = ctx.product.name
    base = f"spec.partitions[{i}].devices"
    controllers: dict[str, tuple[VirtualDevice, ControllerLimit]] = {}
    groups: dict[int, list[str]] = {}
    for j, dev in enumerate(part.devices):
        limit = ctx.catalog.guests.controller_limit(ctx.product.id, canonical_model(ctx, dev))
        if limit is None or dev.kind != "storage" or dev.id in controllers:
            continue
        controllers[dev.id] = (dev, limit)
        group = groups.setdefault(id(limit), [])
        group.append(dev.id)
        if limit.max_per_vm is not None and len(group) > limit.max_per_vm:
            yield Violation(
                f"{base}[{j}].model",
                f"'{dev.id}' ({dev.model}) is {part.id}'s {ordinal(len(group))} "
                f"{limit.label}; {product} allows at most {limit.max_per_vm} per virtual machine",
            )
    attached: dict[str, int] = {}
    for j, dev in enumerate(part.devices):
        if dev.kind not in ("disk", "cdrom") or dev.controller not in controllers:
            continue
        ctrl, limit = controllers[dev.controller]
        attached[ctrl.id] = attached.get(ctrl.id, 0) + 1
        if limit.max_disks is not None and attached[ctrl.id] > limit.max_disks:
            yield Violation(
                f"{base}[{j}].controller",
                f"'{dev.id}' is the {ordinal(attached[ctrl.id])} disk on {limit.label} "
                f"'{ctrl.id}'; {product} allows at most {limit.max_disks} per {limit.label}",
            )
        if dev.unit is None:
            continue
        if dev.unit in limit.reserved_units:
            yield Violation(
                f"{base}[{j}].unit",
                f"'{dev.id}' uses unit {dev.unit} on {limit.label} '{ctrl.id}'; unit "
                f"{dev.unit} is reserved for the controller itself",
            )
        elif limit.max_unit is not None and dev.unit > limit.max_unit:
            yield Violation(
                f"{base}[{j}].unit",
                f"'{dev.id}' uses unit {dev.unit} on {limit.label} '{ctrl.id}'; units go up to "
                f"{limit.max_unit}",
            )


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_pv_drivers(ctx: HostContext) -> Iterator[Violation]:
    """The paravirtual-device check the ESXi, Xen and KVM rules share."""
    if ctx.product is None:
        return
    for i, part in ctx.partitions("child", "driver-domain"):
        if part.os is None:
            continue
        booting = {j for j, _ in boot_controllers(part)}
        controllers = {d.id for d in part.devices if d.kind == "storage"}
        unknown: list[tuple[str, DriverVerdict]] = []
        for j, dev in enumerate(part.devices):
            model = ctx.catalog.device_model(dev.model, ctx.product.id)
            if model is None or model.mode != "paravirtual":
                continue  # unknown models are HV1007's
            if dev.kind in ("disk", "cdrom") and dev.controller in controllers:
                continue  # its controller's driver serves it; the controller is checked
            mid = canonical_model(ctx, dev)
            if j in booting and install_driver_missing(ctx, part, mid) is not None:
                continue  # the boot-controller rule reports it
            verdict = runtime_driver(ctx, part, mid)
            if verdict.status in ("unknown", "unstated"):
                unknown.append((mid, verdict))
            elif verdict.status == "missing" and verdict.entry is not None:
                names = "/".join(verdict.entry.drivers)
                drivers = f"the {names} guest driver" if names else "a guest driver"
                if verdict.entry.hardware_ids:
                    drivers += f" (it binds PCI {', '.join(verdict.entry.hardware_ids)})"
                advice = f"; {verdict.entry.note}" if verdict.entry.note else ""
                yield Violation(
                    f"spec.partitions[{i}].devices[{j}].model",
                    f"'{dev.id}' ({dev.model}) needs {drivers}, but {verdict.reason}{advice}",
                )
        if unknown:
            yield Violation(
                f"spec.partitions[{i}].os.name",
                unknown_driver_message(part, unknown),
                severity=Severity.INFO,
            )


def check_boot_drivers(ctx: HostContext) -> Iterator[Violation]:
    """The boot-controller check the ESXi and KVM rules share."""
    if ctx.product is None:
        return
    for i, part in ctx.partitions("child", "driver-domain"):
        for j, dev in boot_controllers(part):
            if ctx.catalog.device_model(dev.model, ctx.product.id) is None:
                continue
            entry = install_driver_missing(ctx, part, canonical_model(ctx, dev))
            if entry is None:
                continue
            drivers = "/".join(entry.drivers)
            yield Violation(
                f"spec.partitions[{i}].devices[{j}].model",
                f"'{part.id}' boots through '{dev.id}' ({dev.model}), but {guest_label(part)} "
                f"does not ship the {drivers} driver, so its installer cannot see the boot disk; "
                f"load {drivers} during setup and list it in integration.drivers_at_install "
                "(or, if it was installed before the boot disk moved here, in integration.drivers)",
            )
