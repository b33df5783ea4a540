"""A typed value of a news sentence and the clause that holds it: what the parser
(`index.values`), the event dating (`index.event_dating`) and the comparators share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """What a value states: a count, a duration, a time of day, a day or a measure."""

    COUNT = "count"
    DURATION = "duration"
    CLOCK = "clock"
    DAY = "day"
    MEASURE = "measure"


@dataclass(frozen=True)
class Value:
    """One typed value; low/high bound the true value in canonical units (equal when exact).

    Canonical units: COUNT a number; DURATION hours; CLOCK minutes after midnight; DAY a
    weekday index (monday=0) or, for a date, date.toordinal() when the year is known, else
    month*100+day, or for a year or a month of a year the ordinals of its first and last
    days; MEASURE the unit in `unit`.
    """

    kind: Kind
    text: str  # exactly sentence[start:end], qualifier included ("more than five hours")
    start: int
    end: int
    low: float
    high: float
    strict: bool  # the qualifier's bound is exclusive ("over three hours")
    unit: str = ""  # "", "hour", "minute", "weekday"/"date"/"year"/"month", a measure unit, "age"
    noun: str = ""  # what is counted or measured, as written ("crew members"), else ""
    zone: str = ""  # CLOCK: "GMT", "UTC", "local", another abbreviation, or ""
    converted: bool = False  # a parenthetical restatement of the value before it
    # Another year named in the value's clause: a figure of another event ("the 40,000 who
    # rallied in 1998"), not of the one reported.
    other_year: bool = False
    month_day: tuple[int, int] | None = None  # DAY dates: (month, day)


# Punctuation between clauses; not a colon inside a time ("4:15"), nor a period inside a
# sentence (pysbd keeps "a.m." and "U.S." inside one).
_CLAUSE_BREAK = re.compile(r"[,;()\[\]–—]|:(?!\d)")


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause holding sentence[start:end] starts and ends: the nearest punctuation
    on each side."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, end)), len(sentence))
    return left, right


def clause_of(sentence: str, start: int, end: int) -> str:
    """The clause holding sentence[start:end]: up to the nearest punctuation on each side."""
    left, right = clause_span(sentence, start, end)
    return sentence[left:right]


def date_of(v: Value) -> date | None:
    """The calendar date of a DAY date whose year is known (its low is an ordinal)."""
    return date.fromordinal(int(v.low)) if v.unit == "date" and v.low > 10000 else None


def day_span(v: Value) -> tuple[float, float] | None:
    """The days a DAY value covers, as ordinals, when it names its year."""
    if v.unit in ("year", "month"):
        return v.low, v.high
    return (v.low, v.high) if date_of(v) else None
