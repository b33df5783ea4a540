"""What a question asks for: a duration, a number, a day, a place, an actor, a reaction, a
yes/no. Decided from its wording (its opening words, mostly), never from its topic."""

from __future__ import annotations

import re
from enum import StrEnum


class Focus(StrEnum):
    """The kind of answer a question wants."""

    DURATION = "duration"
    NUMBER = "number"
    DAY = "day"
    PLACE = "place"
    ACTOR = "actor"
    REACTION = "reaction"
    POLARITY = "polarity"


_LEAD = r"^\W*(?:(?:and|so|but|then|also|exactly|precisely)\s+)?"
_ASKS: tuple[tuple[Focus, re.Pattern[str]], ...] = (
    (Focus.DURATION, re.compile(r"\bhow long\b|\bfor how many (?:hours|minutes|days)\b", re.I)),
    (Focus.NUMBER, re.compile(
        r"\bhow (?:many|much)\b|" + _LEAD + r"what (?:number|percentage|share|proportion)\b",
        re.I)),
    (Focus.DAY, re.compile(
        _LEAD + r"(?:on |by |since |until )?(?:when|(?:what|which) (?:day|date|time))\b", re.I)),
    (Focus.PLACE, re.compile(
        _LEAD + r"(?:in |at )?(?:where|(?:what|which) (?:country|city|place|location))\b", re.I)),
    (Focus.ACTOR, re.compile(_LEAD + r"who\b|\bby whom\b", re.I)),
    (Focus.REACTION, re.compile(
        r"\b(?:react(?:ed|ion|ions)?|respond(?:ed)?|response|comment(?:ed)?)\b"
        r"|" + _LEAD + r"what did [\w .’'-]{1,40}\b(?:say|think)\b",
        re.I)),
    (Focus.POLARITY, re.compile(
        _LEAD + r"(?:did|does|do|was|were|is|are|has|have|had|will|would|could|can)\b", re.I)),
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|hundred|thousand|million|billion|dozen|several|few|half|quarter|third"
)
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# What a sentence that answers each kind of question contains.
_GIVES: dict[Focus, re.Pattern[str]] = {
    Focus.DURATION: re.compile(
        rf"\b(?:\d+|{_NUMBER_WORDS})[- ]{_UNIT}\b|\b{_UNIT}-long\b|\blengthy\b|\bprolonged\b",
        re.I),
    Focus.NUMBER: re.compile(rf"\b\d[\d,.]*\b|\b(?:{_NUMBER_WORDS})\b|\bpercent\b", re.I),
    Focus.DAY: re.compile(
        rf"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tomorrow)\b"
        rf"|\b{_MONTH} \d{{1,2}}\b|\b\d{{1,2}} {_MONTH}\b|\b\d{{1,2}}(?::\d{{2}})? ?[ap]\.?m\b",
        re.I),
    Focus.PLACE: re.compile(r"\b(?:in|at|from|to) (?:the )?[A-Z][a-z]+"),
    Focus.REACTION: re.compile(
        r"[“\"]|\b(?:said|says|stated|remarked|wrote|added|told|warned|insisted|argued"
        r"|commented|described|praised|criticized|criticised|celebrated|welcomed|rejected"
        r"|responded|reacted|voiced|stressed|questioned)\b",
        re.I),
}
_COUNTED = re.compile(r"\bhow (?:many|much)\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+?)\s+"
                      r"(?:did|do|does|will|would|are|were|is|was|have|has|had|can|could)\b",
                      re.I)


def question_focus(question: str) -> Focus | None:
    """The kind of answer the question wants, or None for an open question."""
    for focus, pattern in _ASKS:
        if pattern.search(question):
            return focus
    return None


def gives(focus: Focus | None) -> re.Pattern[str] | None:
    """What a sentence answering this kind of question contains, if it can be told."""
    return _GIVES.get(focus) if focus else None


def counted_thing(question: str) -> str | None:
    """What a 'how many …' question counts ('how many goals did …' → 'goals')."""
    m = _COUNTED.search(question)
    return m.group(1).split()[-1] if m else None
