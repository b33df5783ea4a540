"""How well each sentence of the found passages answers the question: a few features per
sentence, weighed by a logistic model fitted on labelled questions (`bench/fit.py`, weights
in `bot/weights.json`).

Features of a sentence s for a question q:
- similarity: cosine of their embeddings;
- context: cosine of q with the mean of s and its neighbours (a "he said" sentence takes its
  meaning from the sentences around it);
- terms: the share of q's IDF-weighted content terms that s holds;
- typed: +1 when s holds what q asks for (a value that fills its slot: a count of the thing
  counted, a time, a duration; a place; a name; a quotation), -1 when it does not, 0 for an
  open question;
- gap: similarity minus the best similarity in the pool (how far behind the best it is);
- brief: 1 for a fragment of fewer than eight words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bot.analysis import Question
from bot.qtype import gives
from bot.slots import FOCUS_KINDS, slot_values
from bot.weights import sigmoid, weights
from index.search import CorpusIndex, PassageHit
from index.sentences import Sentence

SENTENCE_FEATURES = ("similarity", "context", "terms", "typed", "gap", "brief")


@dataclass(frozen=True)
class Candidate:
    """A sentence considered for the answer, with its features and relevance log-odds."""

    sentence: Sentence
    similarity: float
    terms: float
    logit: float

    @property
    def probability(self) -> float:
        """The fitted probability that this sentence answers the question."""
        return sigmoid(self.logit)


def idf(index: CorpusIndex, term: str) -> float:
    """Inverse document frequency of a stemmed term over the articles."""
    n = len(index.articles)
    return math.log(1 + (n + 1) / (index.term_df.get(term, 0) + 0.5))


def term_weights(index: CorpusIndex, question: Question) -> dict[str, float]:
    """The question's terms weighed by rarity, summing to one."""
    raw = {t: idf(index, t) for t in question.terms}
    total = sum(raw.values()) or 1.0
    return {t: w / total for t, w in raw.items()}


def _context_vectors(index: CorpusIndex, sentences: list[Sentence]) -> np.ndarray:
    """Normalised mean of each sentence's vector with its neighbours' in the article."""
    out = np.empty((len(sentences), index.sentence_vectors.shape[1]), dtype=np.float32)
    for i, s in enumerate(sentences):
        siblings = index.articles[s.doc_id].sentences
        rows = [index.sentence_row(t) for t in siblings[max(0, s.index - 1) : s.index + 2]]
        mean = index.sentence_vectors[rows].mean(axis=0)
        out[i] = mean / (float(np.linalg.norm(mean)) or 1.0)
    return out


def pool_of(index: CorpusIndex, hits: list[PassageHit]) -> list[Sentence]:
    """The quotable sentences of the found passages, each once, in passage order."""
    seen: dict[tuple[str, int], Sentence] = {}
    for hit in hits:
        for s in index.passage_sentences(hit.passage):
            if s.quotable:
                seen.setdefault((s.doc_id, s.index), s)
    return list(seen.values())


def holds_answer_type(index: CorpusIndex, question: Question, sentence: Sentence) -> int:
    """+1 when the sentence holds what the question asks for (a value filling its slot, a
    place, a name, a quotation), -1 when it does not, 0 for an open question."""
    if question.focus in FOCUS_KINDS:
        return 1 if slot_values(index, question, sentence) else -1
    wanted = gives(question.focus)
    if wanted is None:
        return 0
    return 1 if wanted.search(sentence.text) else -1


def sentence_features(
    index: CorpusIndex, question: Question, sentences: list[Sentence]
) -> np.ndarray:
    """The feature matrix, one row per sentence, columns in SENTENCE_FEATURES order."""
    vectors = index.sentence_vectors[[index.sentence_row(s) for s in sentences]]
    sims = vectors @ question.vector
    contexts = _context_vectors(index, sentences) @ question.vector
    share_of = term_weights(index, question)
    shares = np.array([
        sum(w for t, w in share_of.items() if t in index.sentence_terms(s)) for s in sentences
    ])
    typed = np.array([holds_answer_type(index, question, s) for s in sentences])
    brief = np.array([len(s.text.split()) < 8 for s in sentences], dtype=float)
    gap = sims - float(sims.max())
    return np.column_stack([sims, contexts, shares, typed, gap, brief]).astype(float)


def score(index: CorpusIndex, question: Question, hits: list[PassageHit]) -> list[Candidate]:
    """Every quotable sentence of the hits with its relevance, best first."""
    sentences = pool_of(index, hits)
    if not sentences:
        return []
    x = sentence_features(index, question, sentences)
    logits = weights().sentence.logits(x)
    out = [
        Candidate(s, float(row[0]), float(row[2]), float(lg))
        for s, row, lg in zip(sentences, x, logits, strict=True)
    ]
    out.sort(key=lambda c: (-c.logit, c.sentence.doc_id, c.sentence.index))
    return out
