"""What a compatibility report shows about each host, as plain data.

For every host: the hypervisor and its architecture, the verdict, the dependency graph laid out in
layers (hardware, drivers, hypervisor layer / parent / host OS, partitions, virtual devices), a device
table (driver, where it runs, the catalog entry behind the answer) and each partition's enlightenment
and device modes. Built from the same model, graph and catalogs the rules use.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hvcheck.catalog import Catalog
from hvcheck.engine.files import is_foreign
from hvcheck.engine.host import host_context
from hvcheck.engine.services import CheckRequest, run_check
from hvcheck.findings import Finding
from hvcheck.graph import DEVICE, DRIVES, GUEST_OS, HOST, INTEGRATION, RUNS_IN
from hvcheck.loader.load import LoadResult
from hvcheck.model import is_cluster, parse_host
from hvcheck.results import FileReport, RunResult
from hvcheck.results.report import LAYERS, HostSummary, ReportData, _counts, verdict

SKIPPED_KINDS = (HOST, GUEST_OS, INTEGRATION, "cpu")


def build_report(request: CheckRequest) -> tuple[ReportData, RunResult]:
    """Check what the request names and summarize every host for a compatibility report.

    The summaries are made from the very documents that were checked (files, standard input or
    ``--from`` imports), so the report shows the hosts and verdicts ``check`` does."""
    data = ReportData()

    def summarize(loaded: LoadResult, report: FileReport, catalog: Catalog) -> None:
        data.hosts.extend(summarize_loaded(loaded, report, catalog))

    result = run_check(replace(request, observe=summarize, jobs=1))
    data.errors = list(result.errors)
    return data, result


def summarize_loaded(loaded: LoadResult, report: FileReport, catalog: Catalog) -> list[HostSummary]:
    """Summaries of the hosts in one checked file.

    A host that failed to load is a failing summary holding its input errors, so the report
    counts the hosts ``check`` counts and hides none."""
    out = []
    for doc in loaded.documents:
        if is_cluster(doc):
            continue
        parsed, _ = parse_host(doc, loaded.file)
        if parsed is None:
            if doc.data is not None and not is_foreign(doc.data, loaded.file):
                mine = [f for f in report.findings if f.document == doc.index]
                out.append(unloaded_summary(report, doc.data, doc.index, mine))
            continue
        findings = [f for f in report.findings if f.host == parsed.name and f.document == doc.index]
        out.append(summarize_host(parsed, catalog, findings))
    if not loaded.documents and len(report.hosts) == 1:
        out.append(unloaded_summary(report, None, 0, list(report.findings)))
    return out


def unloaded_summary(
    report: FileReport, data: object, index: int, findings: list[Finding]
) -> HostSummary:
    """A host whose description has input errors: a FAIL with those errors, nothing else."""
    from hvcheck.engine.files import unloaded_host_name

    return HostSummary(
        file=report.path,
        name=unloaded_host_name(data, report.path, index),
        product="",
        product_name="(not loaded: input errors)",
        version="",
        architecture="unknown",
        verdict="fail",
        counts=_counts(findings),
        devices=[],
        partitions=[],
        graph_nodes=[],
        graph_edges=[],
        findings=sorted(findings, key=lambda f: (-int(f.severity), f.sort_key())),
        loaded=False,
    )


def summarize_host(parsed: Any, catalog: Catalog, findings: list[Finding]) -> HostSummary:
    ctx = host_context(parsed, catalog)
    g = ctx.graph.nx
    spec = parsed.model.spec
    product = ctx.product

    devices = []
    for i, dev in enumerate(spec.devices):
        key = f"{DEVICE}:{dev.id}"
        drivers = [u for u, _, k in g.in_edges(key, keys=True) if k == DRIVES] if key in g else []
        where = []
        for drv in drivers:
            runs = [v for _, v, k in g.out_edges(drv, keys=True) if k == RUNS_IN]
            where.append(g.nodes[runs[0]]["id"] if runs else g.nodes[drv]["obj"].location)
        pci = dev.pci
        devices.append(
            {
                "id": dev.id,
                "path": f"spec.devices[{i}]",
                "class": dev.device_class,
                "name": dev.name or "",
                "pci": (
                    f"{pci.vendor}:{pci.device}"
                    + (
                        f" {pci.subvendor}:{pci.subdevice}"
                        if pci.subvendor and pci.subdevice
                        else ""
                    )
                    if pci
                    else ""
                ),
                "drivers": [g.nodes[d]["id"] for d in drivers],
                "driver_kinds": [g.nodes[d]["obj"].kind for d in drivers],
                "runs_in": where,
                "catalog": _driver_catalog_note(ctx, dev.id),
                "in_use": dev.in_use,
            }
        )

    partitions = []
    for i, part in enumerate(spec.partitions):
        enl = ctx.enlightenment(part) if part.role != "parent" else None
        modes: dict[str, list[str]] = {}
        for dev in part.devices:
            modes.setdefault(dev.mode, []).append(f"{dev.id} ({dev.model})")
        partitions.append(
            {
                "id": part.id,
                "path": f"spec.partitions[{i}]",
                "role": part.role,
                "os": f"{part.os.name} {part.os.version or ''}".strip() if part.os else "",
                "enlightenment": enl.state if enl else "n/a (parent)",
                "enlightenment_reason": enl.reason if enl else "",
                "catalog": (
                    catalog.cite(list(enl.support.sources))[0]
                    if enl and enl.support and enl.support.sources
                    else ""
                ),
                "devices": {mode: sorted(items) for mode, items in sorted(modes.items())},
            }
        )

    nodes = []
    for key, data in g.nodes(data=True):  # document order: devices, drivers, partitions in turn
        kind = data.get("kind", "")
        if kind in SKIPPED_KINDS:
            continue
        layer = next((i for i, (_, kinds) in enumerate(LAYERS) if kind in kinds), None)
        if layer is None:
            continue
        nodes.append(
            {
                "key": key,
                "kind": kind,
                "label": str(data.get("label", key)),
                "layer": layer,
                "path": str(data.get("at", "")),
            }
        )
    keep = {n["key"] for n in nodes}
    edges = [
        {"source": u, "target": v, "kind": k}
        for u, v, k in sorted(g.edges(keys=True))
        if u in keep and v in keep and k != "has"
    ]
    # partitions own their virtual devices: show that as an edge too
    edges += [
        {"source": u, "target": v, "kind": "has"}
        for u, v, k in sorted(g.edges(keys=True))
        if k == "has" and u in keep and v in keep
    ]
    hv = spec.hypervisor
    return HostSummary(
        file=parsed.file,
        name=parsed.name,
        product=hv.product,
        product_name=product.name if product else hv.product,
        version=hv.version or "",
        architecture=ctx.architecture or "unknown",
        verdict=verdict(findings),
        counts=_counts(findings),
        devices=devices,
        partitions=partitions,
        graph_nodes=nodes,
        graph_edges=edges,
        findings=sorted(findings, key=lambda f: (-int(f.severity), f.sort_key())),
    )


def _driver_catalog_note(ctx: Any, device_id: str) -> str:
    """The catalog fact behind the device's driver: a PCI-ID binding that matches, else the
    product's rule for where physical drivers run."""
    from hvcheck.catalog.drivers import device_ids, evaluate_binding

    product = ctx.product
    if product is None:
        return "unknown product"
    spec = ctx.spec
    dev = next((d for d in spec.devices if d.id == device_id), None)
    notes = []
    if dev is not None and dev.pci is not None:
        for drv in spec.drivers:
            if device_id not in drv.drives:
                continue
            binding = ctx.catalog.drivers.binding_for(drv.name, drv.kind, product.id)
            if binding is None:
                notes.append(f"{drv.name}: no PCI-ID binding in the catalogs")
                continue
            result = evaluate_binding(binding, device_ids(dev.pci))
            verdict = {True: "matches", False: "does not match", None: "unknown for"}[result.match]
            notes.append(f"{drv.name} binding ({binding.pattern_format}) {verdict} these IDs")
    where = ", ".join(product.driver_locations)
    notes.append(f"{product.name}: physical drivers run in {where}")
    return "; ".join(notes)
