"""Rules for Xen (type 1, microkernel-like: drivers and backends in dom0 or driver domains)."""
