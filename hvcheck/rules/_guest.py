"""Helpers the guest-driver rules of several families share (ESXi, Xen, KVM, hybrid VMMs).

Whether a guest has the driver a virtual device model needs comes from the ``guests.guest_drivers``
catalog section: the OS ships it (in-box), or it comes with the product's integration software, or
no driver exists. What the partition states (``integration``) decides the integration case; when it
states nothing, whether the integration software is installed is unknown, never assumed absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from hvcheck.catalog.guests import ControllerLimit, GuestDriver, GuestOsMatch
from hvcheck.model.host import Partition, VirtualDevice
from hvcheck.model.paths import Path
from hvcheck.rules._messages import guest_label, ordinal
from hvcheck.rules.base import Unknown, Violation
from hvcheck.rules.context import HostContext


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

    ``ok``; ``missing`` (``reason`` says why, from stated facts or a catalog certainty);
    ``unknown`` (no catalog entry covers this OS); ``unstated`` (the answer depends on a fact the
    host does not state: the guest's version or kernel, or whether its integration software is
    installed; ``reason`` says which).
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
    guest = guest_label(part)
    if answer.status == "unstated":
        what = "kernel release" if entry.os.min_kernel else "release"
        field = "os.kernel" if entry.os.min_kernel else "os.version"
        return DriverVerdict(
            "unstated",
            entry,
            f"whether {guest} has a driver for {model} depends on its {what} "
            f"({covered(entry.os)}), which it does not state ({field})",
        )
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
            "unstated",
            entry,
            f"{guest} does not ship the {_names(entry)} driver for {model}; it comes with "
            f"{kinds}, and whether that is installed is not stated (integration)",
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


def install_driver(
    ctx: HostContext, part: Partition, model: str
) -> tuple[Literal["ok", "missing", "unstated"], GuestDriver | None]:
    """Whether the guest's installer could see a boot controller of ``model``.

    ``missing`` only when the partition states the drivers it loaded (``integration.drivers`` or
    ``integration.drivers_at_install``) and they do not include the one the model needs; when it
    states neither, whether the driver was loaded during setup is ``unstated``.
    """
    if ctx.product is None or part.os is None:
        return "ok", None
    answer = ctx.catalog.guests.guest_driver(ctx.product.id, model, part.os)
    entry = answer.entry
    if answer.status != "found" or entry is None or entry.provided_by != "integration":
        return "ok", entry
    if not entry.drivers:
        return "ok", entry
    integ = part.integration
    stated = integ.model_fields_set & {"drivers", "drivers_at_install"} if integ else set()
    if integ is None or not stated:
        return "unstated", entry  # an explicit empty list is stated; an omitted one is not
    listed = set(integ.drivers_at_install) | set(integ.drivers)
    return ("ok" if listed & set(entry.drivers) else "missing"), entry


def boot_controllers(ctx: HostContext, part: Partition) -> list[tuple[Path, VirtualDevice]]:
    """(path, device) of what the partition boots through: the controller of a boot disk, or a
    boot storage device (or disk) itself. In document order, each once."""
    seen: set[str] = set()
    out: list[tuple[Path, VirtualDevice]] = []
    devices = list(ctx.devices_of(part))
    by_id = {dev.id: (at, dev) for at, dev in devices}
    order = {dev.id: i for i, (_, dev) in enumerate(devices)}
    for at, dev in devices:
        if not dev.boot:
            continue
        if dev.kind in ("disk", "cdrom") and dev.controller is not None:
            target = by_id.get(dev.controller)
            if target is None:
                continue
        elif dev.kind in ("storage", "disk"):
            target = (at, dev)
        else:
            continue
        if target[1].id not in seen:
            seen.add(target[1].id)
            out.append(target)
    return sorted(out, key=lambda item: order[item[1].id])


def unknown_driver_message(part: Partition, items: list[tuple[str, DriverVerdict]]) -> str:
    """One message for the models whose guest driver could not be decided."""
    guest = guest_label(part)
    unknown = sorted({m for m, v in items if v.status == "unknown"})
    parts = []
    if unknown:
        parts.append(
            f"the catalog does not say whether {guest} has a driver for "
            f"{', '.join(unknown)}, so whether {'it works' if len(unknown) == 1 else 'they work'} "
            "is unknown"
        )
    seen: set[str] = set()
    for _model, verdict in items:
        if verdict.status == "unstated" and verdict.reason not in seen:
            seen.add(verdict.reason)
            parts.append(verdict.reason)
    return "; ".join(parts)


def controller_limit_violations(ctx: HostContext, at: Path, part: Partition) -> Iterator[Violation]:
    """Controllers per VM, disks per controller and unit numbers beyond the catalog's limits."""
    if ctx.product is None:
        return
    product = ctx.product.name
    guests = ctx.catalog.guests
    hw = part.hw_version
    controllers: dict[str, tuple[VirtualDevice, ControllerLimit | None, bool]] = {}
    groups: dict[int, list[str]] = {}
    devices = list(ctx.devices_of(part))
    for dev_at, dev in devices:
        if dev.kind != "storage" or dev.id in controllers:
            continue
        model = ctx.canonical_model(dev)
        limit, depends = guests.controller_limit(ctx.product.id, model, hw)
        controllers[dev.id] = (dev, limit, depends)
        counted = guests.controller_count_limit(ctx.product.id, model)
        if counted is None or counted.max_per_vm is None:
            continue
        group = groups.setdefault(id(counted), [])
        group.append(dev.id)
        if len(group) > counted.max_per_vm:
            yield Violation(
                dev_at / "model",
                f"'{dev.id}' ({dev.model}) is {part.id}'s {ordinal(len(group))} "
                f"{counted.label}; {product} allows at most {counted.max_per_vm} per virtual "
                "machine",
            )
    attached: dict[str, int] = {}
    unknown: list[str] = []
    for dev_at, dev in devices:
        if dev.kind not in ("disk", "cdrom") or dev.controller not in controllers:
            continue
        ctrl, limit, depends = controllers[dev.controller]
        if limit is None:
            continue
        attached[ctrl.id] = attached.get(ctrl.id, 0) + 1
        if limit.max_disks is not None and attached[ctrl.id] > limit.max_disks:
            if depends:
                unknown.append(dev.id)
            else:
                yield Violation(
                    dev_at / "controller",
                    f"'{dev.id}' is the {ordinal(attached[ctrl.id])} disk on {limit.label} "
                    f"'{ctrl.id}'; {product} allows at most {limit.max_disks} per {limit.label}"
                    + _at_hw(hw, limit),
                )
        if dev.unit is None:
            continue
        if dev.unit in limit.reserved_units:
            yield Violation(
                dev_at / "unit",
                f"'{dev.id}' uses unit {dev.unit} on {limit.label} '{ctrl.id}'; unit "
                f"{dev.unit} is reserved for the controller itself",
            )
        elif limit.max_unit is not None and dev.unit > limit.max_unit:
            if depends:
                unknown.append(dev.id)
                continue
            yield Violation(
                dev_at / "unit",
                f"'{dev.id}' uses unit {dev.unit} on {limit.label} '{ctrl.id}'; units go up to "
                f"{limit.max_unit}" + _at_hw(hw, limit),
            )
    if unknown:
        names = list(dict.fromkeys(unknown))
        fits = "fits its controller" if len(names) == 1 else "fit their controllers"
        yield Unknown(
            at / "id",
            f"whether {', '.join(repr(n) for n in names)} {fits} depends on the virtual hardware "
            f"version of '{part.id}' (later versions allow more disks and units), which it does "
            "not state (hw_version)",
        )


