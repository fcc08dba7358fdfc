"""HV0008 empty-input: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import EMPTY_INPUT
from hvcheck.rules.base import ALL, Rule


class EmptyInput(Rule):
    """Put at least one document in every host file.

    Why: an empty file, a file with only comments, or an empty `---` document describes nothing;
    usually a file was truncated or committed by mistake.

    Fail:

    ```yaml
    # nothing here yet
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

    code = EMPTY_INPUT.code
    name = EMPTY_INPUT.name
    default_severity = EMPTY_INPUT.severity
    architectures = (ALL,)
    input_check = True
