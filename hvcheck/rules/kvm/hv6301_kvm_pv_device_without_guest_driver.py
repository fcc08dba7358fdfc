"""HV6301 kvm-pv-device-without-guest-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import check_pv_drivers
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext


class KvmPvDeviceWithoutGuestDriver(Rule):
    """Give virtio devices only to guests with virtio drivers: in-kernel on Linux, virtio-win on Windows.

    Why: virtio devices (PCI vendor 1af4) are paravirtual: no physical card exists, so only a
    guest with virtio drivers can use them. Linux has them in the kernel. "Windows has no in-box
    virtio drivers": they come from the virtio-win ISO, one driver per device ID (netkvm for
    1af4:1000/1041, viostor 1001/1042, vioscsi 1004/1048, balloon 1002/1045, vioserial 1003/1043,
    viorng 1005/1044; virtio-win netkvm.inx). State them with ``integration`` (``kind: virtio-win``,
    or the ``drivers`` installed). The driver per device model and guest OS is read from the
    ``guests.guest_drivers`` catalog; a guest it does not cover is reported as unknown (info). A
    boot controller whose driver Windows setup lacks is left to HV6302 (sources: virtio-win, virtio-win-hwids, linux-kernel-drivers).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm01}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: win01
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: virtio-win, drivers: [viostor]}
          devices:
            - {id: win01-net0, kind: nic, model: virtio-net, mode: paravirtual}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm01}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: win01
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          integration: {present: true, kind: virtio-win, drivers: [viostor, netkvm]}
          devices:
            - {id: win01-net0, kind: nic, model: virtio-net, mode: paravirtual}
        - id: web01
          role: child
          os: {family: linux, name: Debian, version: "12", arch: x64}
          devices:
            - {id: web01-net0, kind: nic, model: virtio-net, mode: paravirtual}
    ```

    Unstated (whether virtio-win is installed is not stated, as in every libvirt domain XML):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: virtio-win-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: win
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: win-net, kind: nic, model: virtio-net, mode: paravirtual, served_by: host-os}
    ```
    """

    code = "HV6301"
    name = "kvm-pv-device-without-guest-driver"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("virtio-win", "virtio-win-hwids", "linux-kernel-drivers")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from check_pv_drivers(ctx)
