"""HV6302 kvm-boot-controller-without-install-driver."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._guest import check_boot_drivers
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext


class KvmBootControllerWithoutInstallDriver(Rule):
    """Load viostor or vioscsi during setup when Windows installs onto a virtio disk.

    Why: Windows has no in-box virtio drivers, so Windows setup does not see a disk on virtio-blk
    or virtio-scsi until viostor or vioscsi is loaded from the virtio-win media ("Load driver")
    (avocado-vt InstallWinVirtio; Fedora, Creating Windows virtual machines using virtIO drivers).
    A Windows guest that boots from such a disk must have had the driver loaded during
    installation, or installed before its boot disk was moved to virtio. State it in
    ``integration.drivers_at_install`` (or ``integration.drivers``). Linux installers have the
    drivers. Which guest ships which driver is read from the ``guests.guest_drivers`` catalog (sources: virtio-win, virtio-win-install).

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
          integration: {present: true, kind: virtio-win, drivers: [netkvm]}
          devices:
            - {id: win01-vda, kind: disk, model: virtio-blk, mode: paravirtual, bus: virtio, boot: true}
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
          integration: {present: true, kind: virtio-win, drivers: [netkvm], drivers_at_install: [viostor]}
          devices:
            - {id: win01-vda, kind: disk, model: virtio-blk, mode: paravirtual, bus: virtio, boot: true}
    ```

    Unstated (the drivers loaded during setup are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: setup-unstated}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
      partitions:
        - id: win
          role: child
          os: {family: windows, name: Windows Server 2022, arch: x64}
          devices:
            - {id: win-disk, kind: disk, model: virtio-blk, mode: paravirtual, served_by: host-os, boot: true}
    ```
    """

    code = "HV6302"
    name = "kvm-boot-controller-without-install-driver"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("virtio-win", "virtio-win-install")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        yield from check_boot_drivers(ctx)
