"""HV0005 missing-field: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import MISSING_FIELD
from hvcheck.rules.base import ALL, Rule


class MissingField(Rule):
    """Give every object the keys it requires.

    Why: a device without a class or a driver without a location cannot be reasoned about. The
    finding points at the mapping that lacks the key.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {version: "8.0"}
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

    code = MISSING_FIELD.code
    name = MISSING_FIELD.name
    default_severity = MISSING_FIELD.severity
    architectures = (ALL,)
    input_check = True
