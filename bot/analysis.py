"""A question analysed once into what every later stage reads: its vector, what it asks for
(`bot.qtype`), the thing it counts or measures, its content terms and the names it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from bot.qtype import Focus, asking, dimension_word, named_subject, slot_noun
from index.claims import count_states
from index.lexical import stopwords, terms, words
from index.lexicon import (
    DIMENSION_NOUN_OF,
    GENERIC_SLOT_WORDS,
    REFERRING,
    TITLE_ABBREVIATIONS,
    dimension_units,
    measure_value,
    stem,
)
from index.value_types import Kind, Value
from index.values import values

# A word that may be a name: letters first, then letters, digits, dots, '&' or hyphens.
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*")


@dataclass(frozen=True, eq=False)
class Question:
    """One question, analysed once."""

    text: str
    vector: np.ndarray
    focus: Focus | None
    slot: str  # what a counting or measuring question is about ("crew members"), or ""
    slot_terms: frozenset[str]  # the slot's stems, without words that name nothing ("number")
    units: frozenset[str] | None  # the measure units of a dimension slot ("how fast"), else None
    terms: tuple[str, ...]  # stemmed content terms, in order, without repeats
    # The terms that place the value asked in a sentence holding several (`_placing_terms`).
    placing_terms: frozenset[str]
    # The stems naming the dimension a measuring question asks ("how deep": deep, depth).
    dimension_terms: frozenset[str]
    # The question without the words asking ("how many"): what it says of the thing asked
    # ("people died in the blast"), to meet what a sentence says of each of its counts.
    phrase: str
    states: frozenset[str]  # the states its phrase names ("killed": dead), `count_states`
    # What an open "what was the X?" question names ("turnout"): outlets giving different
    # figures for it disagree, as on a "how many" question.
    subject: str
    names: tuple[str, ...]  # capitalised words that name someone or something, as written
    years: tuple[str, ...]  # the years it names ("the 2011 storm"), as written
    # The value a yes/no or open question states ("Were 40 rescued?", "What happened on
    # May 3?"): the yes/no question asks its slot; the open one is answered where it is said.
    stated: Value | None = None


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def names_in(text: str) -> tuple[str, ...]:
    """Capitalised content words of a question, except its first word ('Did AirAsia…' →
    ('AirAsia',)); an all-capitals acronym is kept whole ('US'), an abbreviated title ('MP',
    `lexicon.TITLE_ABBREVIATIONS`) is no name."""
    stop = stopwords()
    out: list[str] = []
    for i, m in enumerate(_NAME_TOKEN.finditer(text)):
        token = m.group(0).rstrip(".’'")
        if i == 0 or not token[:1].isupper():
            continue
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        if token.lower() in stop or len(token) < 2 or token in TITLE_ABBREVIATIONS:
            continue
        out.append(token)
    return tuple(dict.fromkeys(out))


# A yes/no question stating a value asks that value's slot ("Were 17 people killed?" is a
# count of people killed; "Was she born in 1961?", a year): outlets giving other values for
# it disagree, as they would on "how many…" or "what year…".
_STATED: dict[Kind, Focus] = {
    Kind.COUNT: Focus.NUMBER,
    Kind.MEASURE: Focus.MEASURE,
    Kind.DURATION: Focus.DURATION,
    Kind.CLOCK: Focus.CLOCK,
    Kind.DAY: Focus.DAY,
}


def stated_value(text: str) -> Value | None:
    """The value a question states, if any: a count, measure, duration or time before a day
    or year, which mostly frames it ("300 workers in 2019"); "the two sides" states no count."""
    found = [v for v in values(text) if v.kind in _STATED and not v.converted
             and not (v.kind is Kind.COUNT and _word_before(text, v.start) in REFERRING)]
    return next((v for v in found if v.kind is not Kind.DAY), found[0] if found else None)


def _word_before(text: str, start: int) -> str:
    before = words(text[:start])
    return before[-1] if before else ""


def _asked(
    text: str, focus: Focus | None, stated: Value | None
) -> tuple[Focus | None, str, frozenset[str] | None]:
    """The focus the question's slot asks, the thing it counts or measures and the units
    answering it."""
    if stated is None or focus is None:  # an open question's value anchors it ("on May 3")
        slot = slot_noun(text)  # "what percentage of the vote" measures a percentage
        unit = measure_value(slot.split()[0], 1.0) if slot and focus is Focus.NUMBER else None
        if unit is not None:  # "how many acres": a measure in acres, hectares, km²
            return Focus.MEASURE, slot, frozenset((unit[0],))
        return focus, slot, dimension_units(dimension_word(text) or slot)
    if stated.kind is Kind.DAY:
        return (Focus.YEAR if stated.unit == "year" else Focus.DAY), "", None
    units = frozenset({stated.unit}) if stated.kind is Kind.MEASURE else None
    return _STATED[stated.kind], stated.noun if stated.kind is Kind.COUNT else "", units


STATE_WORDS = 4  # words after the asking ones that say what happened to the thing asked


def _said_of_it(text: str, asking_words: str) -> str:
    """What the question says of the thing it asks ("how many people died in the blast?" →
    "people died in the"): the words after the asking ones, a few, as a sentence's
    `count_phrase` is; the rest (the setting) is in every outlet's sentence alike."""
    rest = text.split(asking_words, 1)[1] if asking_words else text
    return " ".join(rest.strip(" ?!.").split()[:STATE_WORDS])


