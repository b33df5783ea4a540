"""What a question asks for, read from its wording (its opening words, mostly), never from
its topic: a duration, a count, a time of day, a day, a year, a measure, a place, an actor, a
reaction or a yes/no, and the thing it counts or measures ("how many crew members…")."""

from __future__ import annotations

import re
from enum import StrEnum

from index.claims import count_states
from index.lexical import stopwords
from index.lexicon import (
    DIMENSION_ADJECTIVES,
    DIMENSION_NOUNS,
    FUNCTION_WORDS,
    MONEY_VERBS,
    MONEY_WORDS,
)


class Focus(StrEnum):
    """The kind of answer a question wants."""

    DURATION = "duration"
    NUMBER = "number"
    CLOCK = "clock"  # a time of day
    DAY = "day"
    YEAR = "year"  # a year, or a date that names its year
    WHEN = "when"  # a day or a time of day
    MEASURE = "measure"  # a number with a unit: altitude, temperature, speed…
    PLACE = "place"
    ACTOR = "actor"
    REACTION = "reaction"
    POLARITY = "polarity"


_LEAD = r"^\W*(?:(?:and|so|but|then|also|exactly|precisely|ok|okay)\W+)*"
_AUX = r"(?:did|do|does|will|would|are|were|is|was|have|has|had|can|could|should|must)"
# "what", "which", also "what was the" / "what's its" before the noun asked.
_WHAT = r"\b(?:what|which)(?:'s|\s+(?:is|was|are|were))?(?:\s+(?:the|its|their|his|her))?"
_DIM_ADJ = "|".join(DIMENSION_ADJECTIVES)
_DIM_NOUN = "|".join(DIMENSION_NOUNS)
# "How much cash…", "how much was it worth?", "what was he fined?": a sum of money.
_ASKS_MONEY = re.compile(
    rf"\bhow much\b(?=[^?]*?\b(?:{'|'.join(sorted(MONEY_WORDS))})\b)"
    rf"|^\W*what\b[^?]*\b(?:{'|'.join(sorted(MONEY_VERBS))})\W*$", re.I)
_ASKS: tuple[tuple[Focus, re.Pattern[str]], ...] = (
    (Focus.DURATION, re.compile(
        rf"\bhow (?:long|lengthy)\b|\bfor how many (?:hours|minutes|days)\b|{_WHAT} duration\b",
        re.I)),
    (Focus.CLOCK, re.compile(
        rf"{_WHAT}(?: local)? time\b|\bat what (?:local )?(?:time|hour)\b", re.I)),
    (Focus.MEASURE, _ASKS_MONEY),
    (Focus.MEASURE, re.compile(
        rf"\bhow (?:{_DIM_ADJ})\b|{_WHAT}(?: \w+){{0,2}} (?:{_DIM_NOUN})(?!\w)", re.I)),
    (Focus.NUMBER, re.compile(
        rf"\bhow (?:many|much)\b|{_WHAT}(?: \w+)? (?:number|percentage|share|proportion|"
        rf"figure|total|tally|count)\b|{_WHAT}(?: \w+){{0,2}} toll\b", re.I)),
    (Focus.DAY, re.compile(rf"{_WHAT} (?:day|date|weekday)\b", re.I)),
    (Focus.YEAR, re.compile(rf"{_WHAT} year\b", re.I)),
    (Focus.WHEN, re.compile(
        _LEAD + r"(?:on |by |since |until )?when\b|\bwhen (?:did|was|will|is|were|do|does)\b",
        re.I)),
    (Focus.PLACE, re.compile(
        _LEAD + r"(?:in |at |from )?(?:where|whereabouts|(?:what|which) "
        r"(?:country|countries|city|cities|place|location|region|town|area))\b", re.I)),
    (Focus.ACTOR, re.compile(_LEAD + r"who(?:se)?\b|\bby whom\b|\b(?:what|which) (?:\w+ )?"
                             r"(?:official|person|people|man|woman|group|party|organi[sz]ation"
                             r"|agency|company|minister|leader)s?\b", re.I)),
    (Focus.REACTION, re.compile(
        r"\b(?:react(?:ed|ion|ions)?|respond(?:ed)?|response|comment(?:ed)?)\b"
        r"|" + _LEAD + r"what did [\w .’'-]{1,40}\b(?:say|think)\b",
        re.I)),
    (Focus.POLARITY, re.compile(
        _LEAD + r"(?:did|does|do|was|were|is|are|has|have|had|will|would|could|can)\b", re.I)),
)

_HOW_MANY = re.compile(r"\bhow (?:many|much)\s+(?P<of>of (?:the|those|these|them)\s+)?", re.I)
# "how many of the passengers were children" counts the children.
_OF_THE = re.compile(r"\b(?:were|are|was|is|had been|have been)\s+(?P<thing>(?:[\w’'-]+\s*){1,3})",
                     re.I)
_SLOT_WORD = re.compile(r"[\w’'-]+")
_AUX_WORDS = frozenset(_AUX[3:-1].split("|")) | {"are", "is", "on", "in", "aboard", "at", "to",
                                                 "from", "for", "by", "of", "with", "that"}
_WHAT_NOUN = re.compile(
    rf"{_WHAT}(?: (?P<adj>\w+(?: \w+)?))? (?P<noun>{_DIM_NOUN}|number|figure|toll|total|tally"
    rf"|percentage|share|proportion|count)(?: of (?P<of>(?:[\w’'-]+\s*){{1,3}}))?",
    re.I,
)
_HOW_ADJ = re.compile(rf"\bhow (?P<adj>{_DIM_ADJ})\b", re.I)


