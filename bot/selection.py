"""Choose the quotes of an answer: the sentence that answers first, then the few others that
clear the fitted relevance floor, spread over outlets, the same point from other outlets
folded in as "also reported by"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.disagreements import conflicting
from bot.relevance import Candidate
from bot.slots import sentence_values
from bot.weights import weights
from index.search import CorpusIndex
from index.sentences import Sentence
from index.value_types import Value
from index.values import compatible

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# A second quote from an outlet already quoted must beat another outlet's by this much
# (log-odds): an answer shows several outlets when several report the point.
SAME_OUTLET_PENALTY = 1.0


@dataclass(frozen=True)
class Choice:
    """A sentence chosen for an answer, with the other articles' sentences on the same point."""

    lead: Sentence
    score: float
    also: tuple[Sentence, ...] = ()


def numbers_in(text: str) -> set[str]:
    """The numerals written in a text."""
    return set(_NUMBER.findall(text))


def _unmatched(xs: list[Value], ys: list[Value]) -> bool:
    """Is some value of xs at odds with every value of its kind in ys?"""
    for x in xs:
        same = [y for y in ys if y.kind is x.kind]
        if same and all(compatible(x, y) is False for y in same):
            return True
    return False


def values_clash(index: CorpusIndex, a: Sentence, b: Sentence) -> bool:
    """Does each sentence state a value the other contradicts ('nearly three hours' and
    'over three hours'; both may also give an agreeing '10 days')?"""
    va, vb = sentence_values(index, a), sentence_values(index, b)
    return _unmatched(va, vb) and _unmatched(vb, va)


def same_fact(index: CorpusIndex, a: Sentence, b: Sentence, threshold: float) -> bool:
    """Two articles' sentences that report one point: close in meaning, the figures of one
    all among the other's, no values that clash, and not a known conflict."""
    if a.doc_id == b.doc_id:
        return False
    cos = float(index.sentence_vector(a) @ index.sentence_vector(b))
    if cos < threshold or conflicting(index, a, b) or values_clash(index, a, b):
        return False
    na, nb = numbers_in(a.text), numbers_in(b.text)
    if na or nb:  # the same figures, or one sentence's figures all among the other's
        return bool(na and nb) and (na <= nb or nb <= na)
    return cos >= threshold + 0.1  # without a number to anchor it, ask for closer wording


def quotable(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that clear the fitted floor; the best one always does."""
    floor = weights().quote_floor
    return [c for i, c in enumerate(candidates) if i == 0 or c.probability >= floor]


def choose(
    index: CorpusIndex,
    candidates: list[Candidate],
    *,
    max_quotes: int,
    same_fact_floor: float,
    first: list[Sentence] | None = None,
) -> list[Choice]:
    """Pick quotes greedily by relevance, spreading them over outlets.

    `first` are sentences that must be shown (the sides of a disagreement about what the
    question asks); they lead. A sentence saying what a kept one says is folded into it.
    """
    groups: list[tuple[Sentence, float, list[Sentence]]] = []
    per_doc: dict[str, int] = {}
    by_key = {(c.sentence.doc_id, c.sentence.index): c for c in candidates}
    for s in first or []:
        c = by_key.get((s.doc_id, s.index))
        groups.append((s, c.logit if c else 0.0, []))
        per_doc[s.doc_id] = per_doc.get(s.doc_id, 0) + 1
    shown = {(s.doc_id, s.index) for s, _, _ in groups}
    pool = [c for c in quotable(candidates) if (c.sentence.doc_id, c.sentence.index) not in shown]

    def adjusted(c: Candidate) -> float:
        return c.logit - SAME_OUTLET_PENALTY * per_doc.get(c.sentence.doc_id, 0)

    while pool and len(groups) < max(max_quotes, len(first or [])):
        best = max(pool, key=adjusted)
        pool.remove(best)
        for lead, _, also in groups:
            if same_fact(index, lead, best.sentence, same_fact_floor):
                if best.sentence.doc_id not in {lead.doc_id} | {s.doc_id for s in also}:
                    also.append(best.sentence)
                break
        else:
            groups.append((best.sentence, best.logit, []))
            per_doc[best.sentence.doc_id] = per_doc.get(best.sentence.doc_id, 0) + 1
    _fold_others(index, groups, candidates, same_fact_floor)
    return [Choice(lead, round(score, 4), tuple(also)) for lead, score, also in groups]


def _fold_others(index, groups, candidates: list[Candidate], floor: float) -> None:
    """Other articles reporting a kept point, even below the relevance floor."""
    for lead, _, also in groups:
        seen = {lead.doc_id} | {s.doc_id for s in also}
        for cand in candidates:
            if cand.sentence.doc_id not in seen and same_fact(index, lead, cand.sentence, floor):
                also.append(cand.sentence)
                seen.add(cand.sentence.doc_id)
