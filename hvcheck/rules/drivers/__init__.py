"""Rules on driver binding by PCI ID, the PCI registries and the ESXi hardware-compatibility list:
HV12xx apply to every architecture, HV32xx to ESXi."""
