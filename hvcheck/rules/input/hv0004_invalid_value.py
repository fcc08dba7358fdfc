"""HV0004 invalid-value: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import INVALID_VALUE
from hvcheck.rules.base import ALL, Rule


class InvalidValue(Rule):
    """Give every key a value of the type and form the host format requires.

    Why: hvcheck validates strictly: `"16"` is not a number, `yes` is not a boolean, and a PCI
    ID is four hex digits. Coercing values would re-introduce the surprises YAML 1.1 is known
    for. The finding points at the value and says what is expected; it never echoes long input.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu: {vendor: intel, arch: x86_64, cores: "16"}
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

    code = INVALID_VALUE.code
    name = INVALID_VALUE.name
    default_severity = INVALID_VALUE.severity
    architectures = (ALL,)
    input_check = True
