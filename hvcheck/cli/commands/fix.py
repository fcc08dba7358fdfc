"""``hvcheck fix``: list, preview (``--diff``) or apply (``--fix``) the automatic fixes of findings.

Each file is checked with the settings ``hvcheck check`` would use for it; the fixes of its
findings (:mod:`hvcheck.fixes`) are applied to its text, and it is checked again, until nothing
more can be fixed. Only the edited values change: comments, key order, quoting and layout stay as
they were. Unsafe fixes (those that state something new about the host) need ``--unsafe-fixes``.
Files are written atomically, and a file that changed since hvcheck read it is left alone.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from hvcheck.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Exit, err, fail, print_findings
from hvcheck.cli.spec import LIMIT_NAMES, LIMITS, SELECTION, Command, argument, option

if TYPE_CHECKING:
    from hvcheck.api import FileFix

PARAMS = (
    argument(
        "paths",
        kind="many",
        metavar="PATH",
        required=False,
        default=(),
        help="Host files or directories (default: the current directory).",
    ),
    option(
        "diff", "--diff", kind="flag", help="Print the changes as a unified diff; write nothing."
    ),
    option("fix", "--fix", kind="flag", help="Apply the fixes to the files (atomically)."),
    option(
        "unsafe_fixes",
        "--unsafe-fixes",
        kind="flag",
        help="Also apply unsafe fixes: those that state something new about the host (a "
        "different device model, integration software installed).",
    ),
    *SELECTION,
    *LIMITS,
)


def run(values: dict[str, Any]) -> int:
    from hvcheck.api import CatalogError, CheckRequest, CommandLine, ConfigError, fix

    if values["diff"] and values["fix"]:
        raise fail("--diff shows the changes and --fix writes them; give one of them")
    paths = list(values["paths"]) or ["."]
    if "-" in paths:
        raise fail("hvcheck fix edits files; standard input (-) cannot be fixed in place")
    limits = {k: values[k] for k in LIMIT_NAMES if values.get(k) is not None}
    cli = CommandLine(
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        catalogs=tuple(values["catalog"]),
        limits=limits,
        config=values["config"],
    )
    request = CheckRequest(paths, cli, jobs=1)
    try:
        done = fix(request, unsafe=bool(values["unsafe_fixes"]))
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration; nothing was fixed") from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was fixed") from None
    for error in done.errors:
        err(f"error: {error}")
    mode = "fix" if values["fix"] else "diff" if values["diff"] else "list"
    code = _report(done.files, mode)
    return EXIT_USAGE if done.errors else code


def _report(results: list[FileFix], mode: str) -> int:
    from hvcheck.escape import clean

    applied = sum(len(r.applied) for r in results)
    changed = [r for r in results if r.changed]
    unsafe = sum(len(r.unsafe) for r in results)
    left_alone = 0
    for r in results:
        if r.refused:
            err(f"{r.file}: left alone: {r.refused}")
        for problem in r.problems:
            err(problem)
    if mode == "list":
        for r in results:
            for item in r.applied:
                _line(item, "safe" if item.fix.safe else "unsafe")
            for item in r.unsafe:
                _line(item, "unsafe")
    elif mode == "diff":
        import difflib

        for r in changed:
            diff = difflib.unified_diff(
                r.original.splitlines(keepends=True),
                r.fixed.splitlines(keepends=True),
                f"a/{os.path.normpath(r.file)}",
                f"b/{os.path.normpath(r.file)}",
            )
            for line in diff:
                sys.stdout.write(clean(line.rstrip("\r\n")) + "\n")
        sys.stdout.flush()
    else:
        left_alone = _write(changed)
    files = len(changed) - left_alone
    noun = "finding" if applied == 1 else "findings"
    where = f"in {files} file{'s' if files != 1 else ''}"
    if mode == "fix":
        summary = f"Fixed {applied} {noun} {where}." if applied else "Nothing to fix."
    elif applied:
        summary = f"{applied} {noun} can be fixed {where}"
        summary += (
            " (hvcheck fix --fix applies the fixes)."
            if mode == "diff"
            else "; hvcheck fix --diff shows the changes, --fix applies them."
        )
    else:
        summary = "Nothing to fix."
    if unsafe:
        summary += (
            f" {unsafe} more {'finding has' if unsafe == 1 else 'findings have'} only an unsafe "
            "fix, which states something new about the host (--unsafe-fixes)."
        )
    err(summary)
    if left_alone or any(r.refused for r in results):
        return EXIT_FINDINGS
    if mode != "fix" and applied:
        return EXIT_FINDINGS
    return EXIT_OK


def _line(item: Any, kind: str) -> None:
    from hvcheck.escape import clean

    f = item.finding
    sys.stdout.write(
        clean(f"{f.file}:{f.span.line}:{f.span.column}: {f.code} [{kind}] {item.fix.title}") + "\n"
    )


def _write(changed: list[FileFix]) -> int:
    """Write each fixed file; the number left alone (each one said why)."""
    from hvcheck.api import write_fixed

    left = 0
    for r in changed:
        why = write_fixed(r)
        if why is not None:
            err(f"{r.file}: left alone: {why}")
            left += 1
    return left


COMMAND = Command(
    "fix",
    "Fix findings automatically: list the fixes, preview them (--diff) or apply them (--fix).",
    PARAMS,
    run,
    epilog="Exit codes: 0 nothing to fix (or, with --fix, everything fixable was fixed); 1 fixes "
    "to apply (without --fix), or a file left alone; 2 usage errors, unreadable paths, invalid "
    "configuration or catalogs.",
)

__all__ = ["COMMAND", "Exit"]
