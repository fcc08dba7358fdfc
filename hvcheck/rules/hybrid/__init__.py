"""Rules for hybrid VMMs (Virtual PC, Virtual Server, Windows Virtual PC): HV2001-HV2006, HV2301-HV2304."""

from hvcheck.rules.base import Rule
from hvcheck.rules.hybrid.hv2001_host_os_required import HostOsRequired
from hvcheck.rules.hybrid.hv2002_driver_outside_host_os import DriverOutsideHostOs
from hvcheck.rules.hybrid.hv2003_vmm_owns_driver import VmmOwnsDriver
from hvcheck.rules.hybrid.hv2004_non_fixed_hardware import NonFixedHardware
from hvcheck.rules.hybrid.hv2005_host_os_mediates_guests import HostOsMediatesGuests
from hvcheck.rules.hybrid.hv2006_missing_vm_additions import MissingVmAdditions
from hvcheck.rules.hybrid.hv2301_hybrid_guest_limits import HybridGuestLimits
from hvcheck.rules.hybrid.hv2302_virtual_disk_size_limit import VirtualDiskSizeLimit
from hvcheck.rules.hybrid.hv2303_scsi_adapter_disk_limit import ScsiAdapterDiskLimit
from hvcheck.rules.hybrid.hv2304_hybrid_host_os import HybridHostOs

RULES: tuple[type[Rule], ...] = (
    HostOsRequired,
    DriverOutsideHostOs,
    VmmOwnsDriver,
    NonFixedHardware,
    HostOsMediatesGuests,
    MissingVmAdditions,
    HybridGuestLimits,
    VirtualDiskSizeLimit,
    ScsiAdapterDiskLimit,
    HybridHostOs,
)
