"""HV4003 parent-os."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class ParentOs(Rule):
    """Run the parent partition on the operating system and instruction set the product requires.

    Why: Hyper-V's parent (root) partition runs Windows ("must have at least one parent, or root,
    partition, running Windows"), and Hyper-V exists only "for certain x64 versions of Windows"; no
    32-bit Windows includes it. The parent's OS is the management OS: it loads the vendor drivers and
    runs the virtualization stack, so it is part of the hypervisor installation, not a free choice.
    An undescribed parent OS (or architecture) cannot be checked and is reported as a warning.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: linux-root}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: linux, name: Ubuntu, version: "22.04", arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: windows-root}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: parent-os-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
    ```
    """

    code = "HV4003"
    name = "parent-os"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("vmbus",)
    sources = ("ms-hyperv-architecture", "itpro-2008")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        product = ctx.product
        if product is None:
            return
        os_families = " or ".join(f"'{f}'" for f in product.parent_os)
        arches = " or ".join(product.parent_arch)
        parts = []
        if os_families:
            parts.append(f"family {os_families}")
        if arches:
            parts.append(f"as {arches}")
        need = " ".join(parts) or "a supported OS"
        for at, part in ctx.partitions("parent"):
            os = part.os
            if os is None:
                yield Unknown(
                    at,
                    f"parent partition '{part.id}' does not describe its 'os'; the "
                    f"{product.name} parent runs {need}, so its OS could not be checked: add os "
                    "with family, name and arch",
                )
                continue
            if product.parent_os and os.family not in product.parent_os:
                yield Violation(
                    at / "os" / "family",
                    f"parent partition '{part.id}' runs {os.name} (family '{os.family}'); the "
                    f"{product.name} parent (root) partition runs family {os_families}",
                )
            if not product.parent_arch:
                continue
            if os.arch is None:
                yield Unknown(
                    at / "os",
                    f"parent partition '{part.id}' does not state its OS 'arch'; the "
                    f"{product.name} parent runs as {arches}: add arch",
                )
            elif os.arch not in product.parent_arch:
                yield Violation(
                    at / "os" / "arch",
                    f"parent partition '{part.id}' runs {os.name} as {os.arch}; "
                    f"{product.name} exists only for {arches} versions of its parent OS",
                )
