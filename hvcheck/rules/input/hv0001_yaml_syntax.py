"""HV0001 yaml-syntax: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import YAML_SYNTAX
from hvcheck.rules.base import ALL, Rule


class YamlSyntax(Rule):
    """Write well-formed YAML 1.2.

    Why: a file that does not parse cannot be checked at all. The finding points at the line and
    column where the parser gave up, and says what it expected. Tabs used for indentation,
    unclosed brackets or quotes, undefined aliases, duplicate anchors and `%YAML 1.1` directives
    all land here; hvcheck reads YAML 1.2 only, so `no` stays a string and `0777` is decimal.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: broken
    spec:
      hypervisor: {product: esxi}
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

    code = YAML_SYNTAX.code
    name = YAML_SYNTAX.name
    default_severity = YAML_SYNTAX.severity
    architectures = (ALL,)
    input_check = True
