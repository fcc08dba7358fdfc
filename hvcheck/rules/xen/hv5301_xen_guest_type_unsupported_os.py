"""HV5301 xen-guest-type-unsupported-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.guest_index import guest_type_support
from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class XenGuestTypeUnsupportedOs(Rule):
    """Run each Xen guest as a type its OS supports: no Windows as pv or pvh.

    Why: a ``pv`` domain is "suitable for hosting Xen-aware guest operating systems" and a
    ``pvh`` guest "requires a PVH aware kernel" (xl.cfg(5) ``type=``). "Modern Linux kernels
    include full PV support. Windows guests cannot run in pure PV mode" (Xen Project handbook);
    PVH works with most Linux distributions and BSDs, not with Windows (XCP-ng). Windows runs as
    ``hvm``, with PV drivers for speed. Which OS runs as which type is read from the
    ``guests.guest_types`` catalog; an OS or type it does not cover is reported as unknown (info) (sources: xen-guest-types, xen-handbook-concepts, xcp-ng-guest-modes).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win01
          role: child
          virt_mode: pv
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: xen01}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: win01
          role: child
          virt_mode: hvm
          device_model: qemu-xen
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated (the guest OS is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: os-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}
      partitions:
        - id: dom0
          role: parent
          os: {family: linux, name: Debian, version: "12", arch: x64}
        - id: web
          role: child
          virt_mode: pv
    ```
    """

    code = "HV5301"
    name = "xen-guest-type-unsupported-os"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xen-guest-types", "xen-handbook-concepts", "xcp-ng-guest-modes")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for at, part in ctx.partitions("child", "driver-domain"):
            if part.virt_mode is None or part.os is None:
                continue
            guest = guest_label(part)
            gtype = ctx.catalog.guests.guest_type(ctx.product.id, part.virt_mode)
            row, match = (None, "no") if gtype is None else guest_type_support(gtype, part.os)
            if row is None or match != "yes":
                yield Unknown(
                    at / "virt_mode",
                    f"whether {guest} runs as a Xen {part.virt_mode} guest is not in the catalog "
                    "(unknown)",
                )
            elif row.support == "unsupported":
                advice = f": {row.note}" if row.note else ""
                yield Violation(
                    at / "virt_mode",
                    f"'{part.id}' runs {guest} as a {part.virt_mode} guest, which "
                    f"{part.os.family.capitalize()} does not support{advice}",
                )