def _dimension_terms(text: str, focus: Focus | None) -> frozenset[str]:
    """The stems naming the dimension asked ("how deep" → deep, depth), for a measure."""
    if focus is not Focus.MEASURE:
        return frozenset()
    dimension = dimension_word(text)
    return frozenset(terms(f"{dimension} {DIMENSION_NOUN_OF.get(dimension, '')}"))


def _placing_terms(
    text: str, asking_words: str, focus: Focus | None, stated: Value | None
) -> frozenset[str]:
    """The question's terms that place its value among a sentence's: not the words asking
    the kind of value ("what time": every time has them near), nor a stated value's own
    ("did the talks last an hour?": "hours" near another duration does not place it); a
    dimension places its measures by its noun too ("how deep": "at a depth of 10 km")."""
    out = set(terms(text))
    if stated is not None:
        out -= {stem(w) for w in words(stated.text)}
    if focus is Focus.MEASURE:
        return frozenset(out | _dimension_terms(text, focus))
    return frozenset(out - set(terms(asking_words)))


def as_amount(question: Question) -> Question:
    """An open "what was the X?" question read as "how much X?" (`Question.subject`)."""
    return replace(question, focus=Focus.NUMBER, slot=question.subject,
                   slot_terms=frozenset(stem(w) for w in words(question.subject)))


def analyse(text: str, vector: np.ndarray) -> Question:
    """Analyse a validated question whose embedding is `vector`."""
    asked, asking_words = asking(text)
    stated = stated_value(text) if asked in (Focus.POLARITY, None) else None
    focus, slot, units = _asked(text, asked, stated)
    phrase = _said_of_it(text, asking_words)
    return Question(
        text=text,
        vector=vector,
        focus=focus,
        slot=slot,
        slot_terms=frozenset(stem(w) for w in words(slot)
                             if w not in GENERIC_SLOT_WORDS and w != "and"),
        units=units,
        terms=tuple(dict.fromkeys(terms(text))),
        placing_terms=_placing_terms(text, asking_words, focus, stated),
        dimension_terms=_dimension_terms(text, focus),
        phrase=phrase,
        states=count_states(f"{asking_words} {phrase}"),  # "what was the death toll?"
        subject=named_subject(text) if focus is None else "",
        names=names_in(text),
        years=tuple(_YEAR.findall(text)),
        stated=stated,
    )

