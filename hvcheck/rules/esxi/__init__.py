"""Rules for the type 1 monolithic family (VMware ESX/ESXi): every driver runs in the VMkernel."""

from hvcheck.rules.base import Rule
from hvcheck.rules.esxi.hv3001_device_without_hypervisor_driver import (
    DeviceWithoutHypervisorDriver,
)
from hvcheck.rules.esxi.hv3002_driver_outside_hypervisor import DriverOutsideHypervisor
from hvcheck.rules.esxi.hv3003_general_purpose_driver_in_hypervisor import (
    GeneralPurposeDriverInHypervisor,
)
from hvcheck.rules.esxi.hv3301_directpath_device_limit import DirectpathDeviceLimit
from hvcheck.rules.esxi.hv3302_directpath_unavailable_feature import (
    DirectpathUnavailableFeature,
)
from hvcheck.rules.esxi.hv3303_usb_controller_passthrough_boot import (
    UsbControllerPassthroughBoot,
)
from hvcheck.rules.esxi.hv3304_vmware_pv_device_without_guest_driver import (
    VmwarePvDeviceWithoutGuestDriver,
)
from hvcheck.rules.esxi.hv3305_virtual_hardware_version_too_old import (
    VirtualHardwareVersionTooOld,
)
from hvcheck.rules.esxi.hv3306_vmware_boot_controller_without_install_driver import (
    VmwareBootControllerWithoutInstallDriver,
)
from hvcheck.rules.esxi.hv3307_scsi_controller_limits import ScsiControllerLimits
from hvcheck.rules.esxi.hv3308_vmware_emulated_device_without_inbox_driver import (
    VmwareEmulatedDeviceWithoutInboxDriver,
)

RULES: tuple[type[Rule], ...] = (
    DeviceWithoutHypervisorDriver,
    DriverOutsideHypervisor,
    GeneralPurposeDriverInHypervisor,
    DirectpathDeviceLimit,
    DirectpathUnavailableFeature,
    UsbControllerPassthroughBoot,
    VmwarePvDeviceWithoutGuestDriver,
    VirtualHardwareVersionTooOld,
    VmwareBootControllerWithoutInstallDriver,
    ScsiControllerLimits,
    VmwareEmulatedDeviceWithoutInboxDriver,
)
