"""Rules for the type 1 microkernelized family (Hyper-V; HV4001 applies to Xen too)."""

from hvcheck.rules.base import Rule
from hvcheck.rules.hyperv.hv4001_driver_in_hypervisor import DriverInHypervisor
from hvcheck.rules.hyperv.hv4002_parent_partition_count import ParentPartitionCount
from hvcheck.rules.hyperv.hv4003_parent_os import ParentOs
from hvcheck.rules.hyperv.hv4004_parent_driver_kind import ParentDriverKind
from hvcheck.rules.hyperv.hv4005_synthetic_device_needs_enlightenment import (
    SyntheticDeviceNeedsEnlightenment,
)
from hvcheck.rules.hyperv.hv4006_synthetic_device_served_outside_parent import (
    SyntheticDeviceServedOutsideParent,
)
from hvcheck.rules.hyperv.hv4007_emulated_device_served_by_hypervisor import (
    EmulatedDeviceServedByHypervisor,
)
from hvcheck.rules.hyperv.hv4008_child_hardware_access import ChildHardwareAccess
from hvcheck.rules.hyperv.hv4301_generation_hardware import GenerationHardware
from hvcheck.rules.hyperv.hv4302_network_adapters import NetworkAdapters
from hvcheck.rules.hyperv.hv4303_generation_guest_support import GenerationGuestSupport
from hvcheck.rules.hyperv.hv4304_secure_boot_configuration import SecureBootConfiguration
from hvcheck.rules.hyperv.hv4305_vcpu_memory_limits import VcpuMemoryLimits
from hvcheck.rules.hyperv.hv4306_guest_feature_availability import GuestFeatureAvailability
from hvcheck.rules.hyperv.hv4307_hyperv_daemons import HypervDaemons
from hvcheck.rules.hyperv.hv4308_linux_dynamic_memory import LinuxDynamicMemory
from hvcheck.rules.hyperv.hv4309_dda_assignability import DdaAssignability
from hvcheck.rules.hyperv.hv4310_dda_vm_settings import DdaVmSettings

RULES: tuple[type[Rule], ...] = (
    DriverInHypervisor,
    ParentPartitionCount,
    ParentOs,
    ParentDriverKind,
    SyntheticDeviceNeedsEnlightenment,
    SyntheticDeviceServedOutsideParent,
    EmulatedDeviceServedByHypervisor,
    ChildHardwareAccess,
    GenerationHardware,
    NetworkAdapters,
    GenerationGuestSupport,
    SecureBootConfiguration,
    VcpuMemoryLimits,
    GuestFeatureAvailability,
    HypervDaemons,
    LinuxDynamicMemory,
    DdaAssignability,
    DdaVmSettings,
)
