"""The loaded index and hybrid search: dense (chroma) and lexical (BM25), fused by RRF."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from index.article import Article
from index.conflicts import Conflict
from index.embed import Embedder
from index.lexical import LexicalIndex, term_set, terms, words
from index.passages import Passage
from index.sentences import Sentence
from index.store import VectorStore

log = logging.getLogger(__name__)

RRF_K = 60  # the constant from Cormack et al. (2009); rankings are short, so it barely matters


class SearchMode(StrEnum):
    """Which retrievers rank the passages."""

    DENSE = "dense"
    LEXICAL = "bm25"
    FUSED = "fused"


@dataclass(frozen=True)
class PassageHit:
    """A passage found for a question, with its fused score and per-retriever ranks."""

    passage: Passage
    score: float
    dense_rank: int | None
    lexical_rank: int | None
    similarity: float | None


def rrf(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the rankings an id appears in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


@dataclass(frozen=True)
class Vocabulary:
    """BM25 over the passages and the corpus's word and term document frequencies."""

    lexical: LexicalIndex
    word_df: Counter[str]
    term_df: Counter[str]


def vocabulary(articles: Iterable[Article], passages: list[Passage]) -> Vocabulary:
    """Build BM25 and the frequencies the vocabulary checks (abstention) use."""
    lexical = LexicalIndex([p.search_text for p in passages])
    word_df: Counter[str] = Counter()
    term_df: Counter[str] = Counter()
    for article in articles:  # each article tokenised once, only its distinct words stemmed
        distinct = set(words(article.clean_text))
        word_df.update(distinct)
        term_df.update(term_set(distinct))
    return Vocabulary(lexical, word_df, term_df)


