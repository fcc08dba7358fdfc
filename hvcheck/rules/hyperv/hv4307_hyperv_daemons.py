"""HV4307 hyperv-daemons."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules._messages import guest_label
from hvcheck.rules.base import MICROKERNEL, Rule, Unknown, Violation
from hvcheck.rules.context import HostContext


class HypervDaemons(Rule):
    """Install the user-space daemons that a Linux guest's KVP, VSS and file-copy services need.

    Why: with the integration services built into a Linux distribution, the kernel side of data exchange
    (KVP), backup (VSS) and guest file copy is there, but each needs a user-space daemon: hv_kvp_daemon,
    hv_vss_daemon and hv_fcopy_daemon (Hyper-V integration services). "For built-in LIS, the
    hyperv-daemons package must be installed for this functionality" (Supported CentOS and Red Hat
    Enterprise Linux virtual machines on Hyper-V, notes 4 and 12). Which service needs which daemon is in
    catalogs/hyperv-guests.yaml (`daemons`); the check applies to guests that state the service in
    `integration.services` and use built-in LIS (or do not state their integration kind).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: rhel-no-daemons}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: db
          role: child
          generation: 2
          os: {family: linux, name: RHEL, version: "8.6", arch: x64}
          integration: {present: true, kind: lis-builtin, services: [heartbeat, shutdown, timesync, kvp, vss], daemons: []}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: rhel-daemons}
    spec:
      hypervisor: {product: hyperv, version: "2019"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2019, arch: x64}
        - id: db
          role: child
          generation: 2
          os: {family: linux, name: RHEL, version: "8.6", arch: x64}
          integration:
            present: true
            kind: lis-builtin
            services: [heartbeat, shutdown, timesync, kvp, vss]
            daemons: [hv_kvp_daemon, hv_vss_daemon]
    ```

    Unstated (the daemons installed are not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: daemons-unstated}
    spec:
      hypervisor: {product: hyperv, version: "2022"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows Server 2022, arch: x64}
        - id: web
          role: child
          generation: 2
          os: {family: linux, name: Red Hat Enterprise Linux, version: "8.6", arch: x64}
          integration: {present: true, kind: lis-builtin, services: [heartbeat, shutdown, timesync, kvp, vss]}
    ```
    """

    code = "HV4307"
    name = "hyperv-daemons"
    default_severity = Severity.WARNING
    architectures = (MICROKERNEL,)
    traits = ("hyperv-vm",)
    sources = ("ms-hyperv-rhel", "ms-hyperv-integration-services")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        hv = ctx.catalog.hyperv
        pid = ctx.product_id
        for at, part in ctx.partitions("child"):
            integ = part.integration
            if part.os is None or integ is None or not integ.present or not integ.services:
                continue
            stated = "daemons" in integ.model_fields_set
            needed = hv.daemons_for(pid, part.os.family, integ.kind)
            installed = set(integ.daemons)
            kind = integ.kind or "the integration services built into the OS"
            for k, service in enumerate(integ.services):
                for req in needed:
                    if req.service != service or installed & {req.daemon, *req.aliases}:
                        continue
                    if not stated:
                        yield Unknown(
                            at / "integration" / "services" / k,
                            f"VM '{part.id}' ({guest_label(part)}, {kind}) uses the '{service}' "
                            f"integration service, which needs the {req.daemon} daemon (package "
                            f"{req.package}); whether it is installed is not stated "
                            "(integration.daemons)",
                        )
                        continue
                    yield Violation(
                        at / "integration" / "services" / k,
                        f"VM '{part.id}' ({guest_label(part)}, {kind}) uses the '{service}' "
                        f"integration service, which needs the {req.daemon} daemon (package "
                        f"{req.package}); integration.daemons does not list it",
                    )
