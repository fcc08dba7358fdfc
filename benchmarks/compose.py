"""The parse floor: compose every YAML file under the given paths with ruamel.yaml's C composer.

``YAML(typ='safe', pure=False).compose()`` per file, in one Python process, files read as bytes;
nothing is validated. ``benchmarks/run.py`` times this against ``hvcheck check`` on the same files.

Usage: ``python benchmarks/compose.py PATH...``
"""

from __future__ import annotations

import os
import sys


def yaml_files(paths: list[str]) -> list[str]:
    out: list[str] = []
    for raw in paths:
        if os.path.isdir(raw):
            for root, dirs, names in os.walk(raw):
                dirs.sort()
                out.extend(
                    os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml"))
                )
        else:
            out.append(raw)
    return out


def main() -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    nodes = 0
    for path in yaml_files(sys.argv[1:]):
        with open(path, "rb") as handle:
            node = yaml.compose(handle.read())
        nodes += node is not None
    print(f"composed {nodes} documents")


if __name__ == "__main__":
    main()