class CorpusIndex:
    """Articles, sentence vectors, BM25 and the vector store, loaded once per process.

    BM25 and the vocabulary are built on first use, and the vector store may be given as a
    function that opens it on first use: commands that never search do not pay for them.
    """

    def __init__(
        self,
        articles: list[Article],
        sentence_vectors: np.ndarray,
        store: VectorStore | Callable[[], VectorStore],
        embedder: Embedder,
        conflicts: list[Conflict] | None = None,
    ) -> None:
        self.articles = {a.doc_id: a for a in articles}
        self.conflicts: list[Conflict] = list(conflicts or [])
        self.embedder = embedder
        self._store: VectorStore | None = None if callable(store) else store
        self._open_store = store if callable(store) else None
        self._vocabulary: Vocabulary | None = None
        self._lazy_lock = threading.Lock()
        self.sentences: list[Sentence] = [s for a in articles for s in a.sentences]
        self.sentence_vectors = sentence_vectors
        self._row = {(s.doc_id, s.index): i for i, s in enumerate(self.sentences)}
        self.passages: list[Passage] = [p for a in articles for p in a.passages]
        self._passage_by_id = {p.id: p for p in self.passages}
        self._sentence_terms: dict[tuple[str, int], frozenset[str]] = {}
        self._by_initial: dict[str, list[str]] | None = None
        self._conflicts_by_sentence: dict[tuple[str, int], list[tuple[int, Conflict]]] = {}
        for pos, c in enumerate(self.conflicts):
            for ref in c.sides:
                key = (ref.doc_id, ref.index)
                self._conflicts_by_sentence.setdefault(key, []).append((pos, c))

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def store(self) -> VectorStore:
        """The vector store (opened now when this is its first use)."""
        with self._lazy_lock:
            if self._store is None:
                log.debug("opening the vector store on first use")
                self._store = self._open_store()
            return self._store

    @property
    def vocabulary(self) -> Vocabulary:
        """BM25 and the document frequencies (built now when this is their first use)."""
        with self._lazy_lock:
            if self._vocabulary is None:
                log.debug("building BM25 and the vocabulary on first use")
                self._vocabulary = vocabulary(self.articles.values(), self.passages)
            return self._vocabulary

    @property
    def lexical(self) -> LexicalIndex:
        """BM25 over the passages."""
        return self.vocabulary.lexical

    @property
    def word_df(self) -> Counter[str]:
        """Number of articles each word appears in."""
        return self.vocabulary.word_df

    @property
    def term_df(self) -> Counter[str]:
        """Number of articles each stemmed term appears in."""
        return self.vocabulary.term_df

    def sentence_row(self, sentence: Sentence) -> int:
        """Row of a sentence's vector in `sentence_vectors`."""
        return self._row[(sentence.doc_id, sentence.index)]

    def sentence_vector(self, sentence: Sentence) -> np.ndarray:
        """The stored vector of one sentence."""
        return self.sentence_vectors[self.sentence_row(sentence)]

    def sentence_terms(self, sentence: Sentence) -> frozenset[str]:
        """The stemmed content terms of one sentence, computed once per process."""
        key = (sentence.doc_id, sentence.index)
        found = self._sentence_terms.get(key)
        if found is None:
            found = self._sentence_terms[key] = frozenset(terms(sentence.text))
        return found

    def words_like(self, word: str, max_len_diff: int = 3) -> list[str]:
        """Corpus words with the same first letter and a length within `max_len_diff`."""
        if self._by_initial is None:
            by_initial: dict[str, list[str]] = {}
            for w in self.word_df:
                by_initial.setdefault(w[:1], []).append(w)
            self._by_initial = by_initial
        return [
            v for v in self._by_initial.get(word[:1], ())
            if abs(len(v) - len(word)) <= max_len_diff
        ]

    def conflicts_touching(self, keys: Iterable) -> list[Conflict]:
        """Known conflicts with a side among these sentences, in `conflicts` order.

        Keys are (doc_id, index) tuples, SentenceRefs or Sentences; a sentence-to-conflicts
        map makes this independent of how many conflicts the corpus holds.
        """
        seen: dict[int, Conflict] = {}
        for key in keys:
            if hasattr(key, "doc_id"):  # a SentenceRef or a Sentence
                key = (key.doc_id, key.index)
            for pos, c in self._conflicts_by_sentence.get(key, ()):
                seen[pos] = c
        return [seen[pos] for pos in sorted(seen)]  # in `self.conflicts` order

    def passage_sentences(self, passage: Passage) -> tuple[Sentence, ...]:
        """The sentences a passage is made of."""
        article = self.articles[passage.doc_id]
        return article.sentences[passage.first_sentence : passage.last_sentence + 1]

    def encode_question(self, question: str) -> np.ndarray:
        """Embed one question."""
        return self.embedder.encode([question])[0]

    def search(
        self,
        question: str,
        vector: np.ndarray,
        *,
        k: int = 12,
        mode: SearchMode = SearchMode.FUSED,
        depth: int = 30,
    ) -> list[PassageHit]:
        """The best `k` passages; each retriever contributes its top `depth` to the fusion."""
        dense: list[str] = []
        similarity: dict[str, float] = {}
        if mode in (SearchMode.DENSE, SearchMode.FUSED):
            for hit in self.store.query(vector, depth, with_doc_ids=False):
                if hit.id in self._passage_by_id:  # ignore vectors the index does not know
                    dense.append(hit.id)
                    similarity[hit.id] = hit.similarity
        lexical: list[str] = []
        if mode in (SearchMode.LEXICAL, SearchMode.FUSED):
            lexical = [self.passages[i].id for i, _ in self.lexical.search(question, depth)]
        scores = rrf([r for r in (dense, lexical) if r])
        dense_rank = {pid: r for r, pid in enumerate(dense, 1)}
        lexical_rank = {pid: r for r, pid in enumerate(lexical, 1)}
        ranked = sorted(scores, key=lambda pid: (-scores[pid], pid))[:k]
        return [
            PassageHit(
                passage=self._passage_by_id[pid],
                score=scores[pid],
                dense_rank=dense_rank.get(pid),
                lexical_rank=lexical_rank.get(pid),
                similarity=similarity.get(pid),
            )
            for pid in ranked
        ]
