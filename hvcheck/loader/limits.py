"""Resource limits applied while reading and parsing untrusted YAML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input file may cost. Reaching one is a finding (HV0006), never a crash.

    The defaults leave a wide margin over real host descriptions (a 2,000-partition host is about
    1 MiB and 8 levels deep) while stopping alias bombs, merge-key chains and deep nesting early.
    """

    max_file_bytes: int = 8 * 1024 * 1024
    """Files larger than this are not parsed."""
    max_depth: int = 64
    """Deepest nesting of mappings and sequences."""
    max_aliases: int = 1_000
    """Alias (``*name``) uses per document."""
    max_nodes: int = 2_000_000
    """Nodes per document, counting every node an alias or merge key expands to."""
    max_scalar_chars: int = 65_536
    """Longest single scalar (string) value."""
    max_number_chars: int = 40
    """Longest integer or float literal."""
