"""Rules for the type 1 monolithic family (VMware ESX/ESXi): every driver runs in the VMkernel."""
