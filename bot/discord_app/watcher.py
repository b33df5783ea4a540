"""Watch the corpus folder from a running bot and refresh the index when it changes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.errors import RefreshError
from index.refresh import RefreshReport, Stamp, corpus_stamp

log = logging.getLogger(__name__)


class CorpusWatcher:
    """Checks the corpus every `interval` seconds; a change seen twice in a row is refreshed.

    Waiting for the same stamp twice lets a file being copied finish before it is indexed.
    A failed refresh (a broken new file) is logged and retried only after the next change;
    `on_failure` (the admins' channel) hears of each distinct failure once, until a refresh
    succeeds again.
    """

    def __init__(self, corpus: Path, interval: float,
                 refresh: Callable[[], Awaitable[RefreshReport]],
                 on_failure: Callable[[RefreshError], Awaitable[object]] | None = None) -> None:
        self.corpus = corpus
        self.interval = interval
        self._refresh = refresh
        self._on_failure = on_failure
        self._seen: Stamp | None = None
        self._pending: Stamp | None = None
        self._failure: str | None = None  # the last failure reported

    async def start(self) -> None:
        """Remember the corpus as it is now (the index was just loaded from it)."""
        self._seen = await asyncio.to_thread(corpus_stamp, self.corpus)

    async def check(self) -> RefreshReport | None:
        """One check: refresh when a change has settled; the report, or None."""
        stamp = await asyncio.to_thread(corpus_stamp, self.corpus)
        if stamp == self._seen:
            self._pending = None
            return None
        if stamp != self._pending:
            self._pending = stamp  # changed since the last check: wait until it settles
            return None
        self._seen, self._pending = stamp, None
        log.info("the corpus folder changed: refreshing the index")
        try:
            report = await self._refresh()
        except RefreshError as exc:
            log.error("%s (the previous index keeps serving; fix the file to retry)", exc)
            await self._report(exc)
            return None
        self._failure = None
        return report

    async def _report(self, error: RefreshError) -> None:
        """Tell `on_failure` of a failure unless it was the one reported last."""
        if self._on_failure is None or str(error) == self._failure:
            return
        self._failure = str(error)
        await self._on_failure(error)

    async def run(self) -> None:
        """Check forever, every `interval` seconds (cancel the task to stop)."""
        if self._seen is None:
            await self.start()
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:
                log.exception("corpus check failed; checking again later")
