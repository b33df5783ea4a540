"""A question analysed once into what every later stage reads: its vector, what it asks for
(`bot.qtype`), the thing it counts or measures, its content terms and the names it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.qtype import Focus, question_focus, slot_noun
from index.lexical import stopwords, terms, words

# Words a question capitalises without naming anyone: its first word, pronouns, and
# sentence openers after a colon.
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*")


@dataclass(frozen=True, eq=False)
class Question:
    """One question, analysed once."""

    text: str
    vector: np.ndarray
    focus: Focus | None
    slot: str  # what a counting or measuring question is about ("crew members"), or ""
    terms: tuple[str, ...]  # stemmed content terms, in order, without repeats
    names: tuple[str, ...]  # capitalised words that name someone or something, as written

    @property
    def open(self) -> bool:
        """An open question ("what happened…") asks for no particular kind of value."""
        return self.focus is None


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
    return Question(
        text=text,
        vector=vector,
        focus=question_focus(text),
        slot=slot_noun(text),
        terms=tuple(dict.fromkeys(terms(text))),
        names=names_in(text),
    )


def content_words(text: str) -> list[str]:
    """The question's words that carry its topic (no stopwords, no short words)."""
    stop = stopwords()
    return [w for w in words(text) if w not in stop and len(w) > 2]
