#!/bin/sh
# Capture what `hvcheck import sysfs` reads from this Linux machine into a tarball, so that the
# host can be judged somewhere else:
#
#     sudo scripts/capture-host.sh host.tar.gz      # on the machine (root reads PCI capabilities)
#     hvcheck import sysfs host.tar.gz               # anywhere
#
# It copies exactly the files listed in hvcheck/importers/sysfs.py (READS) and docs/importers.md,
# nothing else: PCI IDs, classes, BARs and config space; driver, module, IOMMU-group and SR-IOV link
# names; /proc/cpuinfo, meminfo and cgroups; the kernel release; os-release; the ACPI DMAR and IVRS
# tables; whether the kernel booted from UEFI and the SecureBoot variable; the TPM version; the
# firmware version and product name; memory-block and CPU-topology names; the kvm modules'
# parameters; whether /dev/kvm, /dev/net/tun and /dev/vhost-net exist. It reads no serial numbers,
# UUIDs, MAC or IP addresses, host names, user names, kernel command line, logs or key material.
# Directories it lists are recorded as names only (empty directories in the tarball).
#
# Needs a POSIX shell, tar and gzip. Reads only; writes only the output file (atomically) and a
# temporary directory it removes.
set -eu

out=${1:-host-capture.tar.gz}
case $out in -h | --help)
    sed -n '2,17p' "$0"
    exit 0
    ;;
esac
if [ -e "$out" ] && [ "${2:-}" != "--force" ]; then
    echo "capture-host.sh: $out exists; give --force as the second argument to replace it" >&2
    exit 2
fi
stage=$(mktemp -d "${TMPDIR:-/tmp}/hvcheck-capture.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
limit=4194304 # the most bytes copied from one file

# copy FILE: the content of a regular file (following links), at the same path under the stage
copy() {
    [ -f "/$1" ] || return 0
    mkdir -p "$stage/$(dirname "$1")"
    head -c "$limit" "/$1" >"$stage/$1" 2>/dev/null || rm -f "$stage/$1"
}
# link PATH: a symbolic link, as a link with the same target text (its target is not copied)
link() {
    [ -L "/$1" ] || return 0
    mkdir -p "$stage/$(dirname "$1")"
    ln -s "$(readlink "/$1")" "$stage/$1"
}
# dir PATH: a directory, as an empty directory (existence only)
dir() {
    if [ -d "/$1" ]; then mkdir -p "$stage/$1"; fi
}
# present PATH: a file that exists but cannot be read is recorded as an empty file
present() {
    copy "$1"
    if [ -e "/$1" ] && [ ! -e "$stage/$1" ]; then
        mkdir -p "$stage/$(dirname "$1")"
        : >"$stage/$1"
    fi
}

# the operating system and the processor
if [ -f /etc/os-release ]; then copy etc/os-release; else copy usr/lib/os-release; fi
for f in cpuinfo meminfo cgroups sys/kernel/osrelease sys/kernel/ostype sys/kernel/arch; do
    copy "proc/$f"
done
copy sys/fs/cgroup/cgroup.controllers

# PCI devices: the links in /sys/bus/pci/devices, and the device directories they lead to
dir sys/bus/pci/devices
for entry in /sys/bus/pci/devices/*; do
    [ -L "$entry" ] || continue
    name=${entry##*/}
    link "sys/bus/pci/devices/$name"
    real=$(readlink -f "$entry")
    rel=${real#/}
    case $rel in sys/devices/*) ;; *) continue ;; esac
    mkdir -p "$stage/$rel"
    for attr in vendor device subsystem_vendor subsystem_device class revision resource config \
        sriov_totalvfs sriov_numvfs; do
        copy "$rel/$attr"
    done
    for ln in driver iommu_group physfn; do
        link "$rel/$ln"
    done
    if [ -L "$real/driver" ]; then
        driver=$(basename "$(readlink "$real/driver")")
        dir "sys/bus/pci/drivers/$driver"
        link "sys/bus/pci/drivers/$driver/module"
    fi
done
dir sys/kernel/iommu_groups
for group in /sys/kernel/iommu_groups/*; do
    [ -d "$group" ] && dir "${group#/}"
done

# firmware: ACPI IOMMU tables, UEFI and Secure Boot, TPM, DMI firmware version and product name
dir sys/firmware
dir sys/firmware/acpi/tables
present sys/firmware/acpi/tables/DMAR
present sys/firmware/acpi/tables/IVRS
dir sys/firmware/efi
dir sys/firmware/efi/efivars
copy sys/firmware/efi/efivars/SecureBoot-8be5f19a-75f8-4d1c-9ac3-fcf43d9d1a2c
copy sys/firmware/efi/vars/SecureBoot-8be5f19a-75f8-4d1c-9ac3-fcf43d9d1a2c/data
dir sys/class/tpm
for tpm in /sys/class/tpm/tpm*; do
    [ -e "$tpm" ] || continue
    name=${tpm##*/}
    case $name in tpm[0-9]*) ;; *) continue ;; esac
    mkdir -p "$stage/sys/class/tpm/$name/device"
    [ -f "$tpm/tpm_version_major" ] && head -c 64 "$tpm/tpm_version_major" \
        >"$stage/sys/class/tpm/$name/tpm_version_major" 2>/dev/null || true
    [ -f "$tpm/device/caps" ] && head -c 4096 "$tpm/device/caps" \
        >"$stage/sys/class/tpm/$name/device/caps" 2>/dev/null || true
done
copy sys/class/dmi/id/bios_version
copy sys/class/dmi/id/product_name

# memory blocks (names only) and CPU topology
copy sys/devices/system/memory/block_size_bytes
for block in /sys/devices/system/memory/memory*; do
    [ -d "$block" ] && dir "${block#/}"
done
dir sys/devices/system/cpu
for cpu in /sys/devices/system/cpu/cpu[0-9]*; do
    [ -d "$cpu/topology" ] || continue
    for f in core_cpus_list thread_siblings_list physical_package_id; do
        copy "${cpu#/}/topology/$f"
    done
done

# KVM: the modules' parameters and the device nodes' existence
for module in kvm kvm_intel kvm_amd; do
    dir "sys/module/$module"
    for param in /sys/module/$module/parameters/*; do
        [ -f "$param" ] && copy "${param#/}"
    done
done
dir sys/class/misc
for node in kvm tun vhost-net; do
    dir "sys/class/misc/$node"
done

tmp="$out.tmp.$$"
(cd "$stage" && tar -cf - -- *) | gzip -n >"$tmp"
mv -f "$tmp" "$out"
echo "capture-host.sh: wrote $out ($(wc -c <"$out") bytes); import it with: hvcheck import sysfs $out" >&2
