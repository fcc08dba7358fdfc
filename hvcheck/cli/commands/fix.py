"""``hvcheck fix``: list, preview (``--diff``) or apply (``--fix``) the automatic fixes of findings.

Each file is checked with the settings ``hvcheck check`` would use for it; the fixes of its
findings (:mod:`hvcheck.fixes`) are applied to its text, and it is checked again, until nothing
more can be fixed. Only the edited values change: comments, key order, quoting and layout stay as
they were. Unsafe fixes (those that state something new about the host) need ``--unsafe-fixes``.
Files are written atomically, and a file that changed since hvcheck read it is left alone.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any

from hvcheck.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Exit, err, fail, print_findings
from hvcheck.cli.spec import LIMIT_NAMES, LIMITS, SELECTION, Command, argument, option

_BOM = b"\xef\xbb\xbf"

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
    from hvcheck.api import CatalogError, CheckRequest, CommandLine, ConfigError

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
        results, errors = _fix_all(request, unsafe=bool(values["unsafe_fixes"]))
    except ConfigError as exc:
        print_findings(exc.findings)
        raise fail("invalid configuration; nothing was fixed") from None
    except CatalogError as exc:
        print_findings(exc.findings)
        raise fail("invalid catalog; nothing was fixed") from None
    for error in errors:
        err(f"error: {error}")
    mode = "fix" if values["fix"] else "diff" if values["diff"] else "list"
    code = _report(results, mode)
    return EXIT_USAGE if errors else code


def _fix_all(request: Any, *, unsafe: bool) -> tuple[list[tuple[Any, bytes]], list[str]]:
    """Each discovered file's :class:`~hvcheck.fixes.run.FileFix` and the bytes it was read as."""
    from hvcheck.api import check_text
    from hvcheck.engine.discover import discover
    from hvcheck.engine.files import Checker
    from hvcheck.engine.services import resolver_for
    from hvcheck.fixes.run import fix_text
    from hvcheck.loader.load import ReadError, read_file_bytes

    resolver = resolver_for(request)
    files, errors = discover(request.paths, roots=resolver.roots)
    checker = Checker(roots=resolver.roots)  # loads each catalog list once, through the cache
    out: list[tuple[Any, bytes]] = []
    for path in files:
        settings = resolver.settings_for(path)
        options = settings.options()
        catalog = checker.catalog(settings.catalogs)
        try:
            data = read_file_bytes(path, options.limits.max_file_bytes, resolver.roots or None)
        except ReadError as exc:
            errors.append(f"{path}: cannot read: {exc}")
            continue
        body = data[len(_BOM) :] if data.startswith(_BOM) else data
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = ""

        def check(
            current: str, path: str = path, options: Any = options, catalog: Any = catalog
        ) -> Any:
            return check_text(current, path, options=options, catalog=catalog).findings

        result = fix_text(text, path, check, catalog, options.limits, unsafe=unsafe)
        if not text and body:
            result.refused = "it is not UTF-8 text (HV0007); fix that first"
        out.append((result, data))
    return out, errors


def _report(results: list[tuple[Any, bytes]], mode: str) -> int:
    from hvcheck.escape import clean

    applied = sum(len(r.applied) for r, _ in results)
    changed = [(r, data) for r, data in results if r.changed]
    unsafe = sum(len(r.unsafe) for r, _ in results)
    left_alone = 0
    for r, _ in results:
        if r.refused:
            err(f"{r.file}: left alone: {r.refused}")
        for problem in r.problems:
            err(problem)
    if mode == "list":
        for r, _ in results:
            for item in r.applied:
                _line(item, "safe" if item.fix.safe else "unsafe")
            for item in r.unsafe:
                _line(item, "unsafe")
    elif mode == "diff":
        import difflib

        for r, _ in changed:
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
    if left_alone or any(r.refused for r, _ in results):
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


def _write(changed: list[tuple[Any, bytes]]) -> int:
    """Write each fixed file atomically, unless it changed since it was read; the number left."""
    from hvcheck.atomicio import WriteError, write_bytes_atomic

    left = 0
    for r, data in changed:
        try:
            with open(r.file, "rb") as handle:
                now = handle.read(len(data) + 1)
        except OSError as exc:
            err(f"{r.file}: left alone: cannot read it again: {exc.strerror}")
            left += 1
            continue
        if hashlib.sha256(now).digest() != hashlib.sha256(data).digest():
            err(f"{r.file}: left alone: it changed since hvcheck read it; run hvcheck fix again")
            left += 1
            continue
        bom = _BOM if data.startswith(_BOM) else b""
        try:
            write_bytes_atomic(r.file, bom + r.fixed.encode("utf-8"))
        except WriteError as exc:
            err(f"{r.file}: left alone: {exc}")
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
