"""Read YAML files safely and turn them into plain data plus a source map.

The loader knows nothing about hosts: it yields Python dicts, lists and scalars with the position of every
key and value, and input problems (syntax, encoding, limits) as findings.
"""

from hvcheck.loader.limits import Limits
from hvcheck.loader.load import Document, LoadResult, load_bytes, load_file, load_text
from hvcheck.loader.sourcemap import SourceMap

__all__ = [
    "Document",
    "Limits",
    "LoadResult",
    "SourceMap",
    "load_bytes",
    "load_file",
    "load_text",
]
