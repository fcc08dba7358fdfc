"""Run the pipeline over paths: discover files, check each (in workers where it pays), keep reports.

Files are checked one at a time and only their :class:`~hvcheck.results.FileReport` is kept (and
spilled to a temporary file beyond a budget, see :mod:`hvcheck.results`), so memory does not grow
with the text, models or graphs of earlier files, nor with their findings. With more than one job
they are checked by a pool of worker processes (:mod:`hvcheck.engine.parallel`); reports are
collected in file order, so the output is the same as with one job.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hvcheck.catalog import Catalog
from hvcheck.engine.discover import discover
from hvcheck.engine.files import Checker, Observer
from hvcheck.engine.options import Options
from hvcheck.engine.parallel import PlanItem, run_parallel, worker_count
from hvcheck.engine.stats import Statistics, no_statistics
from hvcheck.results import FileReport, RunResult

if TYPE_CHECKING:
    from hvcheck.engine.config import Resolver


def _collect(result: RunResult, outcome: FileReport | str, stats: Statistics) -> None:
    if isinstance(outcome, str):
        result.errors.append(outcome)
        return
    with stats.phase("store"):
        result.files.append(outcome)


def check_paths(
    paths: Iterable[str],
    catalog: Catalog,
    options: Options | None = None,
    *,
    jobs: int | None = 1,
    stats: Statistics | None = None,
) -> RunResult:
    """Check every YAML file under ``paths`` with one set of options and one catalog.

    ``jobs`` worker processes share the work (``None`` or 0: one per CPU); the result is the same.
    """
    options = options or Options()
    stats = stats or no_statistics()
    files, errors = discover(paths)
    result = RunResult(errors=errors, show_unknown=options.show_unknown)
    workers = worker_count(jobs, len(files))
    if workers > 1:
        plan = ((path, options, ()) for path in files)
        for outcome in run_parallel(plan, {(): catalog}, workers, stats, catalog):
            _collect(result, outcome, stats)
        return result
    checker = Checker(stats)
    for path in files:
        _collect(result, checker.check_file(path, options, catalog), stats)
    return result


def end_of_startup() -> None:
    """Give back the cyclic garbage collector that the command line paused while it started.

    Start-up (imports, catalogs) builds hundreds of thousands of objects that live until exit;
    collecting while they are built only walks them again and again (about a quarter of a one-file
    run). :func:`hvcheck.cli.main` pauses the collector; here, once the catalogs are loaded, what
    exists is frozen (never scanned again) and collection resumes, so a long run still collects
    what each file leaves behind. Nothing happens when the collector is running.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def check_configured(
    paths: Iterable[str],
    resolver: Resolver,
    *,
    jobs: int | None = None,
    stats: Statistics | None = None,
    observe: Observer | None = None,
) -> RunResult:
    """Check every YAML file under ``paths`` with the settings of its nearest configuration.

    Each distinct catalog list is loaded once in this process, which also validates it: an invalid
    catalog raises ``CatalogError`` before any report exists. With more than one job (``None`` or 0:
    one per CPU) and enough files, worker processes check the files; each keeps its own rule
    instances and catalogs (inherited from this process where the platform forks, otherwise loaded
    once per worker), and receives only (path, options, catalog paths) per file. ``observe`` sees
    each loaded file with its report, in this process (so in one job).
    """
    paths = list(paths)
    stats = stats or no_statistics()
    checker = Checker(stats, roots=resolver.roots, observe=observe)
    interned: dict[tuple[object, ...], Options] = {}

    def plan_for(path: str) -> PlanItem:
        with stats.phase("setup"):
            settings = resolver.settings_for(path)
            opts = settings.options()
            opts = interned.setdefault(opts.key(), opts)
            checker.catalog(settings.catalogs)  # load and validate each distinct list here, once
        return path, opts, settings.catalogs

    # The settings of the first path named are resolved (and its catalogs loaded) before anything
    # else, so that a broken configuration or catalog stops the run even when no file is found.
    _, first, _ = plan_for(paths[0] if paths else ".")
    end_of_startup()
    files, errors = discover(
        paths, roots=resolver.roots, follow_symlinks=resolver.cli.follow_symlinks
    )
    result = RunResult(errors=errors, show_unknown=first.show_unknown)
    workers = worker_count(1 if observe is not None else jobs, len(files))
    if workers > 1:
        checker.rules_for(first)  # import the rules once, here: forked workers inherit them
        plan = (plan_for(path) for path in files)
        for outcome in run_parallel(plan, checker.catalogs, workers, stats):
            _collect(result, outcome, stats)
        return result
    for path in files:
        _, opts, extra = plan_for(path)
        _collect(result, checker.check_file(path, opts, checker.catalog(extra)), stats)
    return result
