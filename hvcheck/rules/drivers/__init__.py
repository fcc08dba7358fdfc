"""Rules on driver binding by PCI ID, the PCI registries and the ESXi hardware-compatibility list:
HV12xx apply to every architecture, HV32xx to ESXi (reference R21-R24)."""

from hvcheck.rules.base import Rule
from hvcheck.rules.drivers.hv1201_driver_binding_mismatch import DriverBindingMismatch
from hvcheck.rules.drivers.hv1202_device_without_driver import DeviceWithoutDriver
from hvcheck.rules.drivers.hv1203_driver_binding_unknown import DriverBindingUnknown
from hvcheck.rules.drivers.hv1204_unknown_pci_vendor import UnknownPciVendor
from hvcheck.rules.drivers.hv1205_pci_class_mismatch import PciClassMismatch
from hvcheck.rules.drivers.hv3201_driver_kind_unavailable import DriverKindUnavailable
from hvcheck.rules.drivers.hv3202_driver_kind_deprecated import DriverKindDeprecated
from hvcheck.rules.drivers.hv3203_hcl_device_not_listed import HclDeviceNotListed
from hvcheck.rules.drivers.hv3204_hcl_mismatch import HclMismatch
from hvcheck.rules.drivers.hv3205_hcl_unknown import HclUnknown

RULES: tuple[type[Rule], ...] = (
    DriverBindingMismatch,
    DeviceWithoutDriver,
    DriverBindingUnknown,
    UnknownPciVendor,
    PciClassMismatch,
    DriverKindUnavailable,
    DriverKindDeprecated,
    HclDeviceNotListed,
    HclMismatch,
    HclUnknown,
)
