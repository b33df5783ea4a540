"""A question's answer slot and the values of a sentence that fill it.

A question asking a count, a duration, a time of day, a day or a measure has a slot: the kind
of value it wants and, for a count, the thing counted ("how many crew members…": killed,
missing, aboard and rescued are different slots). A value fills the slot when it is of a
wanted kind, is not a bracketed restatement of the value before it ("(23:24 GMT)"), and, for a
count, counts the thing asked (by stem).
"""

from __future__ import annotations

import weakref

from bot.analysis import Question
from bot.qtype import Focus
from index.lexical import words
from index.lexicon import stem
from index.search import CorpusIndex
from index.sentences import Sentence
from index.values import Kind, Value, values

FOCUS_KINDS: dict[Focus, frozenset[Kind]] = {
    Focus.NUMBER: frozenset({Kind.COUNT, Kind.MEASURE}),
    Focus.DURATION: frozenset({Kind.DURATION}),
    Focus.CLOCK: frozenset({Kind.CLOCK}),
    Focus.WHEN: frozenset({Kind.CLOCK, Kind.DAY}),
    Focus.DAY: frozenset({Kind.DAY}),
    Focus.MEASURE: frozenset({Kind.MEASURE}),
}
_VALUES: weakref.WeakKeyDictionary[CorpusIndex, dict[tuple[str, int], list[Value]]] = (
    weakref.WeakKeyDictionary()
)


def fills(value: Value, kinds: frozenset[Kind], slot: frozenset[str]) -> bool:
    """Does this value answer the slot: the right kind and, for counts, the thing counted?"""
    if value.kind not in kinds or value.converted:
        return False
    if value.kind is not Kind.COUNT or not slot:
        return True
    noun = {stem(w) for w in words(value.noun)}
    return bool(noun & slot) if noun else False


def sentence_values(index: CorpusIndex, sentence: Sentence) -> list[Value]:
    """Every typed value of a sentence, read once per loaded index."""
    cache = _VALUES.setdefault(index, {})
    key = (sentence.doc_id, sentence.index)
    found = cache.get(key)
    if found is None:
        published = index.articles[sentence.doc_id].published
        found = cache[key] = values(sentence.text, published.year if published else None)
    return found


def slot_values(index: CorpusIndex, question: Question, sentence: Sentence) -> list[Value]:
    """The values of a sentence that fill the question's slot."""
    kinds = FOCUS_KINDS.get(question.focus)
    if kinds is None:
        return []
    return [v for v in sentence_values(index, sentence) if fills(v, kinds, question.slot_terms)]
