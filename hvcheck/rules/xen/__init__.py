"""Rules for Xen (type 1, microkernel-like: drivers and backends in dom0 or driver domains)."""

from hvcheck.rules.base import Rule
from hvcheck.rules.xen.hv5201_backend_outside_driver_domain import BackendOutsideDriverDomain
from hvcheck.rules.xen.hv5301_xen_guest_type_unsupported_os import XenGuestTypeUnsupportedOs
from hvcheck.rules.xen.hv5302_xen_guest_type_device_model import XenGuestTypeDeviceModel
from hvcheck.rules.xen.hv5303_xen_nic_type_mismatch import XenNicTypeMismatch
from hvcheck.rules.xen.hv5304_xen_pv_device_without_frontend_driver import (
    XenPvDeviceWithoutFrontendDriver,
)
from hvcheck.rules.xen.hv5305_xen_platform_pci_disabled import XenPlatformPciDisabled
from hvcheck.rules.xen.hv5306_xen_shared_interrupt_passthrough import (
    XenSharedInterruptPassthrough,
)

RULES: tuple[type[Rule], ...] = (
    BackendOutsideDriverDomain,
    XenGuestTypeUnsupportedOs,
    XenGuestTypeDeviceModel,
    XenNicTypeMismatch,
    XenPvDeviceWithoutFrontendDriver,
    XenPlatformPciDisabled,
    XenSharedInterruptPassthrough,
)
