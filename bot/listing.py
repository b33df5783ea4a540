"""The whole-corpus disagreement listing, computed once per loaded index."""

from __future__ import annotations

import logging
import threading
import weakref

from bot.disagreements import grouped
from bot.models import Disagreement
from index.search import CorpusIndex

log = logging.getLogger(__name__)

_CACHE: weakref.WeakKeyDictionary[CorpusIndex, tuple[Disagreement, ...]] = (
    weakref.WeakKeyDictionary()
)
_LOCKS: weakref.WeakKeyDictionary[CorpusIndex, threading.Lock] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def all_disagreements(index: CorpusIndex) -> list[Disagreement]:
    """Every conflict of the index, grouped, most confident first (cached per index object)."""
    with _GUARD:
        lock = _LOCKS.setdefault(index, threading.Lock())
    with lock:  # a caller arriving during a precompute waits for its result
        found = _CACHE.get(index)
        if found is None:
            found = _CACHE[index] = tuple(grouped(index, index.conflicts))
            log.debug("%d disagreement groups", len(found))
    return list(found)
