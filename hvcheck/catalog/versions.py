"""How catalog and host files spell versions and names, made comparable.

The bottom of the catalog package: every other catalog module may import it, it imports none.
Every function is pure and called with the same few strings for every host, so each remembers
its answers (a bounded cache).
"""

from __future__ import annotations

import re
from functools import lru_cache

_TAG = {"r": "r", "sp": "sp", "u": "u", "update": "u"}


@lru_cache(maxsize=8192)
def version_key(text: str | None) -> tuple[int, ...]:
    """A comparable key for a release string.

    >>> version_key("7.0 U3"), version_key("2012 R2"), version_key(None)
    ((7, 0, 3), (2012, 2), ())
    """
    if not text:
        return ()
    return tuple(int(n) for n in re.findall(r"\d+", text)[:6])


@lru_cache(maxsize=8192)
def normalize_name(text: str) -> str:
    """Case, dashes, underscores and runs of spaces do not distinguish names.

    >>> normalize_name("Windows_Server  2022-Datacenter")
    'windows server 2022 datacenter'
    """
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


@lru_cache(maxsize=8192)
def tagged_key(text: str) -> tuple[tuple[str, int], ...]:
    """Numbers with the designation written before them, so that a service pack is not a release.

    >>> tagged_key("2008 R2 SP1")
    (('', 2008), ('r', 2), ('sp', 1))
    >>> tagged_key("8.0U2")
    (('', 8), ('', 0), ('u', 2))
    """
    return tuple(
        (_TAG.get(tag, ""), int(num))
        for tag, num in re.findall(r"([a-z]*)\s*(\d+)", text.casefold())[:8]
    )


@lru_cache(maxsize=8192)
def release_at_most(version: str, bound: str) -> bool:
    """A product release ``version`` <= ``bound``, where a bound covers its updates ("6.7 U3" <=
    "6.7", "4.17.3" <= "4.17") but not a release with its own letter ("2012 R2" is not <= "2012").

    >>> release_at_most("6.7 U3", "6.7"), release_at_most("2012 R2", "2012")
    (True, False)
    """
    have, top = tagged_key(version), tagged_key(bound)
    nums, limit = [n for _, n in have], [n for _, n in top]
    if nums[: len(limit)] != limit:
        return nums[: len(limit)] < limit
    extra = have[len(top) :]
    return not extra or extra[0][0] != "r"


@lru_cache(maxsize=8192)
def release_within(version: str, low: str | None, high: str | None) -> bool:
    """Whether the product release ``version`` lies in [low, high] (either bound may be open).

    >>> release_within("2012 R2", "2012 R2", None), release_within("8.0 U2", "7.0", "8.0")
    (True, True)
    """
    if low is not None and version_key(version) < version_key(low):
        return False
    return high is None or release_at_most(version, high)


def release_span(
    low: str | None, high: str | None, *, later: str = "from {}", every: str = "every release"
) -> str:
    """The releases from ``low`` to ``high`` in words: ``later`` names an open upper end, ``every``
    the span with neither bound.

    >>> release_span("2008", "2012"), release_span("4.15", "4.15"), release_span(None, "4.20")
    ('2008 to 2012', '4.15', 'up to 4.20')
    >>> release_span("2012 R2", None), release_span("8.0", None, later="{} and later")
    ('from 2012 R2', '8.0 and later')
    """
    if low and high:
        return low if low == high else f"{low} to {high}"
    if low:
        return later.format(low)
    if high:
        return f"up to {high}"
    return every
