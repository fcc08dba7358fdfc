"""The migration-planning matrix: each host against other products and releases, judged by ``check``.

A cell is the full rule set, with the file's settings (selection, severities, suppressions), run
on the host projected onto the target (:mod:`hvcheck.engine.projection`): the same engine and rules
as ``check``. So the cell of a host's own product and release is "blocked" exactly when ``check``
reports an error and "ok with warnings" exactly when its worst finding is a warning; on other
targets the cell also lists what the projection changed (device models, a parent partition) and
what the target cannot do. Facts the catalogs lack are unknown, and counted, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from hvcheck.catalog import Catalog
from hvcheck.engine.config import CommandLine
from hvcheck.engine.projection import Projection, project, same_release
from hvcheck.findings import Finding, Severity
from hvcheck.model import ParsedHost, is_cluster
from hvcheck.results.matrix import MatrixCell, MatrixData, Target


def parse_target(text: str, catalog: Catalog) -> Target:
    """``esxi:8.0`` or ``hyperv`` (every release); raise ValueError with a hint when unknown."""
    product, _, version = text.partition(":")
    found = catalog.product(product.strip())
    if found is None:
        known = ", ".join(sorted(catalog.products))
        raise ValueError(f"unknown product '{product}' in --target {text!r} (known: {known})")
    return Target(found.id, version.strip() or None)


def default_targets(catalog: Catalog, releases: Callable[[str], list[str]]) -> list[Target]:
    """Every product in the catalogs, at every release they list."""
    return expand_targets((Target(pid, None) for pid in sorted(catalog.products)), releases)


def expand_targets(targets: Iterable[Target], releases: Callable[[str], list[str]]) -> list[Target]:
    """A target without a release stands for every release of the product."""
    out: list[Target] = []
    for t in targets:
        if t.version is None and releases(t.product):
            out.extend(Target(t.product, v) for v in releases(t.product))
        else:
            out.append(t)
    return out


def build_matrix(
    paths: list[str], target_texts: list[str], command_line: CommandLine
) -> tuple[MatrixData, int]:
    """Every host under ``paths`` against the targets (default: every product and release):
    the matrix data, and how many documents were skipped for input errors."""
    from hvcheck.catalog.release_lookup import releases_of
    from hvcheck.engine.discover import discover
    from hvcheck.engine.files import Checker, check_loaded
    from hvcheck.engine.services import CheckRequest, resolver_for
    from hvcheck.loader import load_bytes
    from hvcheck.loader.load import ReadError, read_file_bytes

    resolver = resolver_for(CheckRequest(paths or ["."], command_line))
    checker = Checker(roots=resolver.roots)
    first = resolver.settings_for(paths[0] if paths else ".")
    catalog = checker.catalog(first.catalogs)

    def releases(product: str) -> list[str]:
        return [r.version for r in releases_of(catalog, product)]

    targets = (
        expand_targets([parse_target(t, catalog) for t in target_texts], releases)
        if target_texts
        else default_targets(catalog, releases)
    )
    files, errors = discover(
        paths or ["."], roots=resolver.roots, follow_symlinks=command_line.follow_symlinks
    )
    data = MatrixData(targets=targets, errors=errors)
    skipped = 0
    for path in files:
        settings = resolver.settings_for(path)
        options = settings.options()
        file_catalog = checker.catalog(settings.catalogs)
        rules = checker.rules_for(options)
        try:
            raw = read_file_bytes(path, options.limits.max_file_bytes, options.read_roots or None)
        except ReadError as exc:
            data.errors.append(f"{path}: cannot read: {exc}")
            continue
        loaded = load_bytes(raw, path, options.limits)
        documents = [d for d in loaded.documents if not is_cluster(d)]
        evaluated = 0
        for target in targets:
            projector = _Projector(target, file_catalog)
            report = check_loaded(loaded, file_catalog, rules, options, project=projector)
            projections = projector.seen
            evaluated = len(projections)
            for name, (found, current) in projections.items():
                data.cells.append(
                    _cell(name, path, target, file_catalog, found, current, report.findings)
                )
        skipped += max(len(documents), 1 if loaded.findings else 0) - evaluated
    return data, skipped


class _Projector:
    """Projects each host onto one target, remembering what it did (for the cells)."""

    def __init__(self, target: Target, catalog: Catalog) -> None:
        self.target = target
        self.catalog = catalog
        self.seen: dict[str, tuple[Projection, bool]] = {}

    def __call__(self, parsed: ParsedHost) -> ParsedHost:
        found = project(parsed, self.target, self.catalog)
        self.seen[parsed.name] = (found, same_release(parsed, self.target, self.catalog))
        return found.host


def _cell(
    host: str,
    path: str,
    target: Target,
    catalog: Catalog,
    found: Projection,
    current: bool,
    findings: list[Finding],
) -> MatrixCell:
    product = catalog.product(target.product)
    name = f"{product.name if product else target.product} {target.version or ''}".strip()
    cell = MatrixCell(
        host=host,
        file=path,
        target=target,
        target_name=name,
        current=current,
        changes=found.changes,
        blockers=found.blockers,
        devices=found.devices,
    )
    for f in findings:
        if f.host != host or f.suppressed is not None:
            continue
        if f.unknown:
            cell.unknown += 1
        elif f.severity == Severity.ERROR:
            cell.errors.append(f"{f.code} {f.message}")
        elif f.severity == Severity.WARNING:
            cell.warnings.append(f"{f.code} {f.message}")
    return cell
