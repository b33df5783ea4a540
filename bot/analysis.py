"""A question analysed once into what every later stage reads: its vector, what it asks for
(`bot.qtype`), the thing it counts or measures, its content terms and the names it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.qtype import Focus, question_focus, slot_noun
from index.lexical import stopwords, terms, words
from index.lexicon import GENERIC_SLOT_WORDS, dimension_units, stem

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
    names: tuple[str, ...]  # capitalised words that name someone or something, as written


def names_in(text: str) -> tuple[str, ...]:
    """Capitalised content words of a question, except its first word ('Did AirAsia…' →
    ('AirAsia',)); an all-capitals acronym is kept whole ('US')."""
    stop = stopwords()
    out: list[str] = []
    for i, m in enumerate(_NAME_TOKEN.finditer(text)):
        token = m.group(0).rstrip(".’'")
        if i == 0 or not token[:1].isupper():
            continue
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        if token.lower() in stop or len(token) < 2:
            continue
        out.append(token)
    return tuple(dict.fromkeys(out))


def analyse(text: str, vector: np.ndarray) -> Question:
    """Analyse a validated question whose embedding is `vector`."""
    slot = slot_noun(text)
    return Question(
        text=text,
        vector=vector,
        focus=question_focus(text),
        slot=slot,
        slot_terms=frozenset(stem(w) for w in words(slot) if w not in GENERIC_SLOT_WORDS),
        units=dimension_units(slot),
        terms=tuple(dict.fromkeys(terms(text))),
        names=names_in(text),
    )

