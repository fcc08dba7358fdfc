"""Helpers the driver-binding, PCI-registry and HCL rules share."""

from __future__ import annotations

from dataclasses import dataclass

from hvcheck.catalog.drivers import (
    DriverIndex,
    HclConstraint,
    device_ids,
    driver_key,
    firmware_ok,
    hcl_for_device,
    release_key,
    subsystem_specific,
)
from hvcheck.catalog.pci.ids import DeviceIds
from hvcheck.model.host import Driver, PhysicalDevice
from hvcheck.model.paths import Path
from hvcheck.rules._messages import shorten
from hvcheck.rules.context import HostContext

# Where each platform keeps the files that say which PCI IDs a driver binds.
TABLE_HINT = {
    "linux-module": "load the host's modules.alias (/lib/modules/<kernel>/modules.alias)",
    "native": "load its ESXi map file (/etc/vmware/default.map.d/<driver>.map)",
    "vmklinux": "load its ESXi map file (/etc/vmware/default.map.d/<driver>.map)",
    "windows-x64": "load the driver's .inf file",
    "windows-x86": "load the driver's .inf file",
}


def host_uses(ctx: HostContext, dev: PhysicalDevice) -> bool:
    """In use and not passed through to a partition (whose guest then drives it)."""
    if not dev.in_use:
        return False
    key = ctx.graph.key_of(dev.id, "device")
    return key is None or not ctx.graph.assignments(key)


def describe(dev: PhysicalDevice) -> str:
    """ "'nic0' (8086:1572)"."""
    return f"'{dev.id}' ({device_ids(dev.pci).label()})" if dev.pci else f"'{dev.id}'"


def driven_devices(ctx: HostContext, drv: Driver) -> list[tuple[Path, PhysicalDevice]]:
    """(the path of the reference in ``drives``, the device) for each device a driver drives."""
    g = ctx.graph
    key = g.key_of(drv.name, "driver")
    if key is None or g.obj(key) is not drv:
        return []
    return [(ref.at, g.obj(ref.key)) for ref in g.driven_by(key)]


def field_paths(needs: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"pci.{n}" for n in needs)


# --- the HCL check, shared by HV3203 (not listed), HV3204 (mismatch) and HV3205 (unknown) ----------

HCL_PRODUCT = "esxi"


@dataclass(frozen=True)
class HclOutcome:
    kind: str  # "not-listed" | "mismatch" | "unknown"
    path: Path
    message: str
    on: str = "value"


def hcl_outcomes(ctx: HostContext) -> list[HclOutcome]:
    """Check every PCI device the host itself uses against the loaded HCL for its ESXi release."""
    return ctx.cached("hcl-outcomes", lambda: _hcl_outcomes(ctx))


def _hcl_outcomes(ctx: HostContext) -> list[HclOutcome]:
    index = ctx.catalog.drivers
    release = ctx.release
    used = [(at, dev) for at, dev in ctx.devices() if dev.pci is not None and host_uses(ctx, dev)]
    if not used:
        return []
    names = [f"'{dev.id}'" for _, dev in used]
    verb = "is" if len(names) == 1 else "are"
    if release is None:
        return [
            HclOutcome(
                "unknown",
                ctx.at / "hypervisor",
                "the ESXi release is not stated (spec.hypervisor.version), so whether "
                f"{shorten(names)} {verb} certified for it is unknown",
                on="key",
            )
        ]
    if not index.has_hcl(HCL_PRODUCT, release):
        return [
            HclOutcome(
                "unknown",
                ctx.at / "hypervisor" / "version",
                f"no hardware-compatibility list for ESXi {release} is loaded, so whether "
                f"{shorten(names)} {verb} certified is unknown; load the vSAN HCL (all.json) or "
                "HCL entries of your own with --catalog",
            )
        ]
    out: list[HclOutcome] = []
    for at, dev in used:
        out.extend(_device_outcomes(ctx, index, release, at, dev))
    return out


