"""HV0009 unsupported-tag: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import UNSUPPORTED_TAG
from hvcheck.rules.base import ALL, Rule


class UnsupportedTag(Rule):
    """Use plain YAML values, without custom or language-specific tags.

    Why: tags such as `!!python/object` ask a loader to construct objects, and local tags
    (`!Host`) mean something only to one program. hvcheck never constructs objects from input;
    it accepts the standard `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq`
    tags and reports any other.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: !!python/name:os.system esx01}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
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

    code = UNSUPPORTED_TAG.code
    name = UNSUPPORTED_TAG.name
    default_severity = UNSUPPORTED_TAG.severity
    architectures = (ALL,)
    input_check = True
