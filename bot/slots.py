"""A question's answer slot and the values of a sentence that fill it.

A question asking a count, a duration, a time of day, a day or a measure has a slot: the kind
of value it wants and, for a count, the thing counted ("how many crew members…": killed,
missing, aboard and rescued are different slots). A value fills the slot when it is of a
wanted kind, is not a bracketed restatement of the value before it ("(13:10 GMT)"), is not
about another year's event ("the 40,000 who rallied in 1998") unless the question names that
event, and
- a count counts the thing asked (by stem), and names the state asked, if it names one
  ("how many were hurt?" is not answered by "12 were killed");
- a measure has a unit of the dimension asked ("how fast" wants a speed, not an altitude);
- "how much X" naming no dimension takes an amount (money, a share, a time) in a clause that
  names X ("$300 million in aid", "a third of its water", "1,200 working hours"), or a
  physical measure of X itself ("18 inches of rain");
- a duration written as an attribute ("a 45-day pause") describes a thing the question names.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence

import numpy as np

from bot.analysis import Question
from bot.qtype import Focus
from index.claims import count_phrase, count_states
from index.lexical import words
from index.lexicon import GENERIC_MEASURE_UNITS, OF_TIME_TOO
from index.search import CorpusIndex
from index.sentences import Sentence
from index.value_types import Kind, Value, clause_of
from index.values import compatible, is_attribute, noun_stems, stands_for_event, values

FOCUS_KINDS: dict[Focus, frozenset[Kind]] = {
    Focus.NUMBER: frozenset({Kind.COUNT, Kind.MEASURE, Kind.DURATION}),
    Focus.DURATION: frozenset({Kind.DURATION}),
    Focus.CLOCK: frozenset({Kind.CLOCK}),
    Focus.WHEN: frozenset({Kind.CLOCK, Kind.DAY}),
    Focus.DAY: frozenset({Kind.DAY}),
    Focus.YEAR: frozenset({Kind.DAY}),
    Focus.MEASURE: frozenset({Kind.MEASURE}),
}
# Two nouns this close in embedding are taken for one thing counted ("soldiers" / "troops"
# 0.89, "prisoners" / "captives" 0.75; "adults" / "children" 0.56, "dead" / "missing" 0.41):
# set on invented pairs, not on a labelled set.
SAME_NOUN = 0.6
_PHRASES: weakref.WeakKeyDictionary[CorpusIndex, dict[str, np.ndarray]] = (
    weakref.WeakKeyDictionary()
)
_VALUES: weakref.WeakKeyDictionary[CorpusIndex, dict[tuple[str, int], list[Value]]] = (
    weakref.WeakKeyDictionary()
)


_WRITTEN_YEAR = re.compile(r"\d{4}")
_OF = re.compile(r"\s+of\b")  # "18 inches of rain": a measure of the noun after it


def _amount_of_slot(value: Value, question: Question, sentence: str) -> bool:
    """An amount answering "how much X": money, a share or a time in a clause naming X, or
    a physical measure of X itself ("18 inches of rain", not "a 40-metre ferry")."""
    if value.kind is Kind.MEASURE and value.unit not in GENERIC_MEASURE_UNITS:
        of_it = _OF.match(sentence, value.end) is not None
        return of_it and bool(noun_stems(value.noun) & question.slot_terms)
    clause = clause_of(sentence, value.start, value.end)
    return bool(noun_stems(clause) & question.slot_terms)


def _of_event_named(value: Value, question: Question, sentence: str) -> bool:
    """Is a value of another year's event (`Value.other_year`) of the one the question asks
    about: the sentence names a year the question names, or all its names ("Storm Ardent")?"""
    if value.converted or not value.other_year:
        return False
    if question.years:
        return any(y in sentence for y in question.years)
    written = set(words(sentence))
    return bool(question.names) and all(n.lower() in written for n in question.names)


def _of_state_asked(
    value: Value, question: Question, sentence: str, every: Sequence[Value]
) -> bool:
    """A count naming a state answers a question naming a state only when it is that
    state: "how many were hurt?" is not answered by "12 people were killed". One naming no
    state may be said in other words ("4,500 people were ordered to leave" for "how many
    were evacuated?"): it answers, but is no side of a disagreement on the state asked
    (`bot.count_states.state_test`)."""
    if not question.states:
        return True
    named = count_states(count_phrase(sentence, value, every))
    return not named or bool(named & question.states)


def _counts_thing_asked(value: Value, question: Question) -> bool:
    """Does the count count the thing asked (by stem, or by naming the state asked)? A joined
    count ("162 passengers and crew") only when the question names each of its things: it
    is no count of passengers, nor is "155 passengers" one of passengers and crew."""
    counted = noun_stems(value.noun) - {"and"}
    if " and " in value.noun:
        return counted <= set(question.terms)
    if " and " in question.slot:
        return False
    return bool(counted & question.slot_terms) or _names_state_asked(value, question)


def _names_state_asked(value: Value, question: Question) -> bool:
    """Is the count's own noun a noun of the state the question asks ("the death toll rose
    to six", "12 deaths" for "how many people died?")? A participle is not one: "17
    injured" does not say how many of the injured were children."""
    noun = value.noun.lower()
    named = count_states(noun) if noun == "toll" or noun.endswith("s") else frozenset()
    return bool(named) and named <= question.states


def _kinds_asked(question: Question) -> frozenset[Kind]:
    """The kinds of value the question's focus asks; a length may be one of time too ("what
    was the length of the talks?")."""
    kinds = FOCUS_KINDS.get(question.focus, frozenset())
    if question.focus is Focus.MEASURE and question.dimension_terms & OF_TIME_TOO:
        return kinds | {Kind.DURATION}
    return kinds


def fills(value: Value, question: Question, sentence: str, every: Sequence[Value]) -> bool:
    """Does this value of the sentence (whose values are `every`) answer the question's
    slot (the module's rules)?"""
    if value.kind not in _kinds_asked(question):
        return False
    if not (stands_for_event(value) or _of_event_named(value, question, sentence)):
        return False
    if question.focus is Focus.YEAR:  # a weekday, or a date without its year, tells no year
        return bool(_WRITTEN_YEAR.search(value.text))
    if value.kind is Kind.COUNT and not _of_state_asked(value, question, sentence, every):
        return False
    if value.kind is Kind.COUNT and question.slot_terms:
        return _counts_thing_asked(value, question)
    if value.unit == "age":  # whose age: "Koratz, 61," answers "how old is Koratz?" only
        return question.units is not None and "age" in question.units and bool(
            noun_stems(value.noun) & set(question.terms))
    if value.kind is Kind.MEASURE and question.units is not None:
        return value.unit in question.units
    if question.focus is Focus.NUMBER and question.slot_terms:
        return _amount_of_slot(value, question, sentence)
    if is_attribute(value):
        return bool(noun_stems(value.noun) & set(question.terms))
    return True


def phrase_vectors(index: CorpusIndex, phrases: list[str]) -> dict[str, np.ndarray]:
    """Embeddings of short phrases (nouns counted, what happened at a time), each computed
    once per loaded index."""
    cache = _PHRASES.setdefault(index, {})
    todo = [n for n in dict.fromkeys(phrases) if n not in cache]
    if todo:
        cache.update(zip(todo, index.embedder.encode(todo), strict=True))
    return cache


def loosely_fills(index: CorpusIndex, question: Question, sentence: Sentence) -> bool:
    """Does the sentence hold a count of what is asked, of no other state than the one
    asked, in the question's words or others ("how many soldiers" / "2,000 troops")? For
    ranking and coverage only: a count in other words never makes a side of a disagreement
    (`slot_values` is strict)."""
    every = sentence_values(index, sentence)
    counts = [v for v in every if v.kind is Kind.COUNT and v.noun and stands_for_event(v)
              and _of_state_asked(v, question, sentence.text, every)]
    if not (counts and question.slot_terms and question.focus is Focus.NUMBER):
        return False
    vectors = phrase_vectors(index, [question.slot, *(v.noun for v in counts)])
    return any(float(vectors[question.slot] @ vectors[v.noun]) >= SAME_NOUN for v in counts)


def holds_slot_value(index: CorpusIndex, question: Question, sentence: Sentence) -> bool:
    """Does the sentence answer the question's slot, strictly or in other words (ranking and
    coverage read this; disagreements read `slot_values`)?"""
    return bool(slot_values(index, question, sentence)) or loosely_fills(index, question, sentence)


def value_test(question: Question) -> Callable[[CorpusIndex, Question, Sentence], bool] | None:
    """What a sentence answering the question must hold: a value filling the slot of a
    question asking one, the value an open question names ("what happened on May 3?"), or
    nothing particular (None)."""
    if question.focus in FOCUS_KINDS:
        return holds_slot_value
    if question.focus is None and question.stated is not None:
        return holds_stated_value
    return None


def holds_stated_value(index: CorpusIndex, question: Question, sentence: Sentence) -> bool:
    """Does the sentence state a value agreeing with the one an open question names ("What
    happened on May 3?" / "the vote on 3 May 2024")?"""
    stated = question.stated
    return stated is not None and any(
        compatible(v, stated) is True for v in sentence_values(index, sentence)
        if v.kind is stated.kind and stands_for_event(v))


def sentence_values(index: CorpusIndex, sentence: Sentence) -> list[Value]:
    """Every typed value of a sentence, read once per loaded index."""
    cache = _VALUES.setdefault(index, {})
    key = (sentence.doc_id, sentence.index)
    found = cache.get(key)
    if found is None:
        published = index.articles[sentence.doc_id].published
        found = cache[key] = values(sentence.text, published=published)
    return found


def slot_values(index: CorpusIndex, question: Question, sentence: Sentence) -> list[Value]:
    """The values of a sentence that fill the question's slot."""
    if question.focus not in FOCUS_KINDS:
        return []
    every = sentence_values(index, sentence)
    return [v for v in every if fills(v, question, sentence.text, every)]
