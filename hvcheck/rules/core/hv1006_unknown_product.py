"""HV1006 unknown-product."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import ALL, Rule, Violation
from hvcheck.rules.context import HostContext


class UnknownProduct(Rule):
    """Name a hypervisor product the catalogs know.

    Why: every architecture rule depends on knowing the product. An unknown product is reported, never
    guessed; only the rules that apply to every host run for it. Add products with `--catalog`.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: mystery}
    spec:
      hypervisor: {product: hyperx, version: "1.0"}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: known}
    spec:
      hypervisor: {product: esxi, version: "8.0"}
    ```

    Unstated:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: release-unstated}
    spec:
      hypervisor: {product: hyperv}
    ```
    """

    code = "HV1006"
    name = "unknown-product"
    default_severity = Severity.ERROR
    architectures = (ALL,)

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        if ctx.product is not None:
            return
        name = ctx.spec.hypervisor.product
        known = ctx.catalog.product_ids()
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else f" (known: {', '.join(sorted(ctx.catalog.products))})"
        )
        yield Violation(
            ctx.at / "hypervisor" / "product", f"unknown hypervisor product '{name}'{hint}"
        )
