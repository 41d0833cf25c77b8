"""A bounded memo: what hot paths remember per word or name, emptied when it fills up.

A dict (so that look-ups stay as fast as a dict's) that empties itself once it holds its
limit: an archive's vocabulary cannot grow it without end, and the forms in use now fill it
again. Used for what the extractor and the gazetteer compute per word form or per name.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Entries a memo holds at most unless told otherwise: a few megabytes each.
DEFAULT_LIMIT = 20_000


class Memo(dict[K, V]):
    """A dict that empties itself when an entry would take it past ``limit``."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: K, value: V) -> V:
        """Store ``value`` under ``key`` (emptying the memo first when it is full) and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
