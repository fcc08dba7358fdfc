"""Rules for KVM/QEMU (hosted kernel: the Linux host drives the hardware, QEMU emulates devices)."""

from hvcheck.rules.base import Rule
from hvcheck.rules.kvm.hv6301_kvm_pv_device_without_guest_driver import (
    KvmPvDeviceWithoutGuestDriver,
)
from hvcheck.rules.kvm.hv6302_kvm_boot_controller_without_install_driver import (
    KvmBootControllerWithoutInstallDriver,
)
from hvcheck.rules.kvm.hv6303_kvm_nic_model_implicit import KvmNicModelImplicit

RULES: tuple[type[Rule], ...] = (
    KvmPvDeviceWithoutGuestDriver,
    KvmBootControllerWithoutInstallDriver,
    KvmNicModelImplicit,
)
