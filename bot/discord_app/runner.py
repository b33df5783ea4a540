"""The engine seen from the event loop: every call runs in a worker thread."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from bot.adding import AddReport
from bot.models import Answer, Disagreement, SourceInfo, Summary
from index.add_article import NewArticle
from index.refresh import RefreshReport

log = logging.getLogger(__name__)

T = TypeVar("T")

# Embedding a question is CPU work; a few at a time keeps latency fair on small machines.
DEFAULT_MAX_CONCURRENT = 4


class EngineLike(Protocol):
    """What the Discord layer needs from `bot.engine.Engine` (a seam for tests)."""

    def ask(self, question: str, earlier: str | None = None) -> Answer: ...

    def summary(self, source: str | None = None, topic: str | None = None) -> Summary: ...

    def disagreements(self) -> list[Disagreement]: ...

    def sources(self) -> list[SourceInfo]: ...

    def refresh(self) -> RefreshReport: ...

    def add_article(self, new: NewArticle) -> AddReport: ...


class AsyncEngine:
    """Runs the synchronous engine off the event loop, a bounded number of calls at once."""

    def __init__(self, engine: EngineLike, *, max_concurrent: int = DEFAULT_MAX_CONCURRENT) -> None:
        self.engine = engine
        self._slots = asyncio.Semaphore(max_concurrent)
        self._sources: tuple[SourceInfo, ...] | None = None

    async def _run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        async with self._slots:
            return await asyncio.to_thread(fn, *args, **kwargs)

    async def ask(self, question: str, earlier: str | None = None) -> Answer:
        """Answer one question, a follow-up to `earlier` when it cannot stand alone."""
        if earlier is None:
            return await self._run(self.engine.ask, question)
        return await self._run(self.engine.ask, question, earlier=earlier)

    async def summary(self, source: str | None = None, topic: str | None = None) -> Summary:
        """Overall, per-article or per-topic summary (UnknownSourceError for a bad source)."""
        return await self._run(self.engine.summary, source=source, topic=topic)

    async def disagreements(self) -> list[Disagreement]:
        """Every conflict found across the articles."""
        return await self._run(self.engine.disagreements)

    async def sources(self) -> tuple[SourceInfo, ...]:
        """The indexed articles; read once, and again after each refresh."""
        if self._sources is None:
            self._sources = tuple(await self._run(self.engine.sources))
        return self._sources

    async def refresh(self) -> RefreshReport:
        """Bring the index in line with the corpus (RefreshError when it cannot).

        Runs outside the question slots, so questions keep being answered meanwhile.
        """
        report = await asyncio.to_thread(self.engine.refresh)
        self._sources = None
        return report

    async def add_article(self, new: NewArticle) -> AddReport:
        """Write a new article into the corpus and index it (AddArticleError when refused)."""
        report = await asyncio.to_thread(self.engine.add_article, new)
        self._sources = None
        return report
