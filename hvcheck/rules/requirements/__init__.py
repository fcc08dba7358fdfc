"""Host requirements per product release (HV11xx): CPU, firmware, memory, boot device, network,
client editions, Windows 11 guests, device assignment, KVM host setup and Xen PVH dom0.

Every threshold comes from the release catalog (catalogs/releases.yaml, `releases` and
`host_requirements`); these rules only compare it with what the host states.
"""
