"""HV1101 unknown-release."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.release_lookup import releases_of
from hvcheck.catalog.releases import ReleaseMatch, Requirements
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class UnknownRelease(RequirementRule):
    """Name a product release the release catalog knows, so its host requirements can be checked.

    Why: host requirements change between releases: ESXi needs 4 GB of RAM up to 6.7 and 8 GB from
    7.0, NX/XD only from 5.1, a 32 GB boot disk from 7.0; Hyper-V needs SLAT from Windows Server 2016
    and only recommends it before. hvcheck looks `spec.hypervisor.version` up in the release catalog
    (catalogs/releases.yaml) and never guesses: a missing version, or one the catalog does not list,
    is reported as unknown (info) and only the requirements common to every release are checked. Only
    products whose requirements differ by release are reported. State the version, or add the release
    with `--catalog`.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-future}
    spec:
      hypervisor: {product: esxi, version: "10.0"}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx-known}
    spec:
      hypervisor: {product: esxi, version: "8.0 U2"}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-any-release}
    spec:
      hypervisor: {product: kvm}
      host_os: {family: linux, name: Ubuntu, version: "24.04", arch: x64}
    ```
    """

    code = "HV1101"
    name = "unknown-release"
    default_severity = Severity.INFO
    only_unknown = True
    architectures = (ALL,)
    sources = ("vmware-esxi-70-hw", "ms-hyperv-system-requirements")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        if match.status not in ("missing-version", "unknown-version") or ctx.product is None:
            return
        product = ctx.product
        ranged = [
            e
            for e in ctx.catalog.host_requirements.values()
            if e.product == product.id and (e.min_version or e.max_version)
        ]
        if not ranged:
            return  # the requirements are the same for every release
        known = ", ".join(r.version for r in releases_of(ctx.catalog, product.id))
        if match.status == "missing-version":
            yield Unknown(
                ctx.at / "hypervisor",
                f"the {product.name} release is not stated, so its release-specific host "
                f"requirements are unknown and not checked; add spec.hypervisor.version "
                f"(known releases: {known})",
                on="key",
            )
            return
        yield Unknown(
            ctx.at / "hypervisor" / "version",
            f"release '{ctx.spec.hypervisor.version}' of {product.name} is not in the release "
            f"catalog, so its host requirements are unknown and only those of every release are "
            f"checked (known releases: {known}); add it with --catalog",
        )
