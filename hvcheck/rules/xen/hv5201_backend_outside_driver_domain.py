"""HV5201 backend-outside-driver-domain."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.graph import HOST_OS, HYPERVISOR, PARTITION
from hvcheck.model.host import Partition
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext

_WHERE = (
    "dom0 (the parent partition) or a driver domain (role driver-domain, xl.cfg driver_domain=1)"
)


class BackendOutsideDriverDomain(Rule):
    """Run Xen physical drivers and PV backends in dom0 or a driver domain, never in a guest.

    Why: since Xen 2.0 the hypervisor holds no device drivers: native drivers and the backends of
    the split PV drivers (netback, blkback, QEMU backends) run in dom0 or in a driver domain, a
    domain started with `driver_domain=1` and given the physical device. xl-network-configuration
    says `backend=DOMAIN` "defaults to domain 0. Specifying another domain requires setting up a
    driver domain", and SUPPORT.md defines driver domains as "non-Domain 0 domains with access to
    physical devices to act as back-ends" (sources: xen-support-md, xl-cfg, xl-network-configuration). So a PV device served by an
    ordinary guest (role child), by the hypervisor or by a host OS (Xen has none), and a physical
    driver in a guest the device is not passed through to, describe back-ends that cannot exist.
    Drivers placed in the hypervisor itself are reported by HV4001; emulated devices are left
    out, since Xen emulates some platform devices in the hypervisor and may run QEMU in a stub
    domain.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-router-backend}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: router
          role: child
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: web
          role: child
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: web-net, kind: nic, model: xen-netfront, mode: paravirtual, served_by: router}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen-netdom-backend}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      devices:
        - {id: nic1, class: network, pci: {vendor: "8086", device: "1572"}}
      drivers:
        - {name: i40e, kind: linux-module, location: driver-domain, partition: netdom, drives: [nic1]}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: netdom
          role: driver-domain
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: web
          role: child
          virt_mode: pvh
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: web-net, kind: nic, model: xen-netfront, mode: paravirtual, served_by: netdom}
    ```

    Unstated (no backend is named):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: backend-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: web
          role: child
          virt_mode: pvh
          devices:
            - {id: web-net, kind: nic, model: xen-netfront, mode: paravirtual}
    ```
    """

    code = "HV5201"
    name = "backend-outside-driver-domain"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-support-md", "xl-cfg", "xl-network-configuration")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from self._drivers(ctx)
        yield from self._backends(ctx)

    def _drivers(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for at, drv in ctx.drivers():
            if drv.location == "host-os" and drv.drives:
                yield Violation(
                    at / "location",
                    f"driver '{drv.name}' is placed in a host OS, but Xen has none: physical "
                    f"drivers run in {_WHERE}",
                )
                continue
            if drv.location != "guest" or drv.partition is None:
                continue
            pkey = g.key_of(drv.partition, PARTITION)
            if pkey is None:
                continue  # dangling: HV1002
            if g.obj(pkey).role != "child":
                continue  # a location/role contradiction: HV1010
            for j, dev in enumerate(drv.drives):
                dkey = g.key_of(dev, "device")
                if dkey is None:
                    continue
                if pkey in [ref.key for ref in g.assignments(dkey)]:
                    continue  # passed through to this guest: its own driver drives it
                yield Violation(
                    at / "drives" / j,
                    f"driver '{drv.name}' in guest '{drv.partition}' drives physical device "
                    f"'{dev}', which is not passed through to it; physical drivers run in {_WHERE}",
                )

    def _backends(self, ctx: HostContext) -> Iterator[Violation]:
        g = ctx.graph
        for at, _part, dev in ctx.virtual_devices(mode="paravirtual"):
            key = g.key_of(dev.id, "virtual-device")
            if dev.served_by is None or key is None or g.served_by(key) is None:
                continue  # nothing named, or dangling: HV1002
            serving = g.serving_partition(key)
            if serving is None:
                continue  # a loop or a driver that runs nowhere: other rules
            kind = g.kind(serving)
            if kind == PARTITION:
                part: Partition = g.obj(serving)
                if part.role in ("parent", "driver-domain"):
                    continue
                what = f"guest '{part.id}' (role {part.role})"
                fix = f"make '{part.id}' a driver domain or serve the device from dom0"
            elif kind == HYPERVISOR:
                what = "the hypervisor"
                fix = "serve it from dom0"
            elif kind == HOST_OS:
                what = "a host OS, which Xen does not have"
                fix = "serve it from dom0"
            else:
                continue
            yield Violation(
                at / "served_by",
                f"PV device '{dev.id}' ({dev.model}) has its backend in {what}; PV backends "
                f"(netback, blkback, QEMU) run in {_WHERE}: {fix}",
            )
