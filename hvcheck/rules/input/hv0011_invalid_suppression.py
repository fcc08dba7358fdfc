"""HV0011 invalid-suppression: documentation of a suppression check."""

from __future__ import annotations

from hvcheck.findings import INVALID_SUPPRESSION
from hvcheck.rules.base import ALL, Rule


class InvalidSuppression(Rule):
    """Give every suppression a known, suppressible rule and a reason.

    Why: a suppression is a decision someone made about a finding; the reason records it for the next
    reader and for audits. A suppression without a reason, one that names a rule hvcheck does not know
    (often a typo), or one that names a rule that cannot be suppressed (input checks such as syntax
    and schema errors) is reported and silences nothing.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}  # hvcheck: ignore[HV3001]
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      devices:
        - {id: nic0, class: network}  # hvcheck: ignore[HV3001] driver ships with the next image
        - {id: hba0, class: storage}
      drivers:
        - {name: lsi_mr3, kind: native, location: hypervisor, drives: [hba0]}
    ```
    """

    code = INVALID_SUPPRESSION.code
    name = INVALID_SUPPRESSION.name
    default_severity = INVALID_SUPPRESSION.severity
    architectures = (ALL,)
    input_check = True
