"""HV3201 driver-kind-unavailable."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.drivers import release_key
from hvcheck.findings import Severity
from hvcheck.rules.base import MONOLITHIC, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class DriverKindUnavailable(Rule):
    """Use only driver kinds the ESXi release loads: no vmklinux from 7.0, no native before 5.5.

    Why: VMware introduced the native driver model in vSphere 5.5, so earlier releases load only
    vmklinux (Linux-derived) drivers. "The vSphere 6.7 family will be the last vSphere versions
    that includes the VMKlinux driver stack": ESXi 7.0 has no vmklinux, and upgrading a host with
    vmklinux VIBs fails with a vmkapi DependencyError (VMware vSphere blog 2019-04; KB mirror
    78389). A driver of a kind the release does not load leaves its devices without a driver (sources: vmware-vmklinux-2019, vmware-vmklinux-plan-2017, vmware-kb-78389-mirror). The thresholds are catalog facts (`drivers.kinds`). Without a stated
    release the outcome is unknown (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: upgraded-with-vmklinux}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      devices:
        - {id: vmhba2, class: storage, name: Dell PERC H700}
      drivers:
        - {name: megaraid_sas, kind: vmklinux, location: hypervisor, drives: [vmhba2]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: native-driver}
    spec:
      hypervisor: {product: esxi, version: "7.0 U3"}
      devices:
        - {id: vmhba2, class: storage, name: Broadcom MegaRAID 9460}
      drivers:
        - {name: lsi_mr3, kind: native, location: hypervisor, drives: [vmhba2]}
    ```

    Unstated (the release is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: release-unstated}
    spec:
      hypervisor: {product: esxi}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: r8168, kind: vmklinux, location: hypervisor, drives: [nic0]}
    ```
    """

    code = "HV3201"
    name = "driver-kind-unavailable"
    default_severity = Severity.ERROR
    architectures = (MONOLITHIC,)
    traits = ("vmkernel-drivers",)
    sources = ("vmware-vmklinux-2019", "vmware-vmklinux-plan-2017", "vmware-kb-78389-mirror")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        assert ctx.product is not None
        product = ctx.product
        version = ctx.release
        key = release_key(version)
        for at, drv in ctx.drivers("hypervisor"):
            facts = ctx.catalog.drivers.kind_support(product.id, drv.kind)
            if facts is None:
                continue
            if version is None:
                if facts.introduced or facts.removed:
                    yield Unknown(
                        at / "kind",
                        f"the {product.name} release is not stated (spec.hypervisor.version), so "
                        f"whether it loads {drv.kind} driver '{drv.name}' is unknown",
                    )
                    return
                continue
            if facts.introduced and key < release_key(facts.introduced):
                yield Violation(
                    at / "kind",
                    f"driver '{drv.name}' is a {drv.kind} driver, but {drv.kind} drivers were "
                    f"introduced in {product.name} {facts.introduced}; {version} does not load it",
                )
            elif facts.removed and key >= release_key(facts.removed):
                yield Violation(
                    at / "kind",
                    f"driver '{drv.name}' is a {drv.kind} driver, but {product.name} "
                    f"{facts.removed} and later have no {drv.kind} driver stack; {version} does not "
                    "load it (and an upgrade with such drivers fails): use a native driver for "
                    "its devices",
                )
