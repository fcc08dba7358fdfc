"""Finding the files to check under the paths a user names."""

from __future__ import annotations

import os
from collections.abc import Iterable

YAML_SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """YAML files under ``paths`` in a stable order, plus errors for paths that cannot be used.

    Directories are walked recursively without following symbolic links, skipping hidden entries.
    A file named explicitly is checked whatever its suffix.
    """
    files: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        if not os.path.lexists(raw):
            errors.append(f"{raw}: no such file or directory")
            continue
        if os.path.isdir(raw):
            found: list[str] = []
            for root, dirs, names in os.walk(raw, followlinks=False, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                        continue
                    full = os.path.join(root, name)
                    if os.path.islink(full):
                        continue
                    found.append(full)
            for full in sorted(found):
                if full not in seen:
                    seen.add(full)
                    files.append(full)
        elif raw not in seen:
            seen.add(raw)
            files.append(raw)
    return files, errors
