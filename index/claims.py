"""Claims a sentence makes that can contradict another article's, besides its typed values
(`index.values`): negated mentions, who announced something, what a value measures, what
happened to what a count counts, and whether the sentence itself reports differing
accounts. Pure text processing, no model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from index.lexical import stopwords, words
from index.lexicon import (
    ANNOUNCING_VERBS,
    BESIDE_TOTAL,
    COUNT_STATE_WORDS,
    FUNCTION_WORDS,
    INSIDE_TOTAL,
    MONTHS,
    PRESENT_STATE,
    SAYING_VERBS,
    WEEKDAYS,
    stem,
)
from index.value_types import Kind, Value, clause_span
from index.values import part_of

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
_ANNOUNCING = "|".join(ANNOUNCING_VERBS)
_ANNOUNCE = re.compile(
    r"(?P<subject>\b[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|\b(?:He|She|They|It)\b)"
    rf"\s+(?:also\s+|quickly\s+|later\s+)?(?P<verb>{_ANNOUNCING})\b"
)
_ANNOUNCED_BY = re.compile(
    rf"\b(?:(?P<verb>{_ANNOUNCING})|announcement\s+was\s+made)\s+by\s+"
    r"(?:[a-z]+\s+){0,4}?(?P<subject>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})"
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
    """(subject, verb) pairs of announcement verbs: ('Russia', 'announced'), also in the
    passive ("was announced by Russia", "the announcement was made by minister Ivo Lind")."""
    out = []
    for m in (*_ANNOUNCE.finditer(text), *_ANNOUNCED_BY.finditer(text)):
        subject = m.group("subject").strip()
        words = subject.split()
        while words and words[0].lower() in _STOP_SUBJECTS - {"they", "it"}:
            words = words[1:]
        if words:
            out.append((" ".join(words), m.group("verb") or "announced"))
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


# What a count says happened to what it counts (killed, injured, missing…): counts in
# different states answer different questions, in answers (`bot.count_states`) and in the
# listing (`index.conflicts`).
PHRASE_WORDS = 5  # words after a count that say what it counts and what happened to it
BEFORE_WORDS = 3  # words before a count that may say what happened to it ("killed 12")
_CONJUNCTIONS = frozenset(("and", "or", "but", "while", "whereas"))


def count_phrase(text: str, v: Value, every: Sequence[Value]) -> str:
    """What the sentence says of a count: up to BEFORE_WORDS words before it ("killed 12
    people") and PHRASE_WORDS after it ("12 people were killed"), within its clause and
    short of the values either side, not reaching past a conjunction ("… and 30 people
    were injured" says nothing of the 30 before "and", nor "12 were killed and" of the 12
    after it)."""
    start, end = clause_span(text, v.start, v.end)
    # A part reads on past its whole: "eight of the train's 11 carriages left the tracks".
    whole = next((w for w in every if w.start >= v.end and part_of(text, v, w)), None)
    past = whole.end if whole is not None else v.end
    left = max([start, *(w.end for w in every if w.end <= v.start)])
    right = min([end, *(w.start for w in every if w.start >= past)])
    before: list[str] = []
    for word in reversed(text[left : v.start].split()[-BEFORE_WORDS:]):
        if word.lower() in _CONJUNCTIONS:
            break
        before.insert(0, word)
    after: list[str] = []
    for word in text[past:right].split()[:PHRASE_WORDS]:
        if word.lower() in _CONJUNCTIONS:
            break
        after.append(word)
    phrase = " ".join([*before, text[v.start : past], *after])
    return phrase if v.noun in phrase else f"{v.noun} {phrase}"  # "the toll … rose to 41"


_STATE_OF: dict[str, str] = {
    stem(w): state for state, ws in COUNT_STATE_WORDS.items() for w in ws
}


def count_states(phrase: str) -> frozenset[str]:
    """The states a count phrase names ("12 people were killed" → dead), none if it names
    none (`lexicon.COUNT_STATE_WORDS`)."""
    return frozenset(_STATE_OF[w] for w in map(stem, words(phrase)) if w in _STATE_OF)


def states_of(phrase: str) -> frozenset[str]:
    """The states a count phrase names, or the state of all the things counted
    (`lexicon.PRESENT_STATE`) if it names none ("1,100 firefighters battled the fire")."""
    return count_states(phrase) or frozenset((PRESENT_STATE,))


def different_states(a: str, b: str) -> bool:
    """Are two count phrases of no state in common ("killed 12" / "30 were hurt"; "1,100
    firefighters battled" / "one firefighter was hurt")?"""
    return not states_of(a) & states_of(b)


# A run of capitalised words ("Civic Renewal Party", "Maskel's"), possibly with "of".
_NAME_RUN = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*")
_NOT_NAMES = frozenset(WEEKDAYS) | frozenset(MONTHS)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:at|from|in|on|near|to|of|by|with|into|over|off|for|outside|inside)\s+(?:the\s+)?$",
    re.I)


def names_before(text: str, v: Value) -> frozenset[str]:
    """The words of the names before a value in its clause, whose value it may be ("The
    Green Left Union won 5.9 percent"): not a place or object after a preposition ("from
    the Marrow Point complex at 6:42"), a source saying it ("Hallen said …"), a day or
    month, nor a lone capitalised word opening the sentence ("Turnout was …")."""
    left, _ = clause_span(text, v.start, v.end)
    out: set[str] = set()
    for m in _NAME_RUN.finditer(text, left, v.start):
        after = words(text[m.end() : m.end() + 20])
        if ((after and after[0] in SAYING_VERBS)
                or _PREPOSITION_BEFORE.search(text, 0, m.start())
                or (m.start() == 0 and len(m.group(0).split()) == 1)):
            continue
        out.update(w for w in words(m.group(0)) if w not in stopwords() and w not in _NOT_NAMES)
    return frozenset(out)


def different_subjects(text_a: str, a: Value, text_b: str, b: Value) -> bool:
    """Are two values said of different names ("the Green Left Union won 5.9 percent" /
    "Civic Renewal took 47.3 percent": no word in common)? Unknown (no name before one) is
    not different."""
    na, nb = names_before(text_a, a), names_before(text_b, b)
    return bool(na and nb) and not na & nb


# A count's place against a total: "inside" ("175 prisoners, including 23 injured"),
# "beside" ("175 Ukrainians will be exchanged. Additionally, 23 injured …").
SCOPE_WORDS = 4  # words before a count that may say its place ("including the return of 23")
_SCOPES = {**dict.fromkeys(INSIDE_TOTAL, "inside"), **dict.fromkeys(BESIDE_TOTAL, "beside")}
_SCOPE = re.compile(
    r"\b(?P<m>" + "|".join(sorted(map(re.escape, _SCOPES), key=len, reverse=True)) + r")\b",
    re.I)


def total_scope(text: str, v: Value, before: Sequence[Value]) -> str:
    """Whether a count is said to be inside or beside a total (`SCOPE_WORDS` words before it
    say so, and a count `before` it, in its sentence or the one before, is that total), else
    ''."""
    if v.kind is not Kind.COUNT or not any(t.kind is Kind.COUNT for t in before):
        return ""
    lead = text[: v.start].split()[-SCOPE_WORDS:]
    found = list(_SCOPE.finditer(" ".join(lead)))
    return _SCOPES[found[-1].group("m").lower()] if found else ""
