"""Rules: one module per rule, grouped by hypervisor family, listed explicitly in each family."""