def question_focus(question: str) -> Focus | None:
    """The kind of answer the question wants, or None for an open question."""
    return asking(question)[0]


def asking(question: str) -> tuple[Focus | None, str]:
    """The kind of answer the question wants and the words that ask it ("what time", "how
    long", "which day"): they name the kind of value, not which value of that kind."""
    for focus, pattern in _ASKS:
        m = pattern.search(question)
        if m:
            return focus, m.group(0)
    return None, ""


def _participle(word: str) -> bool:
    """A word saying what happened to a thing ("killed", "missing", "hurt"), not naming it."""
    low = word.lower()
    return word[:1].islower() and low not in stopwords() and (
        low.endswith(("ed", "en", "ing")) or low in FUNCTION_WORDS or bool(count_states(low)))


def _verb_of_state(word: str) -> bool:
    """A word saying what happened to things, not naming them: "died", "wounded", "dead",
    "missing" (not "men", "passengers", "survivors")."""
    low = word.lower()
    return word[:1].islower() and (
        low.endswith("ed") or (bool(count_states(low)) and not low.endswith("s")))


def _noun_phrase(text: str) -> str:
    """Up to three words naming a thing, stopping at a verb or function word ("individuals
    lost their lives" → "individuals"); none when a verb comes first ("how many were
    killed?", "how many died?" count no thing named: what happened to them is its
    state)."""
    thing: list[str] = []
    found = _SLOT_WORD.findall(text)
    if len(found) > 1 and found[0].lower() in _AUX_WORDS and _participle(found[1]):
        return ""
    if found and _verb_of_state(found[0]) and (
            len(found) == 1 or found[1].lower() in _AUX_WORDS | FUNCTION_WORDS):
        return ""  # "how many died?", "how many wounded were there?"
    while found and found[0].lower() in stopwords():  # "the", "its"…
        found = found[1:]
    for word in found[:3]:
        low = word.lower()
        if (low in _AUX_WORDS or low in FUNCTION_WORDS or low.endswith("ly")
                or (thing and low.endswith("ed"))):
            break
        thing.append(word)
    rest = found[len(thing):]
    if thing and len(rest) > 1 and rest[0].lower() == "and" and _plain_noun(rest[1]):
        thing += ["and", rest[1]]  # "how many passengers and crew…": one count of both
    return " ".join(thing)


def _plain_noun(word: str) -> bool:
    """A word that may name things counted: no function word, verb or participle."""
    low = word.lower()
    return (low not in FUNCTION_WORDS and low not in _AUX_WORDS and low not in stopwords()
            and not low.endswith(("ed", "ing", "ly")))


def slot_noun(question: str) -> str:
    """What a counting or measuring question is about ('how many crew members did…' →
    'crew members'; 'what altitude…' → 'altitude'; 'how hot…' → 'hot'), else ''."""
    m = _HOW_MANY.search(question)
    if m and m.group("of"):
        sub = _OF_THE.search(question, m.end())
        if sub:
            return sub.group("thing").strip(" ?.!")
    if m:
        thing = _noun_phrase(question[m.end():])
        if thing:
            return thing
    m = _WHAT_NOUN.search(question)
    if m:
        if m.group("of"):
            return _noun_phrase(m.group("of")) or m.group("noun")
        return m.group("noun")
    m = _HOW_ADJ.search(question)
    return m.group("adj") if m else ""


_WHAT_IS_THE = re.compile(
    r"^\W*what(?:'s|’s|\s+(?:is|was|are|were))\s+(?:the|its|their)\s+"
    r"(?P<thing>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)\s*\?*\s*$",
    re.I,
)


def named_subject(question: str) -> str:
    """The thing a short "what was the X?" question names ("What was the turnout?" →
    "turnout"), which outlets may answer with a figure; else ''."""
    m = _WHAT_IS_THE.match(question)
    return m.group("thing") if m else ""


def dimension_word(question: str) -> str:
    """The dimension a measuring question names, whatever it measures ('what percentage of
    the vote…' → 'percentage'; 'how hot…' → 'hot'), else ''."""
    if question_focus(question) is Focus.MEASURE and _ASKS_MONEY.search(question):
        return "money"
    m = _WHAT_NOUN.search(question) or _HOW_ADJ.search(question)
    if m is None:
        return ""
    return (m.group("noun") if "noun" in m.re.groupindex else m.group("adj")).lower()


# What a sentence answering a place, person or reaction question contains (questions asking
# a value are matched by the values that fill their slot: `bot.slots`).
_GIVES: dict[Focus, re.Pattern[str]] = {
    Focus.PLACE: re.compile(r"\b(?:in|at|from|to|near|over|off) (?:the )?[A-Z][a-z]+"),
    Focus.ACTOR: re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+"),
    Focus.REACTION: re.compile(
        r"[“\"]|\b(?:said|says|stated|remarked|wrote|added|told|warned|insisted|argued"
        r"|commented|described|praised|criticized|criticised|celebrated|welcomed|rejected"
        r"|responded|reacted|voiced|stressed|questioned|tweeted|posted)\b",
        re.I),
}


def gives(focus: Focus | None) -> re.Pattern[str] | None:
    """What a sentence answering a place, person or reaction question contains, else None."""
    return _GIVES.get(focus) if focus else None
