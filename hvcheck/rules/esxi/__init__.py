"""Rules for the type 1 monolithic family (VMware ESX/ESXi): every driver runs in the VMkernel."""

from hvcheck.rules.base import Rule
from hvcheck.rules.esxi.hv3001_device_without_hypervisor_driver import (
    DeviceWithoutHypervisorDriver,
)
from hvcheck.rules.esxi.hv3002_driver_outside_hypervisor import DriverOutsideHypervisor
from hvcheck.rules.esxi.hv3003_general_purpose_driver_in_hypervisor import (
    GeneralPurposeDriverInHypervisor,
)

RULES: tuple[type[Rule], ...] = (
    DeviceWithoutHypervisorDriver,
    DriverOutsideHypervisor,
    GeneralPurposeDriverInHypervisor,
)