def _at_hw(hw: int | None, limit: ControllerLimit) -> str:
    if hw is None or (limit.min_hw_version is None and limit.max_hw_version is None):
        return ""
    return f" at virtual hardware version {hw}"


def check_pv_drivers(ctx: HostContext) -> Iterator[Violation]:
    """The paravirtual-device check the ESXi, Xen and KVM rules share."""
    if ctx.product is None:
        return
    for at, part in ctx.partitions("child", "driver-domain"):
        if part.os is None:
            continue
        booting = {dev.id for _, dev in boot_controllers(ctx, part)}
        controllers = {dev.id for _, dev in ctx.devices_of(part) if dev.kind == "storage"}
        unknown: list[tuple[str, DriverVerdict]] = []
        for dev_at, dev in ctx.devices_of(part):
            model = ctx.model_of(dev)
            if model is None or model.mode != "paravirtual":
                continue  # unknown models are HV1007's
            if dev.kind in ("disk", "cdrom") and dev.controller in controllers:
                continue  # its controller's driver serves it; the controller is checked
            mid = model.id
            if dev.id in booting and install_driver(ctx, part, mid)[0] != "ok":
                continue  # the boot-controller rule reports it (a problem, or an unknown)
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
                    dev_at / "model",
                    f"'{dev.id}' ({dev.model}) needs {drivers}, but {verdict.reason}{advice}",
                )
        if unknown:
            yield Unknown(at / "os" / "name", unknown_driver_message(part, unknown))


def check_boot_drivers(ctx: HostContext) -> Iterator[Violation]:
    """The boot-controller check the ESXi and KVM rules share."""
    if ctx.product is None:
        return
    for at, part in ctx.partitions("child", "driver-domain"):
        unstated: list[str] = []
        for dev_at, dev in boot_controllers(ctx, part):
            model = ctx.model_of(dev)
            if model is None:
                continue
            status, entry = install_driver(ctx, part, model.id)
            if entry is None or status == "ok":
                continue
            drivers = "/".join(entry.drivers)
            if status == "unstated":
                unstated.append(f"{drivers} for '{dev.id}' ({dev.model})")
                continue
            yield Violation(
                dev_at / "model",
                f"'{part.id}' boots through '{dev.id}' ({dev.model}), but {guest_label(part)} "
                f"does not ship the {drivers} driver, and the partition lists the drivers it "
                f"loaded without it, so its installer cannot see the boot disk; load {drivers} "
                "during setup and list it in integration.drivers_at_install (or, if it was "
                "installed before the boot disk moved here, in integration.drivers)",
            )
        if unstated:
            yield Unknown(
                at / "os" / "name",
                f"{guest_label(part)} does not ship the driver its boot controller needs "
                f"({'; '.join(unstated)}); whether it was loaded during setup is not stated "
                "(integration.drivers_at_install)",
            )
