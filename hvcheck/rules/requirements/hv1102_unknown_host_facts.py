"""HV1102 unknown-host-facts."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact
from hvcheck.rules.requirements.hv1103_hardware_virtualization import HardwareVirtualization
from hvcheck.rules.requirements.hv1104_host_cpu_architecture import HostCpuArchitecture
from hvcheck.rules.requirements.hv1105_nx_xd_bit import NxXdBit
from hvcheck.rules.requirements.hv1106_second_level_address_translation import (
    SecondLevelAddressTranslation,
)
from hvcheck.rules.requirements.hv1107_host_memory import HostMemory
from hvcheck.rules.requirements.hv1108_host_cpu_cores import HostCpuCores
from hvcheck.rules.requirements.hv1109_boot_device import BootDevice
from hvcheck.rules.requirements.hv1110_host_network_adapter import HostNetworkAdapter
from hvcheck.rules.requirements.hv1111_client_hyperv_edition import ClientHypervEdition
from hvcheck.rules.requirements.hv1112_windows_11_guest import Windows11Guest
from hvcheck.rules.requirements.hv1113_device_assignment_iommu import DeviceAssignmentIommu
from hvcheck.rules.requirements.hv1114_kvm_host_setup import KvmHostSetup
from hvcheck.rules.requirements.hv1115_pvh_dom0 import PvhDom0
from hvcheck.rules.requirements.hv1305_host_cpu_instructions import HostCpuInstructions

CHECKED: tuple[type[RequirementRule], ...] = (
    HardwareVirtualization,
    HostCpuArchitecture,
    NxXdBit,
    SecondLevelAddressTranslation,
    HostMemory,
    HostCpuCores,
    BootDevice,
    HostNetworkAdapter,
    ClientHypervEdition,
    Windows11Guest,
    DeviceAssignmentIommu,
    KvmHostSetup,
    PvhDom0,
    HostCpuInstructions,
)


class UnknownHostFacts(RequirementRule):
    """State the host facts the release's requirements need, so they can be checked.

    Why: hvcheck checks a requirement only against what the host states, and never assumes a CPU
    feature is there. When the host describes a part (its CPU, boot device, KVM setup, a Windows 11
    guest) but leaves out a fact that one of the host-requirement rules (HV1103-HV1115, HV1305) needs, that
    requirement is unknown. Rather than one finding per fact, this rule lists them all in one info
    finding per host, at the first missing fact. Parts the host does not describe at all (no `cpu`, no
    `boot_device`, no `kvm`) are outside the description and are not listed.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-partial-cpu}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu: {vendor: intel, model: Intel Xeon Silver 4314, arch: x86_64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-full-cpu}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu:
        vendor: intel
        model: Intel Xeon Silver 4314
        arch: x86_64
        cores: 16
        features: {hw_virt: true, hw_virt_enabled: true, nx: true, nx_enabled: true}
    ```

    Unstated (the host leaves its CPU out entirely, which is out of scope):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: no-cpu}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
    ```
    """

    code = "HV1102"
    name = "unknown-host-facts"
    default_severity = Severity.INFO
    only_unknown = True
    architectures = (ALL,)

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        seen: dict[str, UnstatedFact] = {}
        for rule_class in CHECKED:
            rule = rule_class()
            if not rule.applies_to(ctx):
                continue
            for item in rule.outcomes(ctx):
                if isinstance(item, UnstatedFact) and item.name not in seen:
                    seen[item.name] = item
        if not seen:
            return
        listed = "; ".join(f"{u.name} ({u.what})" for u in seen.values())
        first = next(iter(seen.values()))
        count = len(seen)
        yield Unknown(
            first.fact,
            f"{count} host fact{'s' if count > 1 else ''} that the requirements of {reqs.label} "
            f"need {'are' if count > 1 else 'is'} not stated, so {'they are' if count > 1 else 'it is'} "
            f"unknown and not checked: {listed}",
            on="key",
        )
