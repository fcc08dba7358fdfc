"""HV0003 unknown-key: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import UNKNOWN_KEY
from hvcheck.rules.base import ALL, Rule


class UnknownKey(Rule):
    """Use only the keys the host format defines.

    Why: a misspelt key (`architectur`, `drvers`) would otherwise be ignored, and the fact it
    meant to state would silently go unchecked. The finding points at the key and suggests the
    closest valid key. `hvcheck schema` prints every key with its description.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      drvers: []
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```
    """

    code = UNKNOWN_KEY.code
    name = UNKNOWN_KEY.name
    default_severity = UNKNOWN_KEY.severity
    architectures = (ALL,)
    input_check = True
