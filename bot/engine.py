"""The core facade the adapters call: questions in, answer dataclasses out."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

from bot.adding import AddArticleError, AddReport, add_to_corpus
from bot.answer import AnswerSettings, answer_question
from bot.attribution import source_of
from bot.disagreements import conflicts_among, grouped
from bot.errors import RefreshError
from bot.followup import in_context, stands_alone
from bot.listing import all_disagreements
from bot.models import Answer, Disagreement, SourceInfo, Summary
from bot.questions import validate_question
from bot.settings import Settings
from index.add_article import NewArticle
from index.embed import Embedder, SentenceTransformerEmbedder
from index.errors import IndexError_, StoreUnavailableError
from index.refresh import Refresher, RefreshReport
from index.search import CorpusIndex, SearchMode
from index.sentences import Sentence
from index.storedir import MARKER
from index.watch import LiveIndex

log = logging.getLogger(__name__)


class Engine:
    """Owns the loaded index; every method is synchronous and thread-safe for reads.

    With a `live` index, a generation that went live since the last question (a rebuild by
    another process) is switched to before the next one; a question whose generation was
    removed while it was being answered is answered again from the new one.
    """

    def __init__(
        self,
        index: CorpusIndex,
        *,
        live: LiveIndex | None = None,
        max_question_chars: int = Settings.max_question_chars,
        answer_settings: AnswerSettings | None = None,
    ) -> None:
        self._fixed = index
        self.live = live
        self.max_question_chars = max_question_chars
        self.answer_settings = answer_settings or AnswerSettings()
        self._refresher = Refresher(live) if live else None
        self.precomputing: threading.Thread | None = None  # started by warm_up

    @property
    def index(self) -> CorpusIndex:
        """The index loaded now (no check for a newer generation)."""
        return self.live.index if self.live else self._fixed

    def _current(self) -> CorpusIndex:
        return self.live.current() if self.live else self._fixed

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        corpus: Path | None = None,
        store: Path | None = None,
        embedder: Embedder | None = None,
        progress: bool = True,
        search: bool = True,
    ) -> Engine:
        """Load the model and the index (building it when missing or stale).

        With `search` false (listing, disagreements, the overall summary) the model, the
        vector store and BM25 are not loaded now, only on first use if any.
        """
        config = settings.index_config(corpus, store)
        embedder = embedder or SentenceTransformerEmbedder(settings.embedding_model,
                                                         store=config.path,
                                                         encoder_dir=settings.encoder_dir)
        if search and (settings.encoder_dir or (config.path / MARKER).is_file()):
            _load_in_background(embedder)  # else: the model is exported after the build
        live = LiveIndex.open(config, embedder, progress=progress, search=search)
        return cls(live.index, live=live, max_question_chars=settings.max_question_chars)

    def warm_up(self) -> None:
        """Load the model and run one search now, so the first question is as fast as any.

        The overall summary and the disagreement listing (whole-corpus views, seconds on a
        large corpus) are then computed in a background thread; a request arriving first
        waits for that result instead of computing it again.
        """
        self.index.search("warm up", self.index.encode_question("warm up"), k=1)
        self.precomputing = threading.Thread(target=self._precompute, name="callbot-precompute",
                                             daemon=True)
        self.precomputing.start()

    def _precompute(self) -> None:
        try:
            self.summary()
            self.disagreements()
        except Exception as exc:  # the request itself raises it again, with its own reply
            log.warning("precomputing the summary and disagreements failed: %s", exc)

    def ask(self, question: str, mode: SearchMode = SearchMode.FUSED,
            earlier: str | None = None) -> Answer:
        """Answer one question; raises QuestionError for empty or over-long input.

        With `earlier` (the question a follow-up refers to), a question that cannot stand
        alone is searched together with it, and the answer says which question it follows.
        """
        text = validate_question(question, self.max_question_chars)
        if earlier and not stands_alone(text):
            searched = in_context(earlier, text, self.max_question_chars)
            answer = self._answer(searched, mode)
            return replace(answer, question=text, follows=earlier)
        return self._answer(text, mode)

    def _answer(self, text: str, mode: SearchMode) -> Answer:
        index = self._current()
        try:
            return answer_question(index, text, self.answer_settings, mode)
        except StoreUnavailableError:
            # Its generation was removed under it: answer again from the one now live, whether
            # this thread switches to it or a refresh in another thread already did.
            if self.live is None or not (self.live.recover() or self.live.index is not index):
                raise
            log.info("answering again from the generation that replaced the removed one")
            return answer_question(self.index, text, self.answer_settings, mode)

    def refresh(self) -> RefreshReport:
        """Bring the index in line with the corpus folder now; RefreshError when it cannot.

        Questions asked meanwhile are answered from the old generation; a broken corpus or a
        failed build leaves it serving.
        """
        if self._refresher is None:
            raise RefreshError("this index is not loaded from a corpus folder: nothing to refresh")
        try:
            return self._refresher.refresh()
        except (IndexError_, OSError) as exc:
            log.warning("refresh failed, the previous index keeps serving: %s", exc)
            raise RefreshError(f"The index was not refreshed: {exc}") from exc

    def add_article(self, new: NewArticle) -> AddReport:
        """Write a new article into the corpus folder and index it (AddArticleError if not)."""
        if self.live is None:
            raise AddArticleError("this index is not loaded from a corpus folder")
        return add_to_corpus(self, self.live.config.corpus, new)

    def summary(self, source: str | None = None, topic: str | None = None) -> Summary:
        """Overall, per-outlet (`source`) or per-topic summary; see `bot.summary`."""
        from bot.summary import summarize

        return summarize(self._current(), source=source, topic=topic,
                         disagreements_for=self.disagreements_among)

    def disagreements(self) -> list[Disagreement]:
        """Every conflict found across the articles, grouped, most confident first."""
        return all_disagreements(self._current())

    def disagreements_among(self, sentences: list[Sentence]) -> list[Disagreement]:
        """The known conflicts between these sentences (from different articles)."""
        return grouped(self.index, conflicts_among(self.index, sentences))

    def sources(self) -> list[SourceInfo]:
        """The articles in the index, in file order."""
        return [
            SourceInfo(source_of(a), passages=len(a.passages), sentences=len(a.sentences))
            for a in self._current().articles.values()
        ]


def _load_in_background(embedder: Embedder) -> None:
    """Start loading the model while the index opens (a failure is raised again on use)."""
    load = getattr(embedder, "load", None)
    if load is None:
        return

    def run() -> None:
        try:
            load()
        except Exception as exc:  # the first encode loads again and raises it
            log.debug("background model load failed: %s", exc)

    threading.Thread(target=run, name="callbot-model-load", daemon=True).start()
