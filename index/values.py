"""Typed values in one news sentence (counts, durations, times of day, days, measures) and
whether two outlets' values can both be true. Pure text processing: no model, no story rules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial

from index import lexicon as lex
from index.event_dating import mark_other_days, mark_other_years
from index.lexical import words
from index.value_types import Kind, Value, date_of, day_span


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMERAL = rf"(?<![\w.,/:$€£¥#-]){_DIGITS}"
_MULT = r"(?:\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn)\b)"
_WORD = rf"(?:{_alt(lex.NUMBER_WORDS - {'and'})})"
_WORDS = rf"(?<![\w-]){_WORD}(?:(?:-|\s+and\s+|\s+){_WORD})*\b"
_NUMBER = rf"(?:{_NUMERAL}{_MULT}?|{_WORDS})"
_SEP = r"(?:\s+|-|(?<=\d))"  # glued units only after a digit: "38,000ft", "24hrs"
_TIME_UNIT = r"(?:hours?|hrs?|h|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|yrs?)"
_MONTH = _alt(m.capitalize() for m in lex.MONTHS)
_MEASURE_UNIT = _alt((*lex.MEASURE_UNITS, *lex.FAHRENHEIT))

_QUAL = re.compile(rf"(?<!\w)(?P<q>{_alt(lex.QUALIFIERS)})\s+$", re.I)
_CLOCK_QUAL = re.compile(rf"(?<!\w)(?P<q>{_alt(lex.CLOCK_TOLERANCE)})\s+$", re.I)
_QUAL_WORDS = frozenset(w for q in lex.QUALIFIERS for w in q.split())
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’.-]*)\s+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)(?![\w])")
_OF_THE = re.compile(r"\s+of\s+(?:the|those|these|them|its|their)\b")
_NOUN_AFTER = re.compile(r"\s+(?:of\s+(?:the\s+)?)?([a-z][a-z'’-]*)\b")
_OPEN_PAREN = re.compile(r"\s*[(\[]\s*")

_ISO_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
_COUNTING_PREPOSITIONS = frozenset({"by", "from", "around", "circa"})  # "by 2000 people"
# A year, or a month of a year, where the wording says it is one: after a month ("March
# 1933") or a preposition of time ("in 1934", "until the 1790s" is not matched: a decade).
_YEAR_VALUE = re.compile(
    rf"(?:(?P<month>{_MONTH})\.?\s+|(?<![\w-])(?P<prep>in|since|until|till|by|from|during"
    rf"|before|after|around|circa)\s+)(?P<year>1\d{{3}}|20\d\d)(?!\d|[,.]\d|\s*(?:%|percent))",
    re.I,
)
_DATE = re.compile(
    rf"(?<![\w.,:])(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\b\.?"
    rf"|(?P<m2>{_MONTH})\b\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_WEEKDAY = re.compile(rf"\b({'|'.join(d.capitalize() for d in lex.WEEKDAYS)})(?![A-Za-z])")
_CLOCK = re.compile(
    r"(?<![\w.,:/$-])(?:(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?|(?P<hhmm>\d{4}))(?!\d)"
    r"(?:\s*(?P<ampm>(?i:[ap](?:\.\s?m\b\.?|\s?m\b)))|\s*(?P<hrs>hrs|hours|h)\b)?"
    rf"(?P<zone>\s*(?:{_alt(lex.ZONES)})(?:[+-]\d{{1,2}})?\b|(?<=\d)Z\b|\s+local\s+time\b"
    r"|\s+[A-Z][a-z]+\s+time\b)?"
)
_NOON = re.compile(r"\b(?:12\s+)?(noon|midday|midnight)\b", re.I)
_DAYPART = re.compile(
    rf"\s+(?:on\s+)?(?:(?:{'|'.join(lex.WEEKDAYS)})\s+)?(?:in\s+the\s+)?"
    r"(morning|afternoon|evening|night)\b", re.I,
)
_DURATION = re.compile(
    rf"(?P<num>{_NUMBER})(?:\s+(?P<mod>{_alt(lex.DURATION_MODIFIERS)}))?{_SEP}"
    rf"(?P<unit>{_TIME_UNIT})(?P<old>-old)?\b", re.I,
)
_MORE_TIME = re.compile(
    rf"(?:,?\s+and\s+|,\s*|\s+)(?P<num>{_NUMBER}){_SEP}(?P<unit>{_TIME_UNIT})\b", re.I
)
_AGO = re.compile(r"\s+ago\b", re.I)
_AND_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
_MONEY_MULT = r"\s*(?:thousand|million|billion|trillion)\b|\s?(?:bn|mn|m|k|b|tn)\b"
_SYMBOLS = "".join(lex.CURRENCY_SYMBOLS)
# A sum after its currency's symbol or ISO code ("$48m", "HK$5", "CHF 5m") …
_MONEY = re.compile(
    rf"(?P<cur>\b(?:US|{'|'.join(lex.DOLLAR_PREFIXES)})\$|(?<![\w{_SYMBOLS}])[{_SYMBOLS}]"
    rf"|\b(?=[A-Z]{{3}}\s)(?:{_alt(lex.CURRENCY_CODES)})\s)\s?(?P<num>{_DIGITS})"
    rf"(?P<mult>{_MONEY_MULT})?"
)
# … or before its name, which may follow a capitalised word or two ("1.2 million marks",
# "14.6m Swiss francs", "5m Norvane marks"); looked for only in a sentence holding a word
# of a currency's name (the pattern is long).
_NAMED_MONEY = re.compile(
    rf"(?<![\w.,/:{_SYMBOLS}#-])(?P<num>{_DIGITS}|{_WORDS})(?P<mult>{_MONEY_MULT})?"
    rf"[\s-]+(?P<name>(?:[A-Z][\w'’-]*\s+){{0,2}}(?i:{_alt(lex.CURRENCY_NAMES)}))(?!\w)"
)
_CURRENCY_WORDS = frozenset(w for name in lex.CURRENCY_NAMES for w in name.split())
_LETTERS = re.compile(r"[^\W\d_]+")
_FRACTION = re.compile(
    rf"\b(?:(?P<num>a|one|two|three|four|nine)[\s-]+)?(?P<frac>{_alt(lex.FRACTIONS)})\s+of\b",
    re.I,
)
_MEASURE = re.compile(rf"(?P<num>{_NUMBER}){_SEP}(?P<unit>{_MEASURE_UNIT})(?!\w)", re.I)
_INCHES = re.compile(rf"(?:,?\s*and)?\s*(?P<n>\d{{1,2}})\s*(?:{_alt(lex.INCHES)}|in\b|\")", re.I)
_COUNT = re.compile(rf"(?:{_NUMERAL}{_MULT}?(?![\w%°$€£¥]|[.,:/]\d)|{_WORDS})(?!-\w)", re.I)
_WORD_TOKEN = re.compile(_WORD + r"\b", re.I)


def _qualifier(sentence: str, start: int, pattern: re.Pattern[str] = _QUAL) -> tuple[str, int]:
    """The qualifier written right before `start` ('more than') and where it begins."""
    m = pattern.search(sentence, 0, start)
    return (m.group("q").lower(), m.start()) if m else ("", start)


def _bounded(kind: Kind, sentence: str, start: int, end: int, value: float,
             high: float | None = None, **kw) -> Value:
    """A value (or span: value to high) with the bounds its qualifier gives (× the
    QUALIFIERS factors)."""
    qual, start = _qualifier(sentence, start)
    lo_f, hi_f = lex.QUALIFIERS.get(qual, (1.0, 1.0))
    top = value if high is None else high
    return Value(kind, sentence[start:end], start, end, value * lo_f, top * hi_f,
                 qual in lex.STRICT_QUALIFIERS, **kw)


def _noun_like(word: str) -> bool:
    w = word.lower()
    return (word not in lex.FUNCTION_WORDS and w not in lex.NUMBER_WORDS and w not in lex.WEEKDAYS
            and lex.unit_of(w) is None)


def _noun_after(sentence: str, pos: int) -> str:
    """The next noun-like word ('$2.5 billion deal' → 'deal', '5% of the vote' → 'vote')."""
    m = _NOUN_AFTER.match(sentence, pos)
    ok = m and _noun_like(m.group(1)) and not m.group(1).endswith(("ed", "ly"))
    return m.group(1) if ok else ""


def _counted(sentence: str, pos: int, of_the: bool) -> str:
    """Up to 3 words naming what is counted, stopping at a function word or punctuation."""
    m = _OF_THE.match(sentence, pos) if of_the else None
    pos = m.end() if m else pos
    words: list[str] = []
    noun_seen = False
    while len(words) < 3 and (w := _NEXT_WORD.match(sentence, pos)):
        word = w.group(1)
        # "23 critically injured soldiers": leading adverbs and participles are adjectives;
        # after a noun they are the verb ("two leaders addressed", "40 villagers reportedly").
        verbish = word.islower() and word.endswith(("ed", "ing", "ly"))
        if (verbish and noun_seen) or not _noun_like(word):
            break
        words.append(word)
        noun_seen, pos = noun_seen or not verbish, w.end()
    return " ".join(words)


_AND_NOUN = re.compile(r"\s+and\s+([a-z][a-z'’-]*)\b(?!\s+\d)")


def _joined_noun(sentence: str, end: int, noun: str) -> str:
    """' and crew' when the count's noun is joined to another ("162 passengers and crew":
    one count of both), else ''."""
    at = sentence.find(noun, end) if noun else -1  # -1 where spaces differ: nothing joined
    m = _AND_NOUN.match(sentence, at + len(noun)) if at >= 0 else None
    joined = m.group(1) if m else ""
    ok = bool(joined) and _noun_like(joined) and not joined.endswith(("ed", "ing", "ly")) and (
        lex.number_value(joined) is None)
    return f" and {joined}" if ok else ""


def _days(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _WEEKDAY.finditer(sentence):
        i = float(lex.WEEKDAYS.index(m.group(1).lower()))
        yield Value(Kind.DAY, m.group(0), m.start(), m.end(), i, i, False, "weekday")
    for m in _ISO_DATE.finditer(sentence):
        yield from _date_value(m, *(int(g) for g in m.groups()))
    for m in _DATE.finditer(sentence):
        month = lex.MONTHS[(m.group("m1") or m.group("m2")).lower()]
        y = int(m.group("y")) if m.group("y") else year
        yield from _date_value(m, y, month, int(m.group("d1") or m.group("d2")))


def _date_value(m: re.Match[str], y: int | None, mo: int, d: int) -> Iterator[Value]:
    try:
        when = date(y or 2000, mo, d)  # 2000 is a leap year: "February 29" stays valid
    except ValueError:
        return
    ordinal = float(when.toordinal() if y else mo * 100 + d)
    yield Value(Kind.DAY, m.group(0), m.start(), m.end(), ordinal, ordinal, False, "date",
                month_day=(mo, d))


def _years(sentence: str, year: int | None) -> Iterator[Value]:
    """Years and months of a year, as the span of days they cover: "in 1934", "March 1933"."""
    for m in _YEAR_VALUE.finditer(sentence):
        follows = _NEXT_WORD.match(sentence, m.end())
        counting = (m.group("prep") or "").lower() in _COUNTING_PREPOSITIONS
        if counting and follows and _noun_like(follows.group(1)):  # "by 2000 people"
            continue
        y = int(m.group("year"))
        month = lex.MONTHS[m.group("month").lower()] if m.group("month") else None
        first = date(y, month or 1, 1)
        last = date(y + (month == 12), (month % 12) + 1, 1) if month else date(y + 1, 1, 1)
        start = m.start("month") if month else m.start("year")
        yield Value(Kind.DAY, sentence[start:m.end()], start, m.end(), float(first.toordinal()),
                    float(last.toordinal() - 1), False, "month" if month else "year")


def _clock_minutes(m: re.Match[str], sentence: str) -> float | None:
    """Minutes after midnight of a clock match, or None when it is not a time of day."""
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if m.group("hhmm"):
        if not (m.group("hrs") or m.group("zone")) or re.match(r"\s+of\b", sentence[m.end():]):
            return None
        h, mi = int(m.group("hhmm")[:2]), int(m.group("hhmm")[2:])
    elif m.group("m") is None:
        if not ampm:
            return None
        h, mi = int(m.group("h")), 0
    else:
        if m.group("sep") == "." and not (ampm or m.group("hrs") or m.group("zone")):
            return None
        h, mi = int(m.group("h")), int(m.group("m"))
    if mi > 59 or h > 24 or (ampm and not 1 <= h <= 12):
        return None
    if ampm:
        h = h % 12 + (12 if ampm == "pm" else 0)
    elif part := _DAYPART.match(sentence, m.end()):
        word = part.group(1).lower()
        if h < 12 and (word in ("afternoon", "evening") or (word == "night" and h >= 6)):
            h += 12
    return float(h % 24 * 60 + mi)


def _zone(text: str) -> str:
    z = " ".join(text.split())
    return "local" if z.endswith(" time") or z == "local time" else z


def _clock_value(sentence: str, start: int, end: int, minutes: float, zone: str) -> Value:
    qual, start = _qualifier(sentence, start, _CLOCK_QUAL)
    before, after = lex.CLOCK_TOLERANCE.get(qual, (0.0, 0.0))
    return Value(Kind.CLOCK, sentence[start:end], start, end, minutes + before, minutes + after,
                 False, "minute", zone=zone)


def _clocks(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _CLOCK.finditer(sentence):
        minutes = _clock_minutes(m, sentence)
        if minutes is not None:
            yield _clock_value(sentence, m.start(), m.end(), minutes, _zone(m.group("zone") or ""))
    for m in _NOON.finditer(sentence):
        minutes = 0.0 if m.group(1).lower() == "midnight" else 720.0
        yield _clock_value(sentence, m.start(), m.end(), minutes, "")


def _extension(sentence: str, end: int, unit: str) -> tuple[float, int]:
    """Hours and end of 'and a half' or a smaller unit after a duration ('and forty minutes')."""
    if half := _AND_HALF.match(sentence, end):
        return lex.TIME_UNITS[unit] / 2, half.end()
    if more := _MORE_TIME.match(sentence, end):
        value, unit2 = lex.number_value(more.group("num")), lex.unit_of(more.group("unit"))
        if value is not None and unit2 and lex.TIME_UNITS[unit2] < lex.TIME_UNITS[unit]:
            return value * lex.TIME_UNITS[unit2], more.end()
    return 0.0, end


def _durations(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _DURATION.finditer(sentence):
        num, unit = m.group("num"), lex.unit_of(m.group("unit"))
        value = lex.number_value(num)
        if value is None or unit is None or (num.lower() in ("a", "an") and unit == "second"):
            continue  # "for a second time" is an ordinal
        if _AGO.match(sentence, m.end()):
            continue  # "a week ago" names a day, not how long something took
        extra, end = _extension(sentence, m.end(), unit)
        adjectival = "-" in sentence[m.end("num"):m.start("unit")]  # "a 45-day pause"
        of = re.match(r"\s+of\b", sentence[end:])  # "three hours of talks"
        noun = _noun_after(sentence, end) if adjectival or of else ""
        if (m.group("mod") or "").lower() in lex.ACTIVITY_TIME:
            noun = m.group("mod").lower()  # "6,100 flying hours": hours of flying
        shortest, longest = lex.TIME_UNIT_SPANS.get(unit, (lex.TIME_UNITS[unit],) * 2)
        yield _bounded(Kind.DURATION, sentence, m.start(), end, value * shortest + extra,
                       value * longest + extra, unit="hour", noun=noun)


def _money(sentence: str, year: int | None) -> Iterator[Value]:
    found = list(_MONEY.finditer(sentence))
    if _CURRENCY_WORDS.intersection(_LETTERS.findall(sentence.lower())):
        found += _NAMED_MONEY.finditer(sentence)
    for m in sorted(found, key=lambda m: m.start()):
        value = lex.number_value(m.group("num") + (m.group("mult") or ""))
        if value is not None:
            yield _bounded(Kind.MEASURE, sentence, m.start(), m.end(), value,
                           unit=_currency_unit(m), noun=_noun_after(sentence, m.end()))


def _currency_unit(m: re.Match[str]) -> str:
    """The canonical unit of a matched sum (`lexicon.CURRENCY_NAMES`)."""
    if m.re is _NAMED_MONEY:  # "Swiss francs", or "Norvane marks": marks
        name = m.group("name").lower().split()
        return next(lex.CURRENCY_NAMES[" ".join(name[i:])] for i in range(len(name))
                    if " ".join(name[i:]) in lex.CURRENCY_NAMES)
    cur = m.group("cur").strip()
    if cur in lex.CURRENCY_CODES:
        return lex.CURRENCY_CODES[cur]
    return "$" if cur == "US$" else lex.CURRENCY_SYMBOLS.get(cur, cur)


def _measures(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _MEASURE.finditer(sentence):
        num, unit = m.group("num"), m.group("unit")
        # One-letter units ("m", "C", "F") only glued to digits: "11,000m", never "5 m".
        loose_letter = len(unit) == 1 and unit.isalpha() and m.end("num") != m.start("unit")
        value = lex.number_value(num)
        if value is None or num.lower() in ("a", "an") or loose_letter:
            continue
        canonical = lex.measure_value(unit, value)
        if canonical is not None:
            extra, end = _inches(sentence, m.end(), unit)
            noun = _noun_after(sentence, end) or _subject_before(sentence, m.start())
            yield _bounded(Kind.MEASURE, sentence, m.start(), end, canonical[1] + extra,
                           unit=canonical[0], noun=noun)


# A person's or thing's age: "Koratz, 61, was convicted", "a 70-year-old dam", "aged 61".
_AGE = re.compile(
    r"(?<=[\w’'.]),\s+(?P<n1>\d{1,3})(?=\s*,|\s+who\b)|(?<![\w-])(?P<n2>\d{1,3})-year-old\b"
    r"|\baged\s+(?P<n3>\d{1,3})\b")
_NAME_BEFORE = re.compile(r"([A-Z][\w’'.-]*)$")


def _ages(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _AGE.finditer(sentence):
        if m.group("n1"):  # an appositive age follows a name
            name = _NAME_BEFORE.search(sentence, 0, m.start())
            if name is None:
                continue
            noun = name.group(1)
        else:
            noun = _noun_after(sentence, m.end()) if m.group("n2") else ""
        age = float(m.group("n1") or m.group("n2") or m.group("n3"))
        start, end = (m.start("n1"), m.end("n1")) if m.group("n1") else m.span()
        yield Value(Kind.MEASURE, sentence[start:end], start, end, age, age, False, "age",
                    noun=noun)


# "Turnout was 64%", "with turnout at 61 percent", "the toll from Storm Dara rose to 41": what
# a measure or a count with nothing after it is of.
_STANDS_AT = (
    rf"(?:(?:has|had|have)\s+)?"
    rf"(?:was|were|is|are|stood at|stands at|reached|at"
    rf"|(?:rose|risen|climbed|jumped|increased|grew|grown|fell|fallen|dropped) to)\s+"
    rf"(?:(?:{_alt(lex.QUALIFIERS)})\s+)?$"
)
_SUBJECT_BEFORE = re.compile(
    r"\b([A-Za-z][a-z'’-]+)\s+(?:(?:from|of|in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4})?"
    rf"(?:{_STANDS_AT}|of\s+(?:(?:{_alt(lex.QUALIFIERS)})\s+)?$)",  # "a turnout of 68.2%"
    re.I,
)
# "The number of people killed when … has risen to 16": what it counts, and what happened
# to them, however long the subject (within its clause).
_NUMBER_OF = re.compile(r"\b(?:number|total)\s+of(?=\s[^,;:()]*?\s" + _STANDS_AT + ")", re.I)
_PARTICIPLE = re.compile(r"\s+([a-z]+ed)\b")


def _subject_before(sentence: str, start: int) -> str:
    """The noun a measure or a bare count is said of, when it comes just before it
    ("turnout was 64%", "a turnout of 68.2 percent", "the toll from Storm Dara rose to 41"),
    past a name after it, or follows "the number of" ("the number of people killed … has
    risen to 16": people killed)."""
    counted = _NUMBER_OF.search(sentence, 0, start)
    noun = _counted(sentence, counted.end(), of_the=False) if counted else ""
    if counted and noun:  # "people killed": what befell them too
        at = sentence.find(noun, counted.end())  # -1 where spaces differ: no participle
        then = _PARTICIPLE.match(sentence, at + len(noun)) if at >= 0 else None
        return f"{noun} {then.group(1)}" if then else noun
    m = _SUBJECT_BEFORE.search(sentence, 0, start)
    if m is None or (m.group(1)[0].isupper() and m.start(1) > 0):
        return ""
    word = m.group(1).lower()
    return word if _noun_like(word) and word not in lex.FUNCTION_WORDS else ""


def _inches(sentence: str, end: int, unit: str) -> tuple[float, int]:
    """Metres and end of the inches after a length in feet ("6 ft 9 in", "5 feet 2 inches")."""
    more = _INCHES.match(sentence, end) if unit.lower() in lex.FEET else None
    inch = lex.MEASURE_UNITS[lex.INCHES[0]][1]
    return (int(more.group("n")) * inch, more.end()) if more else (0.0, end)


def _fractions(sentence: str, year: int | None) -> Iterator[Value]:
    """'almost a fifth of', 'two thirds of', 'half of': a share in percent."""
    for m in _FRACTION.finditer(sentence):
        num = m.group("num")
        count = 1.0 if num is None or num.lower() == "a" else lex.number_value(num)
        if count is None:
            continue
        end = m.end("frac")
        yield _bounded(Kind.MEASURE, sentence, m.start(), end,
                       count * lex.FRACTIONS[m.group("frac").lower()], unit="%",
                       noun=_noun_after(sentence, m.end()))


def _is_identifier(sentence: str, start: int) -> bool:
    """'Flight 8501', 'Boeing 737', 'No. 10': a number named by the capitalised word before."""
    m = _CAPITAL_BEFORE.search(sentence, 0, start)
    if not m:
        return False
    word = m.group(1)
    if word in ("No.", "Nos."):
        return True
    w = word.lower().rstrip(".")
    known = w in lex.FUNCTION_WORDS or w in _QUAL_WORDS or w in lex.WEEKDAYS or w in lex.MONTHS
    return not (known or word.endswith(("'s", "’s", "s'")))


def _count_number(sentence: str, m: re.Match[str]) -> tuple[float, int] | None:
    """(value, end) of a count match; word phrases back off to their longest number prefix."""
    text = m.group(0)
    if text[0].isdigit():
        if text.isdigit() and 1800 <= int(text) <= 2100:
            return None  # a year
        if _is_identifier(sentence, m.start()):
            return None
        value = lex.number_value(text)
        return (value, m.end()) if value is not None else None
    if text.lower() in ("a", "an"):
        return None
    for tok in reversed(list(_WORD_TOKEN.finditer(sentence, m.start(), m.end()))):
        value = lex.number_value(sentence[m.start():tok.end()])
        if value is not None:
            return value, tok.end()
    return None


def _counts(sentence: str, year: int | None) -> Iterator[Value]:
    for m in _COUNT.finditer(sentence):
        parsed = _count_number(sentence, m)
        if parsed is None or parsed[0] < 1 or not parsed[0].is_integer():
            continue  # "half", "10.30": counts are whole numbers ("1.03 million" is)
        value, end = parsed
        noun = _counted(sentence, end, of_the=value != 1)
        if value == 1 and not noun:
            continue
        noun += _joined_noun(sentence, end, noun)
        noun = noun or _subject_before(sentence, m.start())
        yield _bounded(Kind.COUNT, sentence, m.start(), end, value, noun=noun)


_FINDERS: tuple[Callable[[str, int | None], Iterator[Value]], ...] = (
    _days, _clocks, _ages, _durations, _money, _measures, _fractions, _counts, _years,
)


def _mark_converted(sentence: str, found: list[Value]) -> list[Value]:
    """Values in parentheses right after a value of the same kind restate it: converted."""
    out = list(found)
    for i, v in enumerate(out):
        prev = out[i - 1] if i else None
        if not prev or prev.kind != v.kind:
            continue
        if not _OPEN_PAREN.fullmatch(sentence, prev.end, v.start):
            continue
        close = sentence.find(")", v.start)
        close = len(sentence) if close < 0 else close
        for j in range(i, len(out)):
            if out[j].start < close:
                out[j] = replace(out[j], converted=True)
    return out


def values(sentence: str, year: int | None = None, published: date | None = None
           ) -> list[Value]:
    """Every typed value in the sentence, in order of position, non-overlapping; `year` is
    the article's (dates without one take it; another year in a value's clause marks it),
    or that of `published`, its publication date, which also marks values of other days."""
    year = year if year is not None or published is None else published.year
    found: list[Value] = []
    for finder in _FINDERS:
        for v in finder(sentence, year):
            if not any(v.start < f.end and f.start < v.end for f in found):
                found.append(v)
    found.sort(key=lambda v: v.start)
    found = _elided_units(sentence, _shared_nouns(sentence, found))
    found = mark_other_years(sentence, _mark_converted(sentence, found), year)
    return mark_other_days(sentence, found, published)


_JOINED = re.compile(r"^[^;:()\[\]–—.]*(?:,|\band|\bor)\s*$")  # "people died and "


def joined(sentence: str, a: Value, b: Value) -> bool:
    """Are two values, a before b, joined by "and", "or" or a comma within one clause
    ("12 people were killed and 30 injured")?"""
    return bool(_JOINED.search(sentence[a.end : b.start]))


# "eight of the train's 11 carriages", "three of its 12 crew": a part, then its whole.
_PART_OF = re.compile(r"\s+of\s+(?:the|its|their|his|her)(?:\s+[\w’'-]+['’]s)?\s+")


def part_of(sentence: str, a: Value, b: Value) -> bool:
    """Is count a, right before count b, a part of it ("eight of the train's 11 carriages")?"""
    return (a.kind is b.kind is Kind.COUNT
            and _PART_OF.fullmatch(sentence, a.end, b.start) is not None)


def _shared_nouns(sentence: str, found: list[Value]) -> list[Value]:
    """A bare count joined to the count before it counts the same thing ("twelve people
    died and 30 were hurt": 30 people), joined by "and", "or" or a comma; a part counts
    what its whole counts ("eight of the train's 11 carriages": eight carriages)."""
    out: list[Value] = []
    for i, v in enumerate(found):
        prev = out[-1] if out else None
        after = found[i + 1] if i + 1 < len(found) else None
        if after is not None and after.noun and part_of(sentence, v, after):
            v = replace(v, noun=after.noun)
        elif (v.kind is Kind.COUNT and not v.noun and prev is not None
                and prev.kind is Kind.COUNT and prev.noun
                and joined(sentence, prev, v)):
            v = replace(v, noun=prev.noun)
        out.append(v)
    return out


_BARE_END = re.compile(r"\s*(?:[.,;:)!?]|$)")
_LAST_WORD = re.compile(r"([A-Za-z’']+)\W*$")
_UNIT_WORD = re.compile(r"[A-Za-z]+$")


def _word_before(sentence: str, start: int) -> str:
    m = _LAST_WORD.search(sentence, 0, start)
    return m.group(1).lower() if m else ""


def _elided_units(sentence: str, found: list[Value]) -> list[Value]:
    """A bare number ending its clause after the word that came before a duration or
    measure takes that value's unit ("Strand got four years, and Linde got six": six
    years; "jailed for nine years and Lind for six")."""
    out: list[Value] = []
    for v in found:
        if v.kind is Kind.COUNT and not v.noun and _BARE_END.match(sentence, v.end):
            before = _word_before(sentence, v.start)
            source = next((p for p in reversed(out) if p.kind in (Kind.DURATION, Kind.MEASURE)
                           and before and _word_before(sentence, p.start) == before), None)
            unit = _UNIT_WORD.search(source.text) if source else None
            restated = values(f"{v.text} {unit.group(0)}") if unit and source else []
            if len(restated) == 1 and restated[0].kind is source.kind:
                r = restated[0]
                v = replace(r, text=v.text, start=v.start, end=v.end, noun=source.noun)
        out.append(v)
    return out


def _holds(v: Value, point: float) -> bool:
    """Is `point` inside v's bounds (an exclusive bound excludes its end)?"""
    at_end = math.isclose(point, v.low) or math.isclose(point, v.high)
    if v.low == v.high:
        return at_end
    return v.low <= point <= v.high and not (v.strict and at_end)


_NUMERAL_WRITTEN = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _precision(v: Value) -> float:
    """Half the last significant place of the numeral as written, in the value's units
    ("52.4%": 0.05; "9,100 m": 50 m; "1.03 million": 5,000); infinite for number words."""
    m = _NUMERAL_WRITTEN.search(v.text)
    written = m.group(0).replace(",", "") if m else ""
    if not written or not float(written):
        return math.inf
    if "." in written:
        half = 0.5 * 10 ** -len(written.split(".")[1])
    else:
        half = 0.5 * 10 ** (len(written) - len(written.rstrip("0")))
    return half / float(written) * abs(v.low)


def _intervals(a: Value, b: Value, rel_tol: float = 0.01) -> bool:
    """Do two values overlap? Two exact ones agree within `rel_tol`, or within the written
    precision when finer ("52.4%" and "51.9%" differ; "52%" and "52.4%" do not)."""
    if a.low == a.high and b.low == b.high:
        tol = min(rel_tol * max(abs(a.low), abs(b.low)), max(_precision(a), _precision(b)))
        return abs(a.low - b.low) <= tol + 1e-9
    lo, hi = max(a.low, b.low), min(a.high, b.high)
    if math.isclose(lo, hi, abs_tol=1e-9):
        return _holds(a, lo) and _holds(b, lo)
    return lo < hi


def zone_of(v: Value) -> str:
    """A clock value's zone, folded: "local" (also unmarked), "UTC" (also GMT, Z) or as written."""
    return {"": "local", "GMT": "UTC", "Z": "UTC"}.get(v.zone, v.zone)


def local_offset(found: Iterable[list[Value]]) -> float | None:
    """Minutes local time is ahead of UTC, read from restatements in the sentences' values
    ("21:10 (13:10 GMT)"); None when no sentence gives one, or when they give several (a
    story across time zones, a flight from one to another: which one is "local" is unknown)."""
    offsets = Counter(
        (v.low - w.low) % 1440
        for values_ in found
        for v, w in zip(values_, values_[1:], strict=False)
        if v.kind is w.kind is Kind.CLOCK and w.converted and not v.converted
        and zone_of(v) == "local" and zone_of(w) == "UTC"
    )
    return next(iter(offsets)) if len(offsets) == 1 else None


def in_local_time(v: Value, offset: float | None) -> Value:
    """A UTC time of day moved to local time by `offset` minutes (others unchanged)."""
    if offset is None or v.kind is not Kind.CLOCK or zone_of(v) != "UTC":
        return v
    return replace(v, low=(v.low + offset) % 1440, high=(v.high + offset) % 1440, zone="local")


def _clocks_agree(a: Value, b: Value) -> bool | None:
    if zone_of(a) != zone_of(b):
        return None
    return max(a.low, b.low) <= min(a.high, b.high) + 0.5


def _days_agree(a: Value, b: Value) -> bool | None:
    if a.unit == b.unit == "weekday":
        return a.low == b.low
    sa, sb = day_span(a), day_span(b)
    if "year" in (a.unit, b.unit) or "month" in (a.unit, b.unit):  # spans of days
        return None if sa is None or sb is None else max(sa[0], sb[0]) <= min(sa[1], sb[1])
    da, db = date_of(a), date_of(b)
    if a.unit == b.unit == "date":
        return da == db if da and db else a.month_day == b.month_day
    known = da or db
    weekday = a if a.unit == "weekday" else b
    return None if known is None else known.weekday() == int(weekday.low)


_COMPARATORS: dict[Kind, Callable[[Value, Value], bool | None]] = {
    Kind.COUNT: partial(_intervals, rel_tol=0.001),  # counts are exact: 161 is not 162
    Kind.DURATION: _intervals,
    Kind.MEASURE: _intervals,
    Kind.CLOCK: _clocks_agree,
    Kind.DAY: _days_agree,
}


def bounded(v: Value) -> bool:
    """Has the value an upper bound ("over three hours" has none)?"""
    return math.isfinite(v.high)


def compatible(a: Value, b: Value) -> bool | None:
    """Can both statements be true of one quantity? None when they cannot be compared."""
    if a.kind != b.kind or (a.kind is not Kind.DAY and a.unit != b.unit):
        return None
    return _COMPARATORS[a.kind](a, b)


def stands_for_event(v: Value) -> bool:
    """Can the value answer for the event reported: not a bracketed restatement of the value
    before it ("(13:10 GMT)"), not in a clause about another year's event?"""
    return not (v.converted or v.other_year)


def noun_stems(text: str) -> set[str]:
    """Stems of the words naming what a value counts or describes ("staff members")."""
    return {lex.stem(w) for w in words(text)}


_ATTRIBUTE = re.compile(r"-[^\W\d_]+$")  # "45-day": the duration describes the noun after it


def same_activity(a: Value, b: Value) -> bool:
    """Are two values not durations of different activities ("6,100 flying hours" against
    "about two hours" of a flight: `lexicon.ACTIVITY_TIME`)?"""
    def activity(v: Value) -> str:
        return v.noun if v.kind is Kind.DURATION and v.noun in lex.ACTIVITY_TIME else ""

    return activity(a) == activity(b)


def is_attribute(v: Value) -> bool:
    """A duration written as an attribute of a noun ("a 45-day pause")."""
    return v.kind is Kind.DURATION and bool(v.noun) and bool(_ATTRIBUTE.search(v.text))


def _same_thing(a: Value, b: Value) -> bool:
    """One thing: the same head noun, or the same first word ("six staff" / "seven staff
    members"), never a shared modifier alone ("Chileans" / "injured Chilean miners"), nor a
    part of a joined count ("155 passengers" / "162 passengers and crew")."""
    wa, wb = words(a.noun), words(b.noun)
    if not (wa and wb) or ("and" in wa) != ("and" in wb):  # "passengers and crew"
        return False
    return lex.stem(wa[-1]) == lex.stem(wb[-1]) or lex.stem(wa[0]) == lex.stem(wb[0])


def same_slot(a: Value, b: Value) -> bool:
    """Could both values answer one question's slot? The question-free form of the slot rules
    (`bot.slots.fills`), stricter for want of a question: the same kind, both of the event
    reported, and counts, shares, sums and ages of one thing (the same head noun: "140
    prisoners" and "150 prisoners", never "12 injured soldiers"; "Koratz, 61" and "Koratz,
    62"), attribute durations of one noun."""
    if a.kind != b.kind or not (stands_for_event(a) and stands_for_event(b)):
        return False
    if a.kind is Kind.COUNT or a.unit in lex.GENERIC_MEASURE_UNITS or a.unit == "age":
        return _same_thing(a, b)
    if is_attribute(a) or is_attribute(b):
        return is_attribute(a) and is_attribute(b) and _same_thing(a, b)
    return same_activity(a, b)


def describe(v: Value) -> str:
    """A short label of the value as written ('9:10 a.m.', '40 people')."""
    if v.kind is Kind.COUNT and v.noun and v.noun not in v.text:
        return f"{v.text} {v.noun}"
    return v.text
