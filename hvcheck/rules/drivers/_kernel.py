"""Linux module bindings from the generated kernel alias table, shared by HV1201 and HV1203.

A ``linux-module`` driver on a KVM host or in a Xen dom0 (or driver domain) that no catalog file
gives a binding for is looked up in catalogs/generated/linux-pci-aliases.tsv: the module's
``modules.alias`` patterns in seven Debian kernels (Linux 5.10 to 7.3), with the kernels each
pattern holds for. The answer then depends on the kernel of the OS the driver runs in, when the
host file states it (``host_os.kernel`` or the partition's ``os.kernel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hvcheck.catalog.generated import LINUX_PRODUCTS
from hvcheck.catalog.pci.ids import DeviceIds
from hvcheck.model.host import Driver
from hvcheck.rules.context import HostContext

if TYPE_CHECKING:
    from hvcheck.catalog.gentables import KernelBinding, KernelVerdict

OUT_OF_TREE = ("async", "third-party")
"""Driver sources whose module is not the kernel's own (a vendor's or another build): the
kernels' alias table says nothing about its ID table."""


def kernel_table_binding(ctx: HostContext, drv: Driver) -> KernelBinding | None:
    """The module's ID table in the kernel alias table, when it applies to this driver."""
    if drv.kind != "linux-module" or drv.source in OUT_OF_TREE:
        return None
    return ctx.catalog.kernel_binding(drv.name, ctx.product_id or None)


def kernel_table_applies(ctx: HostContext, drv: Driver) -> bool:
    """True when the alias table is consulted for this driver (whether or not it has the module),
    so that a module missing from it can be named as such."""
    return (
        drv.kind == "linux-module"
        and drv.source not in OUT_OF_TREE
        and ctx.product_id in LINUX_PRODUCTS
        and ctx.catalog.generated.linux_aliases is not None
    )


def kernel_of(ctx: HostContext, drv: Driver) -> str | None:
    """The kernel release of the OS the driver runs in, when the host file states it."""
    spec = ctx.spec
    if drv.location == "host-os":
        return spec.host_os.kernel if spec.host_os is not None else None
    if drv.location == "hypervisor":
        return None
    wanted = drv.partition
    for _, part in ctx.partitions():
        if (wanted is not None and part.id == wanted) or (
            wanted is None and drv.location == "parent" and part.role == "parent"
        ):
            return part.os.kernel if part.os is not None else None
    return None


def kernel_verdict(
    ctx: HostContext, binding: KernelBinding, ids: DeviceIds, kernel: str | None
) -> KernelVerdict:
    """``binding.evaluate``, remembered per catalog: hosts repeat the same drivers and devices."""
    key = ("kernel-verdict", binding.module, ids, kernel)
    return ctx.catalog.remember(key, lambda: binding.evaluate(ids, kernel))


def kernel_hint(drv: Driver) -> str:
    """Where to state the kernel release the answer depends on."""
    if drv.location == "host-os":
        return "state spec.host_os.kernel (uname -r)"
    return f"state the kernel (uname -r) as os.kernel of partition '{drv.partition or 'dom0'}'"
