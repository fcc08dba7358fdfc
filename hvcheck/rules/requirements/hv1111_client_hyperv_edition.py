"""HV1111 client-hyperv-edition."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.catalog.releases import ReleaseMatch, Requirements, edition_in_name, edition_matches
from hvcheck.catalog.versions import normalize_name
from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Unknown, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.requirements._common import RequirementRule, UnstatedFact


class ClientHypervEdition(RequirementRule):
    """Run client Hyper-V only on a Windows edition that includes it (Pro, Enterprise, Education).

    Why: "The Hyper-V role can be enabled on these versions of Windows 10: Enterprise, Professional,
    Education"; it "cannot be installed on Windows 10 Home, Mobile, Mobile Enterprise" (Windows 10
    Hyper-V system requirements); Windows 11 Hyper-V needs Professional or Enterprise (System
    requirements for Hyper-V). On client Hyper-V the parent partition runs the desktop Windows, so its
    `os.edition` (or an edition written in `os.name`, e.g. "Windows 11 Pro") is checked against the
    release catalog (`client_editions`, `excluded_editions`). An edition the catalog lists in neither
    is reported as unknown (info).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: laptop}
    spec:
      hypervisor: {product: hyperv-client, version: "11"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows 11, edition: Home, arch: x64}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: workstation}
    spec:
      hypervisor: {product: hyperv-client, version: "11"}
      partitions:
        - id: root
          role: parent
          os: {family: windows, name: Windows 11 Pro, arch: x64}
    ```

    Unstated (the edition is not stated):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: edition-unstated}
    spec:
      hypervisor: {product: hyperv-client, version: "11"}
      partitions:
      - id: root
        role: parent
        os: {family: windows, name: Windows 11, arch: x64}
    ```
    """

    code = "HV1111"
    name = "client-hyperv-edition"
    default_severity = Severity.ERROR
    architectures = (ALL,)
    products = ("hyperv-client",)
    sources = ("ms-client-hyperv-requirements", "ms-hyperv-system-requirements")

    def assess(
        self, ctx: HostContext, match: ReleaseMatch, reqs: Requirements
    ) -> Iterator[Violation | UnstatedFact]:
        allowed: list[str] | None = reqs.get("client_editions")
        if not allowed:
            return
        excluded: list[str] = reqs.get("excluded_editions") or []
        known = [*allowed, *excluded]
        names = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        for at, part in ctx.partitions("parent"):
            os = part.os
            if os is None:
                continue  # HV4003 asks for the parent's OS
            if os.edition is not None:
                path, stated = at / "os" / "edition", os.edition
                edition = edition_matches(os.edition, known)
            else:
                path, stated = at / "os" / "name", os.name
                edition = edition_in_name(os.name, known)
                if edition is None:
                    yield UnstatedFact(
                        at / "os" / "edition",
                        f"the Windows edition of parent partition '{part.id}': {names}",
                    )
                    continue
            if edition is None:
                yield Unknown(
                    path,
                    f"the release catalog does not know whether Windows edition '{stated}' "
                    f"includes {reqs.label} (known: {names}), so this is unknown; state a known "
                    "edition or add it with --catalog",
                )
            elif normalize_name(edition) in {normalize_name(e) for e in excluded}:
                yield Violation(
                    path,
                    f"{reqs.label} cannot be installed on Windows {edition}; it needs the "
                    f"{names} edition",
                )