def _device_outcomes(
    ctx: HostContext, index: DriverIndex, release: str, dpath: Path, dev: PhysicalDevice
) -> list[HclOutcome]:
    assert dev.pci is not None
    ids = device_ids(dev.pci)
    here, other = hcl_for_device(index, HCL_PRODUCT, release, ids)
    if (ids.subvendor is None or ids.subdevice is None) and subsystem_specific(here):
        subsystems = sorted({f"{e.subvendor or '*'}:{e.subdevice or '*'}" for e in here})
        return [
            HclOutcome(
                "unknown",
                dpath / "pci",
                f"the HCL lists {ids.vendor}:{ids.device} for ESXi {release} only with subsystems "
                f"{shorten(subsystems)}; state pci.subvendor and pci.subdevice of '{dev.id}' "
                "to tell whether it is certified",
            )
        ]
    if not here:
        claim = index.coverage(HCL_PRODUCT, release, dev.device_class)
        if claim is None:
            return [
                HclOutcome(
                    "unknown",
                    dpath / "pci",
                    f"no loaded HCL covers {dev.device_class} devices on ESXi {release}, so whether "
                    f"{describe(dev)} is certified is unknown",
                )
            ]
        listed = sorted(
            {e.release for e in other if _same_subsystem(e.subvendor, e.subdevice, ids)},
            key=release_key,
        )
        elsewhere = f"; it is listed for {shorten(listed)}" if listed else ""
        return [
            HclOutcome(
                "not-listed",
                dpath / "pci",
                f"device {describe(dev)} is not listed in {claim.title} for ESXi {release}"
                f"{elsewhere}: it is not certified for this release",
            )
        ]
    constraints = [c for e in here for c in e.constraints]
    if not constraints:
        return []  # certified, with no driver or firmware constraint
    out: list[HclOutcome] = []
    for drv_at, drv in ctx.drivers("hypervisor"):
        for j, target in enumerate(drv.drives):
            if target != dev.id:
                continue
            out.extend(
                _driver_outcomes(
                    release, dev, dpath, drv_at, drv_at / "drives" / j, drv, constraints
                )
            )
    return out


def _same_subsystem(subvendor: str | None, subdevice: str | None, ids: DeviceIds) -> bool:
    return (subvendor is None or ids.subvendor is None or subvendor.lower() == ids.subvendor) and (
        subdevice is None or ids.subdevice is None or subdevice.lower() == ids.subdevice
    )


def _driver_outcomes(
    release: str,
    dev: PhysicalDevice,
    dpath: Path,
    drv_at: Path,
    ref: Path,
    drv: Driver,
    constraints: list[HclConstraint],
) -> list[HclOutcome]:
    name, version = drv.name, drv.version
    named = [c for c in constraints if driver_key(c.driver_name) == driver_key(name)]
    if not named:
        certified = sorted({c.driver_name for c in constraints})
        return [
            HclOutcome(
                "mismatch",
                ref,
                f"the HCL certifies {describe(dev)} on ESXi {release} with driver "
                f"{shorten(certified)}, not '{name}'",
            )
        ]
    versions = sorted({c.driver_version for c in named if c.driver_version})
    if version is None:
        if not versions or len(versions) < len(named):
            return []  # some certification accepts any version
        return [
            HclOutcome(
                "unknown",
                drv_at / "name",
                f"driver '{name}' states no version, so whether it is a version certified for "
                f"{describe(dev)} on ESXi {release} ({shorten(versions)}) is unknown",
            )
        ]
    wanted = version.strip().casefold()
    matching = [
        c
        for c in named
        if c.driver_version is None or c.driver_version.strip().casefold() == wanted
    ]
    if not matching:
        return [
            HclOutcome(
                "mismatch",
                drv_at / "version",
                f"driver '{name}' {version} is not a version certified for {describe(dev)} on "
                f"ESXi {release}; certified: {shorten(versions)} (matched exactly)",
            )
        ]
    if any(not c.firmware_versions for c in matching):
        return []  # certified without a firmware requirement
    if dev.firmware_version is None:
        needed = sorted({v for c in matching for v in c.firmware_versions})
        return [
            HclOutcome(
                "unknown",
                dpath / "id",
                f"device '{dev.id}' states no firmware_version, so whether its firmware is one "
                f"certified with '{name}' {version} on ESXi {release} ({shorten(needed)}) is "
                "unknown",
            )
        ]
    if any(firmware_ok(c, dev.firmware_version) for c in matching):
        return []
    needs = "; ".join(
        (
            f"at least {' or '.join(c.firmware_versions)}"
            if c.firmware_match == "MINIMUM"
            else f"exactly {shorten(c.firmware_versions)}"
        )
        for c in matching
    )
    return [
        HclOutcome(
            "mismatch",
            dpath / "firmware_version",
            f"firmware {dev.firmware_version} of device '{dev.id}' is not certified with "
            f"'{name}' {version} on ESXi {release}: the HCL requires {needs}",
        )
    ]
