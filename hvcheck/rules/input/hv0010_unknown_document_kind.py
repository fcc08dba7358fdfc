"""HV0010 unknown-kind: documentation of an input check."""

from __future__ import annotations

from hvcheck.findings import UNKNOWN_KIND
from hvcheck.rules.base import ALL, Rule


class UnknownDocumentKind(Rule):
    """Start every document with `apiVersion: hvcheck/v1` and a known `kind`.

    Why: the pair says which format a document follows, so that the format can evolve without
    old files being misread. Known kinds: `Host`, `Cluster`. hvcheck's own configuration
    (`.hvcheck.yaml`), well-known files of other tools (`.pre-commit-config.yaml`, files under
    `.github/`, `.gitlab-ci.yml`, ...) and documents of another format (`apiVersion: apps/v1`)
    are recognised and skipped. Any other YAML document with neither key is reported once as not
    an hvcheck document, since it may be a host that lost its header; `--ignore HV0010` (or
    `ignore: [HV0010]` in the configuration) skips such files when a directory mixes them in.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Hots
    metadata: {name: esx01}
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

    code = UNKNOWN_KIND.code
    name = UNKNOWN_KIND.name
    default_severity = UNKNOWN_KIND.severity
    architectures = (ALL,)
    input_check = True
