"""Which event a value is of: one in a clause dated by another year than the article's
("In 2011, a storm killed 23 people"), or by a date or month more than a week from its
publication ("On March 18 the rocket carried 11 satellites" in a June report), is a figure of
another event (`Value.other_year`), not of the one reported."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from index import lexicon as lex
from index.value_types import Kind, Value, clause_of, clause_span, day_span

_YEAR = re.compile(r"(?<![\d,.$€£¥])(?:1[89]|20)\d\d(?![\d,]|\.\d)")
_MONTH = "|".join(sorted((m.capitalize() for m in lex.MONTHS), key=len, reverse=True))
# "In 2011, …", "Last time round, in 2027, …": an opening phrase of one or two parts.
_OPENINGS = (re.compile(r"^([^,;:()\[\]–—]+),"), re.compile(r"^([^,;:()\[\]–—]+,[^,;:()\[\]–—]+),"))
_OPENING_WORDS = 5
_SENTENCE_PART = re.compile(r"[;–—]")


def _opening_year(sentence: str, year: int) -> int:
    """Where the part of the sentence ends that a short opening phrase naming another year
    than the article's dates ("In 2011, a storm killed 23 people"; "Last time round, in
    2027, the party won 118 seats"); 0 when none does."""
    for opening in _OPENINGS:
        m = opening.match(sentence)
        if not m or len(m.group(1).split()) > _OPENING_WORDS:
            return 0
        if any(int(y.group(0)) != year for y in _YEAR.finditer(m.group(1))):
            part = _SENTENCE_PART.search(sentence, m.end())
            return part.start() if part else len(sentence)
    return 0


_YEAR_WHEN = re.compile(r"(?<![\d,.$€£¥])(?P<year>(?:1[89]|20)\d\d),?\s+when\b")


def _years_when(sentence: str, year: int) -> list[tuple[int, int]]:
    """The parts of the sentence that "…since 2027, when" dates with another year than the
    article's: from "when" to the end of the sentence part."""
    spans = []
    for m in _YEAR_WHEN.finditer(sentence):
        if int(m.group("year")) != year:
            part = _SENTENCE_PART.search(sentence, m.end())
            spans.append((m.end(), part.start() if part else len(sentence)))
    return spans


def mark_other_years(sentence: str, found: list[Value], year: int | None) -> list[Value]:
    """Values whose clause names a year other than the article's, or that follow an opening
    phrase naming one ("In 2011, …") or a year's "when" ("since 2027, when …") with no year
    of their own: of another event."""
    if year is None:
        return found
    dated_until = _opening_year(sentence, year)
    dated = _years_when(sentence, year)
    out = []
    for v in found:
        clause = clause_of(sentence, v.start, v.end).replace(v.text, " ")
        years = [int(m.group(0)) for m in _YEAR.finditer(clause)]
        in_dated = v.start < dated_until or any(a <= v.start < b for a, b in dated)
        other = any(y != year for y in years) or (not years and in_dated)
        if v.unit in ("year", "month"):  # a year is itself one: "in 1998" in a 2030 article
            other = other or date.fromordinal(int(v.low)).year != year
        out.append(replace(v, other_year=True) if other else v)
    return out


# A report's event lies within this many days of its publication: a date further off dates
# another event ("On March 18 the rocket carried 11 satellites" in a June report).
EVENT_DAYS = 7
_DATE_WHEN = re.compile(r",?\s+when\b")
_BARE_MONTH = re.compile(rf"\b(?:in|during|since)\s+(?:early\s+|late\s+|mid-)?(?P<month>{_MONTH})\b"
                         r"(?!\.?\s*\d)")


def _month_span(month: int, published: date) -> tuple[float, float]:
    """The days of the last such month up to the publication date ("in March" in a June
    report: this year's; in a January one: last year's)."""
    y = published.year - (month > published.month)
    last = date(y + (month == 12), month % 12 + 1, 1).toordinal() - 1
    return float(date(y, month, 1).toordinal()), float(last)


def _far_dates(sentence: str, found: list[Value], published: date) -> list[tuple[int, int]]:
    """Where the sentence names a date, or a month ("in March"), more than EVENT_DAYS from
    the publication date."""
    spans = [(d.start, d.end, day_span(d)) for d in found if d.kind is Kind.DAY]
    spans += [(m.start("month"), m.end(), _month_span(lex.MONTHS[m.group("month").lower()],
                                                      published))
              for m in _BARE_MONTH.finditer(sentence)]
    today = published.toordinal()
    return [(a, b) for a, b, span in spans
            if span is not None and not span[0] - EVENT_DAYS <= today <= span[1] + EVENT_DAYS]


def _dated_by(sentence: str, v: Value, dates: list[tuple[int, int]]) -> bool:
    """Is a value in the clause of one of these dates, or in the part of the sentence that
    one of them dates with "when" ("on March 18, when it put 11 satellites into orbit")?"""
    left, right = clause_span(sentence, v.start, v.end)
    for start, end in dates:
        if left <= start < right:
            return True
        when = _DATE_WHEN.match(sentence, end)
        part = _SENTENCE_PART.search(sentence, end)
        if when and when.end() <= v.start < (part.start() if part else len(sentence)):
            return True
    return False


def mark_other_days(sentence: str, found: list[Value], published: date | None
                     ) -> list[Value]:
    """Values (not days themselves) that a date or month more than EVENT_DAYS from the
    article's publication dates: of another event."""
    if published is None:
        return found
    far = _far_dates(sentence, found, published)
    if not far:
        return found
    return [replace(v, other_year=True)
            if v.kind is not Kind.DAY and not v.other_year and _dated_by(sentence, v, far)
            else v for v in found]
