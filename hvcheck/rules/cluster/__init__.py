"""Rules over clusters (``kind: Cluster``): live-migration compatibility between member hosts."""

from hvcheck.rules.base import Rule
from hvcheck.rules.cluster.hv7001_cluster_member_unresolved import ClusterMemberUnresolved
from hvcheck.rules.cluster.hv7002_cluster_product_mismatch import ClusterProductMismatch
from hvcheck.rules.cluster.hv7003_cluster_cpu_vendor_mismatch import ClusterCpuVendorMismatch
from hvcheck.rules.cluster.hv7004_cluster_cpu_features import ClusterCpuFeatures
from hvcheck.rules.cluster.hv7005_cluster_shared_driver_mismatch import ClusterSharedDriverMismatch
from hvcheck.rules.cluster.hv7006_cluster_passthrough_pins_vm import ClusterPassthroughPinsVm

RULES: tuple[type[Rule], ...] = (
    ClusterMemberUnresolved,
    ClusterProductMismatch,
    ClusterCpuVendorMismatch,
    ClusterCpuFeatures,
    ClusterSharedDriverMismatch,
    ClusterPassthroughPinsVm,
)
