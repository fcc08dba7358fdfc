"""Resource limits applied while reading and parsing untrusted YAML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input file may cost. Reaching one is a finding (HV0006), never a crash.

    The defaults leave a wide margin over real host descriptions (a host with 1,000 virtual
    machines is about 750 KiB, 86,000 nodes and 8 levels deep) while stopping alias bombs,
    merge-key chains, deep nesting and node floods early: any input within the defaults is read
    in well under two seconds and 200 MB. ``docs/hostile-input.md`` lists what each limit stops.
    """

    max_file_bytes: int = 4 * 1024 * 1024
    """Files larger than this are not parsed."""
    max_depth: int = 64
    """Deepest nesting of mappings and sequences."""
    max_aliases: int = 1_000
    """Alias (``*name``) uses per document."""
    max_nodes: int = 200_000
    """Nodes per document, counting every node an alias or merge key expands to."""
    max_scalar_chars: int = 65_536
    """Longest single scalar (string) value."""
    max_number_chars: int = 40
    """Longest integer or float literal."""
    max_documents: int = 1_000
    """YAML documents (``---``) per file."""
    max_problems: int = 100
    """Duplicate or complex keys reported per file before reading stops."""
