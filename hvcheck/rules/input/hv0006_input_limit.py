"""HV0006 input-limit: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import INPUT_LIMIT
from hvcheck.rules.base import ALL, Rule


class InputLimit(Rule):
    """Keep files within the input limits.

    Why: hvcheck reads files from pull requests, so it bounds what one file may cost: its size,
    nesting depth, alias uses, the nodes aliases and merge keys expand to, and the length of one
    scalar or number. Reaching a limit is a finding at the place it was reached, not a crash or
    a hang. Limits can be raised on the command line (`--max-file-bytes`, `--max-depth`,
    `--max-aliases`, `--max-nodes`, `--max-scalar-chars`).

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
      cpu: {vendor: intel, arch: x86_64, cores: 12345678901234567890123456789012345678901234567890}
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

    code = INPUT_LIMIT.code
    name = INPUT_LIMIT.name
    default_severity = INPUT_LIMIT.severity
    architectures = (ALL,)
    input_check = True
