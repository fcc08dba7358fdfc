"""Rules for the type 1 microkernelized family (Hyper-V; HV4001 applies to Xen too)."""
