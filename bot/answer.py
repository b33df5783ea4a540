"""Answer a question with verbatim sentences, or abstain.

How an answer is made:
1. hybrid search finds the passages most likely to hold the answer;
2. every quotable sentence of those passages is scored on its own: its cosine similarity to
   the question, plus a bonus for the rank of its passage and for the question's rarer terms
   it contains (so the sentence that answers wins over its neighbours);
3. the best sentences are kept while they stay close to the best score; a sentence saying
   the same thing as one already kept (high cosine, other article, no conflicting numbers) is
   folded into it as "also reported by";
4. abstention: see `coverage` below.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from dataclasses import dataclass

import numpy as np

from bot.attribution import excerpt_of
from bot.models import Answer, Quote
from index.lexical import stopwords, terms, words
from index.search import CorpusIndex, PassageHit, SearchMode
from index.sentences import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerSettings:
    """Tuning of quote selection and abstention (calibrated on the dev set, see README)."""

    passages: int = 12
    max_quotes: int = 4
    # A sentence is kept while its score is within `margin` of the best one.
    margin: float = 0.12
    passage_weight: float = 0.10
    term_weight: float = 0.15
    # Same point in two articles: sentence cosine at least this (and no number conflict).
    same_fact: float = 0.78
    # Abstain when even the best sentence is this dissimilar to the question.
    min_similarity: float = 0.30
    # A question naming something the articles never mention is answered only when a
    # sentence matches it this strongly (e.g. a spelling the corpus does not use).
    unknown_name_similarity: float = 0.60


@dataclass(frozen=True)
class Candidate:
    """A sentence considered for the answer."""

    sentence: Sentence
    similarity: float
    score: float


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _close_word(word: str, vocabulary: list[str]) -> bool:
    """True when the corpus has a spelling variant ("Zelensky" / "Zelenskyy")."""
    if len(word) < 5:
        return False
    same_start = [v for v in vocabulary if v[:1] == word[:1] and abs(len(v) - len(word)) <= 3]
    return bool(difflib.get_close_matches(word, same_start, n=1, cutoff=0.8))


def unknown_names(question: str, index: CorpusIndex) -> list[str]:
    """Capitalised words of the question (names, places) that no article contains."""
    stop = stopwords()
    vocabulary: list[str] | None = None
    missing = []
    for token in re.findall(r"[^\W\d_][\w'’.-]*", question):
        if not token[0].isupper():
            continue
        for word in words(token):
            if word in stop or len(word) < 2 or word in index.word_df:
                continue
            if vocabulary is None:
                vocabulary = list(index.word_df)
            if not _close_word(word, vocabulary):
                missing.append(word)
    return missing


def _idf(index: CorpusIndex, term: str) -> float:
    n = len(index.articles)
    return math.log(1 + (n + 1) / (index.term_df.get(term, 0) + 0.5))


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _candidates(
    index: CorpusIndex, question: str, vector: np.ndarray, hits: list[PassageHit],
    settings: AnswerSettings,
) -> list[Candidate]:
    """Score every quotable sentence of the hit passages."""
    best_passage: dict[tuple[str, int], float] = {}
    top = hits[0].score if hits else 1.0
    for hit in hits:
        for s in index.passage_sentences(hit.passage):
            key = (s.doc_id, s.index)
            best_passage[key] = max(best_passage.get(key, 0.0), hit.score / top)
    sentences = [
        s for hit in hits for s in index.passage_sentences(hit.passage) if s.quotable
    ]
    unique = list({(s.doc_id, s.index): s for s in sentences}.values())
    if not unique:
        return []
    rows = [index.sentence_row(s) for s in unique]
    sims = index.sentence_vectors[rows] @ vector
    q_terms = set(terms(question))
    weights = {t: _idf(index, t) for t in q_terms}
    total = sum(weights.values()) or 1.0
    out = []
    for s, sim in zip(unique, sims, strict=True):
        covered = sum(w for t, w in weights.items() if t in set(terms(s.text)))
        score = (
            float(sim)
            + settings.passage_weight * best_passage[(s.doc_id, s.index)]
            + settings.term_weight * covered / total
        )
        out.append(Candidate(s, float(sim), score))
    out.sort(key=lambda c: (-c.score, c.sentence.doc_id, c.sentence.index))
    return out


def _same_fact(index: CorpusIndex, a: Sentence, b: Sentence, threshold: float) -> bool:
    if a.doc_id == b.doc_id:
        return False
    cos = float(index.sentence_vector(a) @ index.sentence_vector(b))
    if cos < threshold:
        return False
    na, nb = _numbers(a.text), _numbers(b.text)
    return not (na and nb and na != nb)


def select_quotes(
    index: CorpusIndex, candidates: list[Candidate], settings: AnswerSettings
) -> list[Quote]:
    """Keep the best sentences, folding repeats of the same point into "also reported by"."""
    if not candidates:
        return []
    floor = candidates[0].score - settings.margin
    groups: list[tuple[Candidate, list[Sentence]]] = []
    for cand in candidates:
        if cand.score < floor:
            break
        for lead, also in groups:
            if _same_fact(index, lead.sentence, cand.sentence, settings.same_fact):
                docs = {lead.sentence.doc_id} | {s.doc_id for s in also}
                if cand.sentence.doc_id not in docs:
                    also.append(cand.sentence)
                break
        else:
            if len(groups) < settings.max_quotes:
                groups.append((cand, []))
    quotes = []
    for lead, also in groups:
        article = index.articles[lead.sentence.doc_id]
        quotes.append(
            Quote(
                excerpt=excerpt_of(article, lead.sentence),
                score=round(lead.score, 4),
                also=tuple(excerpt_of(index.articles[s.doc_id], s) for s in also),
            )
        )
    return quotes


def answer_question(
    index: CorpusIndex,
    question: str,
    settings: AnswerSettings = AnswerSettings(),
    mode: SearchMode = SearchMode.FUSED,
) -> Answer:
    """Answer one (already validated) question from the index."""
    vector = index.encode_question(question)
    hits = index.search(question, vector, k=settings.passages, mode=mode)
    candidates = _candidates(index, question, vector, hits, settings)
    reason = coverage(index, question, candidates, settings)
    if reason:
        return Answer(question=question, answered=False, note=reason)
    quotes = select_quotes(index, candidates, settings)
    return Answer(question=question, answered=True, quotes=tuple(quotes))


def coverage(
    index: CorpusIndex, question: str, candidates: list[Candidate], settings: AnswerSettings
) -> str | None:
    """Why the articles do not cover the question, or None when they do.

    Two signals, calibrated on the dev set: (a) the question names someone or something
    (a capitalised word) that no article contains, in any spelling close to it, and no
    sentence matches the question strongly; (b) even the best sentence is far from the
    question in embedding space, or the question shares no content term with the corpus.
    """
    best = candidates[0].similarity if candidates else 0.0
    missing = unknown_names(question, index)
    if missing and best < settings.unknown_name_similarity:
        names = ", ".join(dict.fromkeys(missing))
        return f"The articles do not cover this: none of them mentions {names}."
    q_terms = [t for t in terms(question)]
    if not q_terms or not any(t in index.term_df for t in q_terms):
        return "The articles do not cover this: none of its words appear in them."
    if best < settings.min_similarity:
        return "The articles do not cover this question."
    return None
