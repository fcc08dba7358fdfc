"""hvcheck: validate virtualization host descriptions against hypervisor architecture rules."""

__all__ = ["__version__"]

__version__ = "0.1.0"
