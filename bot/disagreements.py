"""Turn the conflicts found at index time into disagreements for answers and listings."""

from __future__ import annotations

import logging
from collections import defaultdict

import numpy as np

from bot.announcing import asks_who_said
from bot.attribution import excerpt_of
from bot.models import Disagreement
from bot.qtype import Focus, question_focus
from bot.slots import SAME_NOUN, phrase_vectors
from index.conflicts import Conflict, SentenceRef
from index.lexical import stopwords, terms, words
from index.search import CorpusIndex
from index.sentences import Sentence

log = logging.getLogger(__name__)

# A known conflict is shown for a question that asks its kind when one of its sides was
# retrieved for the question and both sides are not far from it (calibrated on the dev set
# and tests/data/own_questions.jsonl: sides of a real answer sit around 0.2-0.5).
RELEVANCE_FLOOR = 0.20
MAX_SIDES = 6
GROUP_LIMIT = 20
# The kinds of known conflict a question asking each focus may be shown. A count question
# is not shown a scope conflict: "how many prisoners?" has one answer, 175, in every outlet.
_KINDS: dict[Focus, tuple[str, ...]] = {
    Focus.DURATION: ("duration",),
    Focus.NUMBER: ("number",),
    Focus.DAY: ("day",),
    Focus.YEAR: ("day",),
    Focus.ACTOR: ("actor",),
    Focus.POLARITY: ("polarity", "scope"),
}


def _sentence(index: CorpusIndex, ref: SentenceRef) -> Sentence:
    return index.articles[ref.doc_id].sentences[ref.index]


def to_disagreement(index: CorpusIndex, conflict: Conflict) -> Disagreement:
    """One conflict with its verbatim sides."""
    return Disagreement(
        about=conflict.about,
        kind=conflict.kind,
        sides=tuple(excerpt_of(index.articles[r.doc_id], _sentence(index, r))
                    for r in conflict.sides),
        confidence=conflict.confidence,
        claims=conflict.claims,
    )


def _pick_sides(claim_of: dict[SentenceRef, str], max_sides: int) -> list[SentenceRef]:
    """One side per article, every position first, then the rest, at most `max_sides`.

    `claim_of` is in order of confidence; sides come out grouped by the claim they make.
    """
    chosen: dict[str, SentenceRef] = {}
    shown_claims: set[str] = set()
    for only_new_claims in (True, False):
        for ref, claim in claim_of.items():
            if len(chosen) >= max_sides:
                break
            if ref.doc_id in chosen or (only_new_claims and claim in shown_claims):
                continue
            chosen[ref.doc_id] = ref
            shown_claims.add(claim)
    return sorted(chosen.values(), key=lambda r: (claim_of[r], r))


def grouped(
    index: CorpusIndex, conflicts: list[Conflict], max_sides: int = MAX_SIDES
) -> list[Disagreement]:
    """Conflicts of one kind that share a sentence's claim merge into one disagreement.

    "Wednesday" in one article against "Tuesday" in three others is one disagreement with
    four sides, not three; a large corpus may have many articles on each side, so at most
    `max_sides` are shown (every position first). A sentence making two claims ("52.4% of
    the vote, with turnout at 61%") joins two disagreements, not one. Groups are ranked by
    best confidence.
    """
    parent: dict[tuple[str, SentenceRef, str], tuple[str, SentenceRef, str]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in conflicts:
        first = (c.kind, c.sides[0], c.claims[0] if c.claims else "")
        for ref, claim in zip(c.sides[1:], c.claims[1:] or [""] * (len(c.sides) - 1),
                              strict=True):
            parent[find((c.kind, ref, claim))] = find(first)
        find(first)
    groups: dict[tuple, list[Conflict]] = defaultdict(list)
    for c in conflicts:
        groups[find((c.kind, c.sides[0], c.claims[0] if c.claims else ""))].append(c)
    out = []
    for members in groups.values():
        members.sort(key=lambda c: -c.confidence)
        best = members[0]
        claim_of: dict[SentenceRef, str] = {}
        for c in members:
            for ref, claim in zip(c.sides, c.claims, strict=True):
                claim_of.setdefault(ref, claim)
        refs = _pick_sides(claim_of, max_sides)
        out.append(Disagreement(
            about=best.about,
            kind=best.kind,
            sides=tuple(excerpt_of(index.articles[r.doc_id], _sentence(index, r)) for r in refs),
            confidence=best.confidence,
            claims=tuple(claim_of[r] for r in refs),
        ))
    out.sort(key=lambda d: (-d.confidence, d.kind, d.about))
    return out


def conflicts_among(index: CorpusIndex, sentences: list[Sentence]) -> list[Conflict]:
    """Known conflicts whose sides are all among these sentences."""
    keys = {SentenceRef(s.doc_id, s.index) for s in sentences}
    return [
        c
        for c in index.conflicts_touching(keys)
        if c.kind != "reported" and len(c.sides) > 1 and all(r in keys for r in c.sides)
    ]


def conflicting(index: CorpusIndex, a: Sentence, b: Sentence) -> bool:
    """Is there a known conflict between these two sentences?"""
    return bool(conflicts_among(index, [a, b]))


def _asks_about(index: CorpusIndex, c: Conflict, question: str) -> bool:
    """Does the question ask what the conflict is about: a polarity conflict's topic, as
    written or in a word as close in meaning as one thing's two names (`SAME_NOUN`:
    "assistance" for "aid"); a scope conflict's count ("are the 23 injured part of the
    175?"); for an actor conflict, who said or announced something ("Who pushed for the
    truce?" is not answered by who announced the swap)?"""
    q_terms = set(terms(question))
    if c.kind == "actor":
        return asks_who_said(question)
    if c.kind not in ("polarity", "scope"):
        return True
    named = set(c.term.split())
    if named & q_terms:
        return True
    asked = [w for w in words(question) if w.lower() not in stopwords()]
    if c.kind == "scope" or not asked:
        return False
    vectors = phrase_vectors(index, [c.term, *asked])
    return any(float(vectors[c.term] @ vectors[w]) >= SAME_NOUN for w in asked)


def relevant_conflicts(
    index: CorpusIndex, question: str, vector: np.ndarray, retrieved: set[SentenceRef]
) -> list[Conflict]:
    """The known conflict (with its group) about what the question asks, if any.

    The question must ask for that kind of claim (a duration for "how long", a day for
    "when"…), one side must be among the sentences retrieved for it, and both sides must be
    close enough to it; the question must name what the conflict is about (`_asks_about`).
    """
    focus = question_focus(question)
    kinds = _KINDS.get(focus, ()) if focus else ()
    scored = []
    for c in index.conflicts_touching(retrieved):
        if c.kind not in kinds or not _asks_about(index, c, question):
            continue
        sims = [float(index.sentence_vector(_sentence(index, r)) @ vector) for r in c.sides]
        if min(sims) >= RELEVANCE_FLOOR * 0.5 and max(sims) >= RELEVANCE_FLOOR:
            scored.append((max(sims) + min(sims), c))
    scored.sort(key=lambda x: -x[0])
    if not scored:
        return []
    best = scored[0][1]
    # The rest of its group: the same kind of conflict sharing a sentence with it (the most
    # confident few: on a large corpus one sentence may conflict with hundreds).
    rest = [
        c for c in index.conflicts_touching(best.sides) if c is not best and c.kind == best.kind
    ]
    return [best, *rest[:GROUP_LIMIT]]
