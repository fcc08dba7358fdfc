"""HV5303 xen-nic-type-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import MICROKERNEL, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.xen._common import models_named


class XenNicTypeMismatch(Rule):
    """Describe an emulated Xen NIC model as emulated (type=ioemu) and a vif as paravirtual.

    Why: in an xl ``vif`` spec, ``model=`` (rtl8139 by default, e1000, …) "is valid for HVM guest
    devices with type=ioemu only": it names the NIC the device model emulates. ``type=vif`` is the
    PV-only NIC, served by netback to the guest's netfront (xl-network-configuration(5)). A NIC
    whose model is an emulated one but whose mode is paravirtual (or a netfront described as
    emulated) mixes the two, and the guest gets something else than described. The nature of each
    model is read from the device-models catalog (sources: xl-network-configuration).

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
        - id: app01
          role: child
          virt_mode: hvm
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: app01-net0, kind: nic, model: qemu-e1000, mode: paravirtual, served_by: dom0}
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
        - id: app01
          role: child
          virt_mode: hvm
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: app01-net0, kind: nic, model: qemu-e1000, mode: emulated, served_by: dom0}
            - {id: app01-net1, kind: nic, model: xen-netfront, mode: paravirtual, served_by: dom0}
    ```

    Unstated (no NIC is described):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: nics-unstated}
    spec:
      hypervisor: {product: xen, version: "4.17"}

      partitions:
        - id: web
          role: child
          virt_mode: hvm
    ```
    """

    code = "HV5303"
    name = "xen-nic-type-mismatch"
    default_severity = Severity.ERROR
    architectures = (MICROKERNEL,)
    traits = ("xen-domains",)
    sources = ("xl-network-configuration",)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is None:
            return
        for at, _part, dev in ctx.virtual_devices(kind="nic"):
            model = ctx.model_of(dev)
            if model is None or model.mode == dev.mode:
                continue
            if model.mode == "emulated":
                yield Violation(
                    at / "mode",
                    f"'{dev.id}' names the emulated NIC model {dev.model} ({model.name}) but "
                    f"has mode {dev.mode}; model= applies to type=ioemu (emulated) NICs "
                    f"only. Set mode: emulated, or use a PV vif model "
                    f"({models_named(ctx, 'paravirtual', ('nic',))})",
                )
            elif model.mode == "paravirtual" and dev.mode == "emulated":
                yield Violation(
                    at / "mode",
                    f"'{dev.id}' is a PV vif ({dev.model}, type=vif) but has mode emulated; "
                    "set mode: paravirtual, or name an emulated model "
                    f"({models_named(ctx, 'emulated', ('nic',))}) for a type=ioemu NIC",
                )
