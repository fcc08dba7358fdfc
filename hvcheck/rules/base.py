"""What a rule is: metadata as class attributes, documentation in the docstring, a pure ``check``.

A host rule receives a :class:`~hvcheck.rules.context.HostContext` (the validated model, its
networkx dependency graph, the catalogs) and yields :class:`Violation` objects that point at the
most specific :class:`~hvcheck.model.paths.Path`. The engine, not the rule, stamps the code, name,
severity and source position on each finding.

A rule reports a problem only from a stated fact or a catalog certainty that contradicts the host.
When a premise it needs is not stated (or the catalog has no answer), it yields :func:`Unknown`:
an *unknown* finding, which says what could not be checked and is never an error or a warning.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from hvcheck.findings import Severity, Span
from hvcheck.model.paths import Path

if TYPE_CHECKING:
    from hvcheck.rules.context import ClusterContext, HostContext

ALL = "all"
HYBRID = "hybrid-vmm"
MONOLITHIC = "type1-monolithic"
MICROKERNEL = "type1-microkernel"
HOSTED = "hosted-kernel"
ARCHITECTURES = (HYBRID, MONOLITHIC, MICROKERNEL, HOSTED)

_HEADING = re.compile(r"^(Fail|Pass|Unstated|Catalog)(:$| \()")
"""A docstring heading line: ``Fail:``, ``Pass:``, ``Unstated:``, ``Catalog (for the examples):``."""


@dataclass(frozen=True)
class Violation:
    """One thing a rule found: where (a logical path), why, and whether it is a problem or only an
    unknown (something that could not be checked).

    ``on`` says whether the finding points at the key or the value at ``path``. Cluster rules may
    point into a member's host file instead of the cluster file: they set ``file`` and ``span``
    (and ``host``) to the member's location.
    """

    path: Path | str
    message: str
    on: Literal["key", "value"] = "value"
    severity: Severity | None = None
    unknown: bool = False
    file: str | None = None
    span: Span | None = None
    host: str | None = None
    subject: str | None = None
    """With ``file``: the path by ids in that file (see :attr:`hvcheck.findings.Finding.subject`)."""


def Unknown(path: Path | str, message: str, *, on: Literal["key", "value"] = "value") -> Violation:
    """A finding that says what hvcheck could not check here (an unstated fact, a catalog gap)."""
    return Violation(path, message, on=on, severity=Severity.INFO, unknown=True)


class RuleBase:
    """Metadata and documentation every rule has, host rules and cluster rules alike."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity]
    architectures: ClassVar[tuple[str, ...]]
    """Architecture classes the rule applies to (``ALL`` for every one)."""
    traits: ClassVar[tuple[str, ...]] = ()
    """Product traits (``catalogs/products.yaml``) the host's product must have, e.g. ``vmbus``."""
    products: ClassVar[tuple[str, ...]] = ()
    """Product ids the rule is limited to, for facts of one product only (rare: prefer traits)."""
    sources: ClassVar[tuple[str, ...]] = ()
    only_unknown: ClassVar[bool] = False
    """True for rules whose every finding is an unknown (they say what could not be checked)."""
    input_check: ClassVar[bool] = False
    """True for checks the loader or validator perform; their module only documents them."""
    suppressible: ClassVar[bool] = True
    """False for rules no suppression may silence (input checks never can be)."""

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.doc() else ""

    @classmethod
    def examples(cls) -> dict[str, list[str]]:
        """The YAML blocks under the docstring's **Fail**, **Pass** and **Unstated** headings.

        *Unstated* examples leave the rule's premise unstated: the rule may say that it could not
        check something, but must report no problem.
        """
        out: dict[str, list[str]] = {"fail": [], "pass": [], "unstated": []}
        section = ""
        for part in re.split(r"(^```yaml\n.*?^```$)", cls.doc(), flags=re.S | re.M):
            if part.startswith("```yaml"):
                if section in out:
                    out[section].append(part[len("```yaml\n") : -3])
                continue
            for line in part.splitlines():
                if _HEADING.match(line.strip()):
                    section = line.strip().rstrip(":").split()[0].lower()
        return out


class Rule(RuleBase):
    """A rule over one host. Subclasses set the class attributes and implement ``check``."""

    def applies_to(self, ctx: HostContext) -> bool:
        if self.input_check:
            return False
        if ALL not in self.architectures and ctx.architecture not in self.architectures:
            return False
        if self.products and (ctx.product is None or ctx.product.id not in self.products):
            return False
        return all(ctx.has_trait(t) for t in self.traits)

    def check(self, ctx: HostContext) -> Iterable[Violation]:
        return ()


class ClusterRule(RuleBase):
    """A rule over a ``kind: Cluster`` document and its member hosts."""

    def check_cluster(self, ctx: ClusterContext) -> Iterable[Violation]:
        return ()
