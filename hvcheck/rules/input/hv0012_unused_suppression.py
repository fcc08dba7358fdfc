"""HV0012 unused-suppression: documentation of a suppression check."""

from __future__ import annotations

from hvcheck.findings import UNUSED_SUPPRESSION
from hvcheck.rules.base import ALL, Rule


class UnusedSuppression(Rule):
    """Remove suppressions that no longer match any finding.

    Why: once the problem a suppression silenced is fixed, the suppression only hides the next,
    different problem of the same rule on that line or in that partition. Like ruff's RUF100,
    hvcheck reports suppressions that matched nothing in this run.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}  # hvcheck: ignore[HV3001] driver ships with the next image
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}
      drivers:
        - {name: i40en, kind: native, location: hypervisor, drives: [nic0]}
    ```
    """

    code = UNUSED_SUPPRESSION.code
    name = UNUSED_SUPPRESSION.name
    default_severity = UNUSED_SUPPRESSION.severity
    architectures = (ALL,)
    input_check = True
