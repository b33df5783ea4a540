"""Who announced it: outlets naming different announcers of what a question asks about.

For a question asking who announced something ("Who announced the job cuts?"), each outlet's
most relevant sentence naming an announcer (`index.claims.announcers`: "X announced …", "…
was announced by X", "the announcement was made by X") gives the outlet's answer. Two
outlets naming announcers that share no word and are not near in meaning (a capital and its
government are one actor: `index.conflicts.SAME_ACTOR`, as the listing decides) disagree,
each side quoted. The question anchors the event, so the two sentences need not be alike
(the listing, which has no question, needs them to be). The index-time conflicts
(`bot.disagreements`) are read first; this is asked only when they hold none.
"""

from __future__ import annotations

from bot.analysis import Question
from bot.attribution import excerpt_of
from bot.models import Disagreement
from bot.relevance import Candidate
from bot.slots import phrase_vectors
from index.claims import announcers
from index.conflicts import SAME_ACTOR
from index.lexical import words
from index.lexicon import ANNOUNCING_VERBS, SAYING_VERBS, stem
from index.search import CorpusIndex
from index.sentences import Sentence

_ANNOUNCING_STEMS = frozenset(stem(v) for v in (*ANNOUNCING_VERBS, "announcement"))
_SAYING_STEMS = _ANNOUNCING_STEMS | {stem(v) for v in SAYING_VERBS}


def asks_announcer(question: Question) -> bool:
    """Does the question ask who announced something ("Who announced the cuts?")?"""
    return bool(_ANNOUNCING_STEMS & set(question.terms))


def asks_who_said(question: str) -> bool:
    """Does a question ask who said, announced or revealed something ("Who revealed the
    swap?"), not who did something else ("Who pushed for the truce?")?"""
    return bool(_SAYING_STEMS & {stem(w.lower()) for w in words(question)})


def _announcer_by_outlet(candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """Each outlet's first candidate naming an announcer, with the announcer."""
    seen: dict[str, tuple[Candidate, str]] = {}
    for c in candidates:
        found = announcers(c.sentence.text)
        if found and c.sentence.doc_id not in seen:
            seen[c.sentence.doc_id] = (c, found[0][0])
    return list(seen.values())


def _one_actor(index: CorpusIndex, a: str, b: str) -> bool:
    """Two names of one actor: a shared word, or near in meaning."""
    if set(words(a)) & set(words(b)):
        return True
    vectors = phrase_vectors(index, [a, b])
    return float(vectors[a] @ vectors[b]) >= SAME_ACTOR


def different_announcers(
    index: CorpusIndex, question: Question, candidates: list[Candidate]
) -> tuple[Disagreement, tuple[Sentence, ...]] | None:
    """The most relevant outlet's announcer against the first other outlet's naming another
    actor, with a side each; None when the question asks no announcer or all agree."""
    if not asks_announcer(question):
        return None
    named = _announcer_by_outlet(candidates)
    if len(named) < 2:
        return None
    (first, actor), rest = named[0], named[1:]
    other = next(((c, a) for c, a in rest if not _one_actor(index, actor, a)), None)
    if other is None:
        return None
    pair = ((first, actor), other)
    sentences = tuple(c.sentence for c, _ in pair)
    return Disagreement(
        about=f"who announced it: {actor} vs {other[1]}",
        kind="actor",
        sides=tuple(excerpt_of(index.articles[s.doc_id], s) for s in sentences),
        confidence=round(min(c.probability for c, _ in pair), 4),
        claims=tuple(f"{a} announced" for _, a in pair),
    ), sentences
