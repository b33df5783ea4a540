"""Adding one article to a running engine's corpus: write, index, report, or undo."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import CallbotError, RefreshError
from bot.models import Disagreement, SourceInfo
from index.add_article import NewArticle, add_article, remove_added
from index.errors import CorpusError
from index.refresh import RefreshReport

if TYPE_CHECKING:
    from bot.engine import Engine

log = logging.getLogger(__name__)


class AddArticleError(CallbotError):
    """The article was refused (and nothing was written) or could not be indexed (undone)."""


@dataclass(frozen=True)
class AddReport:
    """What adding an article did: the article as indexed, the refresh, its disagreements."""

    source: SourceInfo
    refresh: RefreshReport
    disagreements: tuple[Disagreement, ...]
    passages_before: int  # counted before writing: a background refresh may have run first
    passages: int


def add_to_corpus(engine: Engine, corpus: Path, new: NewArticle) -> AddReport:
    """Validate and write the article, refresh the index; undo the write if indexing fails."""
    before = sum(s.passages for s in engine.sources())
    try:
        added = add_article(corpus, new)
    except CorpusError as exc:
        raise AddArticleError(f"The article was not added: {exc}") from exc
    try:
        report = engine.refresh()
    except RefreshError as exc:
        remove_added(corpus, added)
        raise AddArticleError(f"The article was not added (it could not be indexed): "
                              f"{exc.__cause__ or exc}") from exc
    sources = engine.sources()
    source = next(s for s in sources if s.source.doc_id == added.doc_id)
    found = tuple(d for d in engine.disagreements()
                  if any(side.source.doc_id == added.doc_id for side in d.sides))
    return AddReport(source, report, found, before, sum(s.passages for s in sources))
