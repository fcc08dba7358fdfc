"""Rules over clusters (``kind: Cluster``): live-migration compatibility between member hosts."""
