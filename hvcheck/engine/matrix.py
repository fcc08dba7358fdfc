"""The migration-planning matrix: each host's hardware and guests against other products and releases.

For a target (product, release) hvcheck projects the host onto it: the same hardware and the same guest
operating systems, with the hypervisor replaced. It then answers, from the catalogs and the same rules
``check`` runs:

- would it install: the host-requirement rules (code prefixes in ``INSTALL_RULE_PREFIXES``) run on the
  projected host; an error means no;
- which devices lack a driver there: on the host's own product, the drivers it has; elsewhere, a driver
  binding from the catalogs that matches the device's PCI IDs, or "unknown";
- which guests would lose (or gain) enlightenment, from the guest-support catalog;
- which virtual devices need another model, and which model of the same kind the target offers.

Nothing is guessed: a fact the catalogs do not have is reported as unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hvcheck.catalog import Catalog, Product
from hvcheck.catalog.drivers import device_ids, evaluate_binding
from hvcheck.engine.config import CommandLine
from hvcheck.engine.host import check_host
from hvcheck.engine.options import Options, select_rules
from hvcheck.findings import Severity
from hvcheck.model import ParsedHost
from hvcheck.model.host import Hypervisor, PhysicalDevice
from hvcheck.results.matrix import DeviceCell, GuestCell, MatrixCell, MatrixData, Status, Target
from hvcheck.rules.base import Rule
from hvcheck.rules.context import HostContext

INSTALL_RULE_PREFIXES = ("HV11", "HV21", "HV31", "HV41", "HV51", "HV61")
"""Rules about host requirements (hardware, firmware, host OS) by code prefix."""
_INSTALL_OPTIONS = Options(select=INSTALL_RULE_PREFIXES)

DriverLookup = Callable[[Catalog, str, str | None, PhysicalDevice], str | None]


def parse_target(text: str, catalog: Catalog) -> Target:
    """``esxi:8.0`` or ``hyperv`` (every release); raise ValueError with a hint when unknown."""
    product, _, version = text.partition(":")
    found = catalog.product(product.strip())
    if found is None:
        known = ", ".join(sorted(catalog.products))
        raise ValueError(f"unknown product '{product}' in --target {text!r} (known: {known})")
    return Target(found.id, version.strip() or None)


def default_targets(catalog: Catalog, releases: Callable[[str], list[str]]) -> list[Target]:
    """Every product in the catalogs, at every release they list."""
    return expand_targets((Target(pid, None) for pid in sorted(catalog.products)), releases)


def expand_targets(targets: Iterable[Target], releases: Callable[[str], list[str]]) -> list[Target]:
    """A target without a release stands for every release of the product."""
    out: list[Target] = []
    for t in targets:
        if t.version is None and releases(t.product):
            out.extend(Target(t.product, v) for v in releases(t.product))
        else:
            out.append(t)
    return out


def default_driver_lookup(
    catalog: Catalog, product: str, version: str | None, device: PhysicalDevice
) -> str | None:
    """A driver for ``device`` on ``product`` from the catalogs' PCI-ID bindings, or None.

    Only bindings for the driver kinds the product runs for physical devices count (VMkernel native
    drivers on ESXi, Windows x64 drivers in a Hyper-V parent, Linux modules for KVM...).
    """
    target = catalog.product(product)
    if target is None or device.pci is None:
        return None
    kinds = set(
        target.hypervisor_driver_kinds + target.parent_driver_kinds + target.host_driver_kinds
    )
    ids = device_ids(device.pci)
    for binding in catalog.drivers.bindings:
        if binding.products and product not in binding.products:
            continue
        if not kinds.intersection(binding.kinds):
            continue
        result = evaluate_binding(binding, ids)
        if result.match is True:
            return f"{binding.driver} ({binding.pattern_format} {result.matched})"
    return None


def _install(
    parsed: ParsedHost, target: Target, catalog: Catalog, rules: list[Rule]
) -> tuple[Status, list[str]]:
    spec = parsed.model.spec
    hv = Hypervisor(product=target.product, version=target.version)
    projected_spec = spec.model_copy(
        update={
            "hypervisor": hv,
            "drivers": [],
            "partitions": [p.model_copy(update={"devices": []}) for p in spec.partitions],
        }
    )
    model = parsed.model.model_copy(update={"spec": projected_spec})
    projected = ParsedHost(parsed.file, parsed.document, model, parsed.source_map, parsed.data)
    findings, _ = check_host(projected, catalog, rules)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    infos = [f for f in findings if f.severity == Severity.INFO and "unknown" in f.message]
    if errors:
        return "no", [f"{f.code} {f.message}" for f in errors]
    if infos:
        return "unknown", [f"{f.code} {f.message}" for f in infos]
    return "yes", []


def _devices(
    ctx: HostContext, target: Target, product: Product, lookup: DriverLookup | None
) -> list[DeviceCell]:
    spec = ctx.spec
    assigned = {
        d.backed_by
        for p in spec.partitions
        for d in p.devices
        if d.mode == "passthrough" and d.backed_by
    }
    same = ctx.product is not None and ctx.product.id == product.id
    out = []
    for dev in spec.devices:
        if not dev.in_use or dev.id in assigned:
            continue
        if same:
            drivers = [
                d
                for d in spec.drivers
                if dev.id in d.drives and d.location in product.driver_locations
            ]
            if drivers:
                out.append(DeviceCell(dev.id, "yes", ", ".join(d.name for d in drivers)))
                continue
        found = lookup(ctx.catalog, product.id, target.version, dev) if lookup else None
        if found:
            out.append(DeviceCell(dev.id, "yes", found))
        elif dev.pci is None:
            out.append(DeviceCell(dev.id, "unknown", "no PCI IDs to look a driver up by"))
        else:
            out.append(
                DeviceCell(
                    dev.id,
                    "unknown",
                    f"no {product.name} driver for {dev.pci.vendor}:{dev.pci.device} in the catalogs",
                )
            )
    return out


def _equivalent(kind: str, product: str, enlightened: bool, catalog: Catalog) -> str | None:
    """A model of the same kind the target offers: paravirtual/synthetic if the guest is
    enlightened there, otherwise emulated."""
    candidates = [
        m for m in catalog.models_for(product) if m.kind == kind and m.mode != "passthrough"
    ]
    if not candidates:
        return None
    preferred = ("synthetic", "paravirtual") if enlightened else ("emulated",)
    for mode in preferred:
        for m in candidates:
            if m.mode == mode:
                return m.id
    return candidates[0].id if not enlightened else None


def _state(support: Any) -> str:
    if support is None:
        return "unknown"
    return {"built-in": "enlightened", "install": "installable", "none": "not-enlightened"}[
        support.integration
    ]


def _guests(ctx: HostContext, product: Product, catalog: Catalog) -> list[GuestCell]:
    out = []
    for part in ctx.spec.partitions:
        if part.role != "child":
            continue
        now = ctx.enlightenment(part).state if ctx.product else "unknown"
        if part.os is None:
            out.append(GuestCell(part.id, "", now, "unknown", "unknown"))
            continue
        there = _state(catalog.guest_support_for(product.id, part.os))
        enlightened_there = there in ("enlightened", "installable")
        if there == "unknown" or now == "unknown":
            change: Any = "unknown"
        elif (now == "enlightened") == enlightened_there:
            change = "keeps" if enlightened_there else "unchanged"
        else:
            change = "gains" if enlightened_there else "loses"
        models, unmapped = [], []
        for dev in part.devices:
            if dev.mode == "passthrough":
                continue
            offered = catalog.device_model(dev.model, product.id)
            if offered is not None and (enlightened_there or offered.mode == "emulated"):
                continue
            alt = _equivalent(dev.kind, product.id, enlightened_there, catalog)
            if alt is None:
                unmapped.append(
                    f"{dev.id}: {dev.model} (no {dev.kind} model for it in the catalogs)"
                )
            else:
                models.append(f"{dev.id}: {dev.model} -> {alt}")
        os_text = f"{part.os.name} {part.os.version or ''}".strip()
        out.append(GuestCell(part.id, os_text, now, there, change, models, unmapped))
    return out


def evaluate(
    ctx: HostContext,
    targets: list[Target],
    catalog: Catalog,
    lookup: DriverLookup | None = None,
) -> list[MatrixCell]:
    rules = [r() for r in select_rules(_INSTALL_OPTIONS)]
    cells = []
    for target in targets:
        product = catalog.product(target.product)
        if product is None:
            continue
        installs, problems = _install(ctx.host, target, catalog, rules)
        cells.append(
            MatrixCell(
                host=ctx.host.name,
                file=ctx.host.file,
                target=target,
                target_name=f"{product.name} {target.version or ''}".strip(),
                installs=installs,
                install_problems=problems,
                devices=_devices(ctx, target, product, lookup),
                guests=_guests(ctx, product, catalog),
                current=ctx.product is not None
                and ctx.product.id == product.id
                and (target.version or "") == (ctx.spec.hypervisor.version or ""),
            )
        )
    return cells


def build_matrix(
    paths: list[str], target_texts: list[str], command_line: CommandLine
) -> tuple[MatrixData, int]:
    """Every host under ``paths`` against the targets (default: every product and release):
    the matrix data, and how many documents were skipped for input errors."""
    from hvcheck.catalog.release_lookup import releases_of
    from hvcheck.engine.config import Resolver
    from hvcheck.engine.discover import discover
    from hvcheck.engine.files import Checker
    from hvcheck.engine.host import host_context
    from hvcheck.loader import load_file
    from hvcheck.loader.load import ReadError
    from hvcheck.model import parse_host

    resolver = Resolver(command_line)
    checker = Checker()
    settings = resolver.settings_for(paths[0] if paths else ".")
    catalog = checker.catalog(settings.catalogs)

    def releases(product: str) -> list[str]:
        return [r.version for r in releases_of(catalog, product)]

    targets = (
        expand_targets([parse_target(t, catalog) for t in target_texts], releases)
        if target_texts
        else default_targets(catalog, releases)
    )
    files, errors = discover(paths)
    data = MatrixData(targets=targets, errors=errors)
    problems = 0
    for path in files:
        try:
            loaded = load_file(path, settings.limits)
        except ReadError as exc:
            data.errors.append(f"{path}: cannot read: {exc}")
            continue
        for doc in loaded.documents:
            parsed, findings = parse_host(doc, path)
            if findings or loaded.findings:
                problems += 1
            if parsed is not None:
                data.cells.extend(
                    evaluate(host_context(parsed, catalog), targets, catalog, default_driver_lookup)
                )
    return data, problems
