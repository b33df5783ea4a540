"""How well each sentence of the found passages answers the question, in two fitted steps
(`bench/fit.py`, weights in `bot/weights.json`).

1. Ranking: a score per sentence, a weighted sum of
   - similarity: cosine of the question's and the sentence's embeddings;
   - context: cosine of the question with the mean of the sentence and its neighbours (a
     "he said" sentence takes its meaning from the sentences around it);
   - typed: +1 when the sentence holds what the question asks for (a value that fills its
     slot: a count of the thing counted, a time, a duration; a place; a name; a quotation;
     for an open question naming a value, "what happened on May 3?", that value), -1 when
     it does not, 0 for another open question.
   The weights are fitted listwise (the labelled sentence should win among the question's
   candidates), so they are chosen for the order of the sentences, which is what the lead
   quote needs.
2. Calibration: the probability that a sentence holds the answer, a logistic model over its
   score and its score's gap to the best one; the quote floor applies to it.

Measured (one `python -m bench.fit` run, recorded in the README): word overlap with the
question (the share of its terms a sentence holds) ranks SQuAD's sentences well, because its
questions were written from the paragraph, and news sentences worse, because people ask in
their own words; it is kept for the coverage decision, not for ranking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bot.analysis import Question
from bot.qtype import gives
from bot.slots import value_test
from bot.weights import Logistic, weights
from index.search import CorpusIndex, PassageHit
from index.sentences import Sentence

RANK_FEATURES = ("similarity", "context", "typed")
CALIBRATION_FEATURES = ("score", "gap")


@dataclass(frozen=True)
class Candidate:
    """A sentence considered for the answer: its similarity, the share of the question's
    terms it holds, its ranking score and the calibrated probability that it answers."""

    sentence: Sentence
    similarity: float
    terms: float
    logit: float
    probability: float


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
    holds = value_test(question)
    if holds is not None:
        return 1 if holds(index, question, sentence) else -1
    wanted = gives(question.focus)
    if wanted is None:
        return 0
    return 1 if wanted.search(sentence.text) else -1


def term_shares(index: CorpusIndex, question: Question, sentences: list[Sentence]) -> np.ndarray:
    """The share of the question's IDF-weighted terms each sentence holds."""
    share_of = term_weights(index, question)
    return np.array([
        sum(w for t, w in share_of.items() if t in index.sentence_terms(s)) for s in sentences
    ], dtype=float)


def sentence_features(
    index: CorpusIndex, question: Question, sentences: list[Sentence]
) -> np.ndarray:
    """The ranking features, one row per sentence, columns in RANK_FEATURES order."""
    vectors = index.sentence_vectors[[index.sentence_row(s) for s in sentences]]
    sims = vectors @ question.vector
    contexts = _context_vectors(index, sentences) @ question.vector
    typed = np.array([holds_answer_type(index, question, s) for s in sentences])
    return np.column_stack([sims, contexts, typed]).astype(float)


def calibration_features(scores: np.ndarray) -> np.ndarray:
    """Each score and its gap to the pool's best, columns in CALIBRATION_FEATURES order."""
    return np.column_stack([scores, scores - float(scores.max())])


def probabilities(scores: np.ndarray, calibration: Logistic | None = None) -> np.ndarray:
    """The calibrated probability that each sentence answers, from the ranking scores."""
    model = calibration or weights().calibration
    return 1.0 / (1.0 + np.exp(-model.logits(calibration_features(scores))))


def best_first(c: Candidate) -> tuple[float, str, int]:
    """Sort key of candidates: highest score first, then article order."""
    return (-c.logit, c.sentence.doc_id, c.sentence.index)


def candidates_of(
    sentences: list[Sentence], x: np.ndarray, terms: np.ndarray, scores: np.ndarray,
    probs: np.ndarray,
) -> list[Candidate]:
    """Candidates from their features, scores and probabilities, in the order given."""
    return [
        Candidate(s, float(row[0]), float(t), float(sc), float(p))
        for s, row, t, sc, p in zip(sentences, x, terms, scores, probs, strict=True)
    ]


def score(index: CorpusIndex, question: Question, hits: list[PassageHit]) -> list[Candidate]:
    """Every quotable sentence of the hits with its relevance, best first."""
    return score_pools(index, question, hits, len(hits))[1]


def score_pools(
    index: CorpusIndex, question: Question, hits: list[PassageHit], first: int
) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates of the first `first` hits and those of all the hits, best first, each
    calibrated within its own pool; the features are computed once (the first hits' pool
    is the start of the whole pool)."""
    sentences = pool_of(index, hits)
    if not sentences:
        return [], []
    x = sentence_features(index, question, sentences)
    terms = term_shares(index, question, sentences)
    scores = weights().ranking.logits(x)

    def ranked(n: int) -> list[Candidate]:
        found = candidates_of(sentences[:n], x[:n], terms[:n], scores[:n],
                              probabilities(scores[:n]))
        return sorted(found, key=best_first)

    n_first = len(pool_of(index, hits[:first]))
    whole = ranked(len(sentences))
    return (whole if n_first == len(sentences) else ranked(n_first)), whole
