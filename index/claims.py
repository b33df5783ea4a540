"""Claims a sentence makes that can contradict another article's, besides its typed values
(`index.values`): negated mentions, who announced something, what a value measures and
whether the sentence itself reports differing accounts. Pure text processing, no model."""

from __future__ import annotations

import re
from datetime import date

from index.lexicon import FUNCTION_WORDS
from index.values import Value

_COMM_VERBS = (
    r"talk(?:ed|s|ing)?|discuss(?:ed|es|ing)?|mention(?:ed|s|ing)?|address(?:ed|es|ing)?"
    r"|rais(?:e|ed|es|ing)|allude(?:s|d)?|refer(?:s|red)?|bring up|brought up|cover(?:ed|s)?"
)
_NEGATED_MENTION = re.compile(
    rf"\b(?:didn[’']t|did not|does not|doesn[’']t|do not|don[’']t|never|neither|nor|not|no)"
    rf"\s+(?:\w+\s+){{0,3}}?(?:{_COMM_VERBS})\s+(?:about\s+|to\s+|on\s+)?"
    rf"(?P<object>(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)",
    re.IGNORECASE,
)
_ANNOUNCE = re.compile(
    r"(?P<subject>\b[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|\b(?:He|She|They|It)\b)"
    r"\s+(?:also\s+|quickly\s+|later\s+)?(?P<verb>announced|disclosed|declared|unveiled)\b"
)
# "The statements differ", "discrepancies between the accounts", "officials dispute this".
_REPORTED = re.compile(
    r"\b(?:differ(?:s|ed|ing)?|differences?|discrepanc\w*|contradict\w*|conflicting|at odds)\b"
    r"(?=.*\b(?:statements?|accounts?|reports?|versions?|readouts?|summar\w+|claims?)\b)"
    r"|\b(?:statements?|accounts?|reports?|versions?|readouts?|summar\w+)\b.*\bdiffer"
    r"|\bdispute[sd]? (?:this|that|it|the claim|these)\b",
    re.IGNORECASE,
)
_STOP_SUBJECTS = {"the", "a", "an", "this", "that", "these", "those", "both", "they", "it"}


def negated_mentions(text: str) -> list[tuple[str, int, int]]:
    """Objects the sentence says were not talked about: ('aid', start, end)."""
    out = []
    for m in _NEGATED_MENTION.finditer(text):
        obj = re.sub(r"^the\s+", "", m.group("object"), flags=re.I)
        out.append((obj, m.start(), m.end()))
    return out


def announcers(text: str) -> list[tuple[str, str]]:
    """(subject, verb) pairs of announcement verbs: ('Russia', 'announced')."""
    out = []
    for m in _ANNOUNCE.finditer(text):
        subject = m.group("subject").strip()
        words = subject.split()
        while words and words[0].lower() in _STOP_SUBJECTS - {"they", "it"}:
            words = words[1:]
        if words:
            out.append((" ".join(words), m.group("verb")))
    return out


def reports_disagreement(text: str) -> bool:
    """Does the sentence itself say that accounts differ or are disputed?"""
    return bool(_REPORTED.search(text))


def year_of(text: str, published: date | None) -> int | None:
    """The year a bare 'March 18' in an article refers to: its publication year only.

    Years mentioned in the text are often about the past ("the 2016 election"), so they
    are not trusted to date the article's own events.
    """
    return published.year if published else None


_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "of", "for",
                "over", "after", "following", "within", "in", "by"}
_DURATION_VERB = re.compile(
    r"\b(?:last(?:ed|s)?|took|takes|ran|runs|spanned|continued)(?:\s+(?:only|just|barely|for))?\s*$",
    re.I,
)


def _content(words: list[str]) -> str:
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    while words and words[-1].lower() in _DETERMINERS:
        words = words[:-1]
    return " ".join(words)


def measured(text: str, q: Value) -> str:
    """What a value measures: 'three hours of talks' → 'talks'; '45-day pause' → 'pause';
    'the meeting lasted three hours' → 'meeting'."""
    after = text[q.end :]
    m = re.match(r"\s+of\s+([\w’'-]+(?:\s+[\w’'-]+)?)", after)
    if m:
        return _content(m.group(1).split()[:1]) or m.group(1)
    m = re.match(r"\s+([a-z][\w’'-]+)", after)
    if m and "-" in q.text:
        return m.group(1)
    before = text[: q.start]
    verb = _DURATION_VERB.search(before.rstrip())
    if verb:  # the subject, names left out: "the crossing from A to B lasted" → "crossing"
        found = re.findall(r"[\w’'-]+", before[: verb.start()])
        subject = [w for w in found if w[0].islower() and w not in FUNCTION_WORDS][-2:]
        return " ".join(subject) or q.unit
    return _content(re.findall(r"[\w’'-]+", before)[-3:]) or q.unit
