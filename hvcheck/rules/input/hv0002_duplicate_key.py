"""HV0002 duplicate-key: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import DUPLICATE_KEY
from hvcheck.rules.base import ALL, Rule


class DuplicateKey(Rule):
    """Write each key once per mapping.

    Why: YAML parsers disagree on duplicate keys: some keep the first value, some the last, some
    fail. A duplicated key usually hides a copy-and-paste mistake. hvcheck keeps the first
    value, reports the second, and names the line of the first.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      hypervisor: {product: hyperv, version: "2022"}
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

    code = DUPLICATE_KEY.code
    name = DUPLICATE_KEY.name
    default_severity = DUPLICATE_KEY.severity
    architectures = (ALL,)
    input_check = True
