"""Claims a sentence makes that can contradict another article's: quantities, days,
negated mentions and who announced something. Pure text processing, no model."""

from __future__ import annotations

import calendar
import functools
import math
import re
from dataclasses import dataclass
from datetime import date

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168,
          "month": 730, "year": 8760}
# Qualifier → how the stated value v bounds the true value: (low factor, high factor, open).
_QUALIFIERS = {
    "over": (1.0, math.inf), "more than": (1.0, math.inf), "above": (1.0, math.inf),
    "just over": (1.0, math.inf), "upwards of": (1.0, math.inf), "at least": (1.0, math.inf),
    "nearly": (0.75, 1.0), "almost": (0.75, 1.0), "just under": (0.75, 1.0),
    "under": (0.0, 1.0), "less than": (0.0, 1.0), "fewer than": (0.0, 1.0),
    "at most": (0.0, 1.0), "up to": (0.0, 1.0),
    "about": (0.85, 1.15), "around": (0.85, 1.15), "roughly": (0.85, 1.15),
    "approximately": (0.85, 1.15), "some": (0.85, 1.15), "some of": (0.85, 1.15),
}
_STRICT = {"over", "more than", "above", "just over", "upwards of", "nearly", "almost",
           "just under", "under", "less than", "fewer than"}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_NUM_RE = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(
    sorted((w for w in _NUMBER_WORDS if len(w) > 2), key=len, reverse=True)
)
_QUANTITY = re.compile(
    rf"(?:\b(?P<qual>{_QUAL_RE})\s+)?\b(?P<num>{_NUM_RE})(?:-|\s+)(?P<unit>[a-z]+)\b",
    re.IGNORECASE,
)
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_RE})\.?|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}}))"
    rf"(?:,?\s+(?P<y>\d{{4}}))?\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
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


@dataclass(frozen=True)
class Quantity:
    """'over two hours': value 2, unit 'hour', bounds (2, inf) with open ends."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    low: float
    high: float
    strict: bool

    def compatible(self, other: Quantity) -> bool:
        """Can both statements be true of one quantity?"""
        scale = _HOURS.get(self.unit), _HOURS.get(other.unit)
        a = (self.low * (scale[0] or 1), self.high * (scale[0] or 1))
        b = (other.low * (scale[1] or 1), other.high * (scale[1] or 1))
        if a[0] == a[1] and b[0] == b[1]:
            return math.isclose(a[0], b[0], rel_tol=0.02)
        lo, hi = max(a[0], b[0]), min(a[1], b[1])
        if lo < hi:
            return True
        # Touching intervals ("over 2" vs exactly 2) only agree if neither end is strict.
        return math.isclose(lo, hi) and not (self.strict or other.strict)

    def same_measure(self, other: Quantity) -> bool:
        """Do both count the same kind of thing (both durations, or the same noun)?"""
        if self.unit in _HOURS and other.unit in _HOURS:
            return True
        return _stem(self.unit) == _stem(other.unit)


@dataclass(frozen=True)
class DayMention:
    """A weekday or calendar date, resolved to a weekday when the year is known."""

    text: str
    start: int
    end: int
    weekday: int | None
    day: date | None
    month_day: tuple[int, int] | None = None

    def differs(self, other: DayMention) -> bool:
        """Do the two mentions name different days?"""
        if self.month_day and other.month_day:
            return self.month_day != other.month_day
        if self.weekday is not None and other.weekday is not None:
            return self.weekday != other.weekday
        return False


@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def quantities(text: str) -> list[Quantity]:
    """Numbers with what they count ('175 prisoners', 'nearly two hours', '30-day')."""
    out = []
    for m in _QUANTITY.finditer(text):
        value = _number(m.group("num"))
        unit = m.group("unit").lower()
        if value is None or unit in ("of", "and", "or", "to", "the", "per", "in"):
            continue
        if unit.endswith("s") and unit[:-1] in _HOURS:
            unit = unit[:-1]
        # A bare year ("in 2022", "2015 Minsk agreements") is a date, not a quantity.
        if m.group("num").isdigit() and len(m.group("num")) == 4 and unit not in _HOURS:
            continue
        qual = (m.group("qual") or "").lower()
        lo_f, hi_f = _QUALIFIERS.get(qual, (1.0, 1.0))
        out.append(
            Quantity(m.group(0), m.start(), m.end(), value, unit, value * lo_f, value * hi_f,
                     qual in _STRICT)
        )
    return out


def days(text: str, year: int | None = None) -> list[DayMention]:
    """Weekdays and dates ('on Tuesday', 'March 18, 2025') with their weekday."""
    out = []
    for m in _WEEKDAY.finditer(text):
        out.append(DayMention(m.group(0), m.start(), m.end(), _WEEKDAYS.index(m.group(1).lower()),
                              None))
    for m in _DATE.finditer(text):
        month = _MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
        day_n = int(m.group("d1") or m.group("d2"))
        y = int(m.group("y")) if m.group("y") else year
        when = None
        if y:
            try:
                when = date(y, month, day_n)
            except ValueError:
                when = None
        out.append(DayMention(m.group(0), m.start(), m.end(),
                              when.weekday() if when else None, when, (month, day_n)))
    return out


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
_DURATION_VERB = re.compile(r"\b(?:last(?:ed|s)?|took|takes|ran|runs|spanned|continued)\s*$", re.I)


def _content(words: list[str]) -> str:
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    while words and words[-1].lower() in _DETERMINERS:
        words = words[:-1]
    return " ".join(words)


def measured(text: str, q: Quantity) -> str:
    """What a quantity measures: 'two hours of talks' → 'talks'; '30-day pause' → 'pause';
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
    if verb:
        words = re.findall(r"[\w’'-]+", before[: verb.start()])[-2:]
        return _content(words) or q.unit
    return _content(re.findall(r"[\w’'-]+", before)[-3:]) or q.unit
