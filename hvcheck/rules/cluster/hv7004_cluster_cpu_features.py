"""HV7004 cluster-cpu-features."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.model.paths import CLUSTER_ROOT
from hvcheck.rules.base import ALL, ClusterRule, Violation
from hvcheck.rules.context import ClusterContext

MODE_NAMES = {"evc": "EVC", "processor-compatibility": "processor compatibility"}


class ClusterCpuFeatures(ClusterRule):
    """Give a cluster a common CPU feature set, or turn on the product's CPU compatibility mode.

    Why: a VM started on a host with newer processor features may use them and then cannot move to a
    host without them. Either every member exposes the same features and model, or the cluster uses
    the product's compatibility mode (VMware EVC, Hyper-V processor compatibility) to hide the
    difference. A compatibility mode the product does not have (from the products catalog) is an error.

    Cluster documents need member files beside them, so this rule's examples live in
    `examples/fleet/` and `tests/rules/test_cluster.py`.
    """

    code = "HV7004"
    name = "cluster-cpu-features"
    default_severity = Severity.WARNING
    architectures = (ALL,)
    sources = ("vmware-evc", "ms-hyperv-windows-guests")

    def check_cluster(self, ctx: ClusterContext) -> Iterator[Violation]:
        spec = CLUSTER_ROOT / "spec"
        mode = ctx.cluster.model.spec.cpu_compatibility.mode
        members = [m for m in ctx.loaded() if m.context is not None and m.context.spec.cpu]
        products = {m.context.product.id for m in members if m.context and m.context.product}
        if mode != "none":
            for pid in sorted(products):
                product = ctx.catalog.product(pid)
                if product is not None and mode not in product.cpu_compatibility_modes:
                    have = (
                        ", ".join(MODE_NAMES[x] for x in product.cpu_compatibility_modes) or "none"
                    )
                    yield Violation(
                        spec / "cpu_compatibility" / "mode",
                        f"{product.name} has no {MODE_NAMES[mode]} (it has: {have})",
                        severity=Severity.ERROR,
                    )
            return
        if len(members) < 2:
            return
        differing: set[str] = set()
        models: set[str] = set()
        base = members[0].context
        assert base is not None and base.spec.cpu is not None
        base_features = base.spec.cpu.features.model_dump()
        for m in members:
            assert m.context is not None and m.context.spec.cpu is not None
            cpu = m.context.spec.cpu
            if cpu.model:
                models.add(cpu.model)
            for name, value in cpu.features.model_dump().items():
                other = base_features.get(name)
                if value is not None and other is not None and value != other:
                    differing.add(name)
        if not differing and len(models) <= 1:
            return
        what = []
        if differing:
            what.append(f"features differ ({', '.join(sorted(differing))})")
        if len(models) > 1:
            what.append(f"processor models differ ({', '.join(sorted(models))})")
        names = []
        for pid in sorted(products):
            product = ctx.catalog.product(pid)
            if product is not None:
                names += [MODE_NAMES[x] for x in product.cpu_compatibility_modes]
        hint = f"enable {' or '.join(names)}" if names else "use identical processors"
        yield Violation(
            spec / "members",
            f"cluster '{ctx.cluster.name}': {'; '.join(what)} and no CPU compatibility mode is set; "
            f"VMs may fail to live-migrate: {hint}",
            on="key",
        )
