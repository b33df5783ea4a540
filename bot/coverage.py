"""Do the articles cover a question? Decided by meaning, not by unknown words.

Features of a question, from the sentences found for it (`bot.relevance`):
- best_similarity: cosine of the question with its closest sentence;
- best_terms: the largest share of its IDF-weighted terms that one found sentence holds (a
  date or a rare name the embedding matches weakly is still matched here);
- missing_names: the share of the names it uses (people, places, organisations, written
  with a capital) that no article contains in any close spelling or as an acronym;
- slot_found: for a question asking a value (a count of something, a time, a measure…),
  +1 when one of the best sentences holds a value that fills it, also a count in other words
  ("soldiers" / "troops": `bot.slots.holds_slot_value`), -1 when none does; likewise for
  an open question naming a value ("what happened on May 3?"), a sentence stating it; 0 for
  other questions.
A logistic model fitted on labelled questions (`bench/fit.py`: SQuAD 2.0's unanswerable
questions and the labelled news events) weighs them; the question is covered when the fitted
probability reaches the stored threshold. A synonym the articles do not use lowers no feature
but the similarity, so it does not cause abstention by itself; a name no article mentions does.

Measured (one `python -m bench.fit` run, the shipped weights): news questions answered when
answerable 100 % fitted / 97 % held out (false abstentions 0 % / 3 %), abstained when not
covered 100 % / 70 % (false answers 0 % / 30 %, of 6 and 10 such questions); SQuAD 2.0 held
out answered 92 %, abstained 16 %: its unanswerable questions change one detail of a covered
paragraph.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.analysis import Question
from bot.relevance import Candidate
from bot.slots import value_test
from bot.weights import sigmoid, weights
from index.lexical import words
from index.search import CorpusIndex

COVERAGE_FEATURES = ("best_similarity", "best_terms", "missing_names", "slot_found")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_CAPITALISED_RUN = re.compile(r"\b(?:[A-Z][\w’'-]*\.?\s+){1,5}[A-Z][\w’'-]*")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,6}")
_SPELLING_CUTOFF = 85  # rapidfuzz ratio for "the same name spelled otherwise"
SLOT_DEPTH = 5  # a question asking a value is answered by one of this many best sentences


@dataclass(frozen=True)
class Coverage:
    """Whether the articles cover a question, how sure the model is, and why not."""

    covered: bool
    probability: float
    missing: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The message shown when the bot abstains."""
        if self.covered:
            return ""
        if self.missing:
            names = ", ".join(self.missing)
            return f"The articles do not cover this: none of them mentions {names}."
        return "The articles do not cover this question."


_ACRONYMS: weakref.WeakKeyDictionary[CorpusIndex, frozenset[str]] = weakref.WeakKeyDictionary()


def acronyms(index: CorpusIndex) -> frozenset[str]:
    """Acronyms the articles spell out or dot: 'United States', 'U.S.' → 'us' (read once
    per loaded index)."""
    found = _ACRONYMS.get(index)
    if found is None:
        spelled: set[str] = set()
        for article in index.articles.values():
            text = article.clean_text
            for m in _CAPITALISED_RUN.finditer(text):
                spelled.add("".join(w[0] for w in m.group(0).split()).lower())
            for m in _DOTTED.finditer(text):
                spelled.add(m.group(0).replace(".", "").lower())
        found = _ACRONYMS[index] = frozenset(spelled)
    return found


def name_known(index: CorpusIndex, name: str) -> bool:
    """Does some article mention this name: as written, in a close spelling, or as the
    acronym of a capitalised phrase?"""
    tokens = words(name)
    if tokens and all(t in index.word_df for t in tokens):
        return True
    if _ACRONYM.match(name) and name.lower() in acronyms(index):
        return True
    word = "".join(tokens)
    return len(word) >= 4 and close_spelling(word, index.words_like(word))


def close_spelling(word: str, candidates: list[str]) -> bool:
    """Is one of the candidates the same word spelled otherwise ('Zelensky'/'zelenskyy')?"""
    found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=_SPELLING_CUTOFF)
    return found is not None


def coverage_features(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """The feature row in COVERAGE_FEATURES order, and the names no article mentions."""
    missing = tuple(n for n in question.names if not name_known(index, n))
    share = len(missing) / len(question.names) if question.names else 0.0
    holds = value_test(question)
    if not candidates:
        return np.array([0.0, 0.0, share, -1.0 if holds else 0.0]), missing
    found = 0.0
    if holds:
        top = candidates[:SLOT_DEPTH]
        found = 1.0 if any(holds(index, question, c.sentence) for c in top) else -1.0
    row = [max(c.similarity for c in candidates), max(c.terms for c in candidates), share, found]
    return np.array(row, dtype=float), missing


def judge(index: CorpusIndex, question: Question, candidates: list[Candidate]) -> Coverage:
    """Covered or not, from the fitted coverage model and its threshold."""
    row, missing = coverage_features(index, question, candidates)
    fitted = weights()
    probability = sigmoid(float(fitted.coverage.logits(row[None, :])[0]))
    return Coverage(probability >= fitted.coverage_threshold, probability, missing)
