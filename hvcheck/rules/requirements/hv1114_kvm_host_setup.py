"""HV1114 kvm-host-setup."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import KvmHostRequirement, ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact

# What each spec.kvm fact is, and virt-host-validate's advice when it is false.
_FACTS = {
    # fact: (what it says, what the host lacks when it is false, virt-host-validate's advice)
    "dev_kvm": (
        "/dev/kvm exists",
        "/dev/kvm",
        "check that the 'kvm-intel' or 'kvm-amd' module is loaded and the BIOS has enabled "
        "virtualization",
    ),
    "dev_kvm_accessible": (
        "/dev/kvm is readable and writable",
        "read/write access to /dev/kvm",
        "let the user QEMU runs as read and write /dev/kvm (usually the 'kvm' group)",
    ),
    "dev_net_tun": (
        "/dev/net/tun exists",
        "/dev/net/tun",
        "load the 'tun' module to enable networking for QEMU guests",
    ),
    "dev_vhost_net": (
        "/dev/vhost-net exists",
        "/dev/vhost-net",
        "load the 'vhost_net' module to improve performance of virtio networking",
    ),
}


class KvmHostSetup(RequirementRule):
    """Prepare a KVM host the way `virt-host-validate qemu` expects: /dev/kvm, tun, vhost-net, cgroups.

    Why: libvirt's host validation FAILs when /dev/kvm is missing ("Check that the 'kvm-intel' or
    'kvm-amd' modules are loaded & the BIOS has enabled virtualization") or not accessible, and when
    /dev/net/tun is missing ("Load the 'tun' module to enable networking for QEMU guests"); it WARNs
    when /dev/vhost-net is missing and when the cgroup controllers memory, cpu, cpuacct, cpuset,
    devices and blkio are not mounted (tools/virt-host-validate-qemu.c, -common.c). FAIL is an
    error here and WARN a warning. The facts are read from `spec.kvm`; a host without `spec.kvm` is
    not checked. Which facts are required or recommended comes from the release catalog
    (`kvm_host`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-no-tun}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      kvm:
        dev_kvm: true
        dev_kvm_accessible: true
        dev_net_tun: false
        dev_vhost_net: true
        cgroup_controllers: [memory, cpu, cpuacct, cpuset, devices, blkio]
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-ready}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Debian, version: "12", arch: x64}
      kvm:
        dev_kvm: true
        dev_kvm_accessible: true
        dev_net_tun: true
        dev_vhost_net: true
        cgroup_controllers: [memory, cpu, cpuacct, cpuset, devices, blkio]
    ```

    Unstated (the KVM host facts are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-facts-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
    ```
    """

    code = "HV1114"
    name = "kvm-host-setup"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    products = ("kvm",)
    sources = ("libvirt-virt-host-validate",)

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        need: KvmHostRequirement | None = reqs.get("kvm_host")
        kvm = ctx.spec.kvm
        if need is None or kvm is None:
            return
        for names, severity in (
            (need.required, Severity.ERROR),
            (need.recommended, Severity.WARNING),
        ):
            for fact in names:
                what, lacks, advice = _FACTS[fact]
                value = getattr(kvm, fact)
                if value is None:
                    yield UnstatedFact(ctx.at / "kvm" / fact, f"whether {what}")
                elif value is False:
                    verb = "needs" if severity is Severity.ERROR else "should have"
                    yield Violation(
                        ctx.at / "kvm" / fact,
                        f"{reqs.label} {verb} {lacks}, which this host lacks; {advice}",
                        severity=severity,
                    )
        if not need.cgroup_controllers:
            return
        mounted = kvm.cgroup_controllers
        if mounted is None:
            yield UnstatedFact(
                ctx.at / "kvm" / "cgroup_controllers", "the mounted cgroup controllers"
            )
            return
        missing = [c for c in need.cgroup_controllers if c not in mounted]
        if missing:
            yield Violation(
                ctx.at / "kvm" / "cgroup_controllers",
                f"cgroup controller{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} not mounted; libvirt uses them to confine "
                "and account for guests' memory, CPU, devices and block I/O",
                severity=Severity.WARNING,
            )
