"""Rules that apply to every host, whatever its architecture."""

from hvcheck.rules.core.hv1001_unique_ids import UniqueIds
from hvcheck.rules.core.hv1002_dangling_reference import DanglingReference
from hvcheck.rules.core.hv1003_device_driven_twice import DeviceDrivenTwice
from hvcheck.rules.core.hv1004_served_by_cycle import ServedByCycle
from hvcheck.rules.core.hv1005_architecture_mismatch import ArchitectureMismatch
from hvcheck.rules.core.hv1006_unknown_product import UnknownProduct
from hvcheck.rules.core.hv1007_unknown_device_model import UnknownDeviceModel
from hvcheck.rules.core.hv1008_unknown_guest_os import UnknownGuestOs
from hvcheck.rules.core.hv1009_unexpected_host_os import UnexpectedHostOs
from hvcheck.rules.core.hv1010_driver_partition_missing import DriverPartitionMissing

RULES = (
    UniqueIds,
    DanglingReference,
    DeviceDrivenTwice,
    ServedByCycle,
    ArchitectureMismatch,
    UnknownProduct,
    UnknownDeviceModel,
    UnknownGuestOs,
    UnexpectedHostOs,
    DriverPartitionMissing,
)
