"""The index a running engine serves, switched to a new generation between questions.

Embedded: the pointer file's identity is compared before each question (one stat). Server:
the server's pointer is read at most every SERVER_POLL seconds. A question whose store call
fails (its generation was just removed) makes the engine look again and retry once.
"""

from __future__ import annotations

import logging
import threading
import time

from index import generations, live
from index.build import IndexConfig
from index.embed import Embedder
from index.errors import IndexError_, StoreUnavailableError
from index.live import Live
from index.loader import load, open_live
from index.remote import ServerMeta
from index.search import CorpusIndex

log = logging.getLogger(__name__)

SERVER_POLL = 1.0


class LiveIndex:
    """Holds the loaded generation; `current()` switches when a newer one went live."""

    def __init__(self, config: IndexConfig, embedder: Embedder, index: CorpusIndex,
                 current: Live, meta: ServerMeta | None, stamp: generations.Stamp) -> None:
        self.config = config
        self.embedder = embedder
        self.index = index
        self.live = current
        self._meta = meta
        self._stamp = stamp
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, config: IndexConfig, embedder: Embedder, *, progress: bool = True,
             search: bool = True) -> LiveIndex:
        """Open (building when needed) and watch the live generation (`search`: see `load`)."""
        stamp = generations.pointer_stamp(config.path)
        index, current = open_live(config, embedder, progress=progress, search=search)
        return cls(config, embedder, index, current, live.connect(config.store), stamp)

    def current(self) -> CorpusIndex:
        """The index to answer the next question from (switching first when needed)."""
        if self._changed():
            self._switch()
        return self.index

    def switch_now(self) -> bool:
        """Switch at once when another generation is live (after a build); True if switched."""
        return self._switch()

    def recover(self) -> bool:
        """After a store failure: switch when another generation is live; True if switched."""
        return self._switch()

    def _changed(self) -> bool:
        if self._meta is None:
            return generations.pointer_stamp(self.config.path) != self._stamp
        now = time.monotonic()
        if now - self._checked < SERVER_POLL:
            return False
        self._checked = now
        try:
            pointer = self._meta.pointer()
        except StoreUnavailableError:
            return False  # keep serving; the question reports the server itself
        return pointer is not None and pointer.collection != self.live.collection

    def _switch(self) -> bool:
        with self._lock:
            stamp = generations.pointer_stamp(self.config.path)
            try:
                found = live.resolve(self.config.store, self._meta)
                if found is not None and found == self.live:
                    self._stamp = stamp
                    return False
                if found is None:  # server moved on to articles this folder lacks
                    index, found = open_live(self.config, self.embedder, progress=False)
                else:
                    index = load(self.config, found, self.embedder)
            except (IndexError_, OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("could not switch to the new index generation (%s): "
                            "serving the previous one", exc)
                self._stamp = stamp  # tried once per pointer change, not once per question
                return False
            self.index, self.live, self._stamp = index, found, stamp
            log.info("switched to index generation %s", found.generation)
            return True
