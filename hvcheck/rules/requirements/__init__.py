"""Host requirements per product release (HV11xx): CPU, firmware, memory, boot device, network,
client editions, Windows 11 guests, device assignment, KVM host setup and Xen PVH dom0.

Every threshold comes from the release catalog (catalogs/releases.yaml, `releases` and
`host_requirements`); these rules only compare it with what the host states.
"""

from hvcheck.rules.base import Rule
from hvcheck.rules.requirements.hv1101_unknown_release import UnknownRelease
from hvcheck.rules.requirements.hv1102_unknown_host_facts import UnknownHostFacts
from hvcheck.rules.requirements.hv1103_hardware_virtualization import HardwareVirtualization
from hvcheck.rules.requirements.hv1104_host_cpu_architecture import HostCpuArchitecture
from hvcheck.rules.requirements.hv1105_nx_xd_bit import NxXdBit
from hvcheck.rules.requirements.hv1106_second_level_address_translation import (
    SecondLevelAddressTranslation,
)
from hvcheck.rules.requirements.hv1107_host_memory import HostMemory
from hvcheck.rules.requirements.hv1108_host_cpu_cores import HostCpuCores
from hvcheck.rules.requirements.hv1109_boot_device import BootDevice
from hvcheck.rules.requirements.hv1110_host_network_adapter import HostNetworkAdapter
from hvcheck.rules.requirements.hv1111_client_hyperv_edition import ClientHypervEdition
from hvcheck.rules.requirements.hv1112_windows_11_guest import Windows11Guest
from hvcheck.rules.requirements.hv1113_device_assignment_iommu import DeviceAssignmentIommu
from hvcheck.rules.requirements.hv1114_kvm_host_setup import KvmHostSetup
from hvcheck.rules.requirements.hv1115_pvh_dom0 import PvhDom0

RULES: tuple[type[Rule], ...] = (
    UnknownRelease,
    UnknownHostFacts,
    HardwareVirtualization,
    HostCpuArchitecture,
    NxXdBit,
    SecondLevelAddressTranslation,
    HostMemory,
    HostCpuCores,
    BootDevice,
    HostNetworkAdapter,
    ClientHypervEdition,
    Windows11Guest,
    DeviceAssignmentIommu,
    KvmHostSetup,
    PvhDom0,
)
