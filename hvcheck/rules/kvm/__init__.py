"""Rules for KVM/QEMU (hosted kernel: the Linux host drives the hardware, QEMU emulates devices)."""
