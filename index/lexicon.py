"""The project's single lexicon: days, months, units, qualifiers, number words and stemming."""

from __future__ import annotations

import functools
import math
import re


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
MONTHS: dict[str, int] = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9

# Canonical time unit → hours.
TIME_UNITS: dict[str, float] = {
    "second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0,
    "month": 730.0, "year": 8760.0,
}
# Units of varying length, in hours (shortest, longest): "a month" is 30 days too.
TIME_UNIT_SPANS: dict[str, tuple[float, float]] = {
    "month": (672.0, 744.0), "year": (8760.0, 8784.0),
}
_TIME_ALIASES: dict[str, str] = {
    "s": "second", "sec": "second", "secs": "second",
    "min": "minute", "mins": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour",
    "yr": "year", "yrs": "year",
}

FEET = ("feet", "foot", "ft")
INCHES = ("inches", "inch")  # and "in", read as a unit only after feet ("6 ft 9 in")
# Surface unit (lower case) → (canonical unit, factor to the canonical unit).
MEASURE_UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(FEET, ("m", 0.3048)),
    **dict.fromkeys(INCHES, ("m", 0.0254)),
    **dict.fromkeys(("cm", "centimetres", "centimeters", "centimetre", "centimeter"), ("m", 0.01)),
    **dict.fromkeys(("metres", "meters", "metre", "meter", "m"), ("m", 1.0)),
    **dict.fromkeys(("km", "kilometres", "kilometers", "kilometre", "kilometer"), ("m", 1000.0)),
    **dict.fromkeys(("miles", "mile", "mi"), ("m", 1609.344)),
    **dict.fromkeys(("square kilometres", "square kilometers", "sq km", "km2"), ("km²", 1.0)),
    **dict.fromkeys(("square miles", "sq miles"), ("km²", 2.58999)),
    **dict.fromkeys(("hectares", "hectare"), ("km²", 0.01)),
    **dict.fromkeys(("acres", "acre"), ("km²", 0.00404686)),
    **dict.fromkeys(("kg", "kilograms", "kilogram", "kilos"), ("kg", 1.0)),
    **dict.fromkeys(("tonnes", "tonne", "tons", "ton"), ("kg", 1000.0)),
    **dict.fromkeys(("pounds", "pound", "lb", "lbs"), ("kg", 0.4536)),
    **dict.fromkeys(("mph", "miles per hour"), ("km/h", 1.609)),
    **dict.fromkeys(("km/h", "kph", "kmh", "kilometres per hour"), ("km/h", 1.0)),
    **dict.fromkeys(("knots", "knot"), ("km/h", 1.852)),
    **dict.fromkeys(("°c", "° c", "degrees c", "degree c", "degrees celsius", "degree celsius",
                     "degrees centigrade", "c"), ("°C", 1.0)),
    **dict.fromkeys(("percent", "per cent", "%", "pct"), ("%", 1.0)),
    **dict.fromkeys(("percentage points", "percentage point"), ("pp", 1.0)),
}
# Fahrenheit is an offset scale, converted by measure_value() rather than a factor.
FAHRENHEIT: frozenset[str] = frozenset(
    ("°f", "° f", "degrees f", "degree f", "degrees fahrenheit", "degree fahrenheit", "f")
)

# Currencies, from babel's English names (CLDR) and ISO 4217 codes, each to one canonical
# unit: the symbol for dollars, euros, pounds sterling and yen, else the plural name's last
# word ("14.6m marks", "5m Swiss francs" and "CHF 5m" are francs). A bare "dollars" is
# American. Only currencies that are or were legal tender somewhere: not funds, metals or
# units of account.
_SYMBOL_CURRENCIES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
# Currency names that mean something else after a number ("in 2015 won", "5 pounds" is a
# weight: sterling is written "£"); they count as money only in full ("South Korean won").
_NOT_CURRENCY_ALONE = frozenset(("won", "real", "reals", "rand", "dong", "som", "soms",
                                 "pound", "pounds", "kip", "kips", "gold", "account"))
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _currency_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(name → unit, ISO code → unit, symbol → unit) for every current or past currency."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_currency_name

    english = Locale.parse("en")
    tender = {code for spans in get_global("territory_currencies").values()
              for code, _start, _end, is_tender in spans if is_tender}
    names: dict[str, str] = {"pounds sterling": "£", "pound sterling": "£"}
    codes: dict[str, str] = {}
    symbols: dict[str, str] = {s: s for s in _SYMBOL_CURRENCIES.values()}
    order = sorted(english.currencies, key=lambda c: (c not in _SYMBOL_CURRENCIES, c))
    for code in order:
        if code not in tender:
            continue
        plural, singular = (_PARENTHESES.sub("", get_currency_name(code, n, english))
                            .lower().strip() for n in (2, 1))
        unit = _SYMBOL_CURRENCIES.get(code) or plural.split()[-1]
        codes[code] = unit
        for name in (plural, singular):
            names.setdefault(name, unit)
            last = name.split()[-1]
            if last.isalpha() and len(last) >= 3 and last not in _NOT_CURRENCY_ALONE:
                names.setdefault(last, unit)
        symbol = english.currency_symbols.get(code, "")
        if symbol and not any(c.isascii() and c.isalpha() for c in symbol):
            symbols.setdefault(symbol, unit)
    return names, codes, symbols


CURRENCY_NAMES, CURRENCY_CODES, CURRENCY_SYMBOLS = _currency_tables()
# Dollars of other countries written with a prefix ("A$5m", "HK$20"), each a unit of its own.
DOLLAR_PREFIXES: tuple[str, ...] = ("A", "C", "NZ", "HK", "S")
MONEY_UNITS: frozenset[str] = (frozenset(CURRENCY_NAMES.values())
                               | {f"{p}$" for p in DOLLAR_PREFIXES})
# Dimension words ("how hot", "what altitude") and the canonical units (MEASURE_UNITS) of a
# measure that answers them; None: any unit ("what amount"); empty: no measure unit (an age is
# a duration, not a measure).
DIMENSION_UNITS: dict[str, frozenset[str] | None] = {
    **dict.fromkeys(("hot", "cold", "warm", "temperature"), frozenset(("°C",))),
    **dict.fromkeys(("fast", "speed"), frozenset(("km/h",))),
    **dict.fromkeys(("far", "high", "deep", "tall", "wide", "altitude", "height", "depth",
                     "distance", "length", "width"), frozenset(("m",))),
    **dict.fromkeys(("heavy", "weight"), frozenset(("kg",))),
    **dict.fromkeys(("big", "large", "size"), frozenset(("m", "km²"))),
    **dict.fromkeys(("expensive", "much money", "money", "price", "cost"), MONEY_UNITS),
    **dict.fromkeys(("percentage", "percent", "per cent", "%", "rate"), frozenset(("%", "pp"))),
    **dict.fromkeys(("old", "age"), frozenset(("age",))),
    **dict.fromkeys(("magnitude", "amount"), None),
}
# Verbs that make a question ending with them ask a sum of money ("what was he fined?",
# "what was it worth?", "what did it cost?"), answered in any currency.
MONEY_VERBS: frozenset[str] = frozenset((
    "cost", "costs", "worth", "fined", "pay", "paid", "spend", "spent", "earn", "earned",
    "owe", "owed",
))
# Words that make a "how much" question ask a sum of money ("how much cash…", "how much was
# it worth?").
MONEY_WORDS: frozenset[str] = MONEY_VERBS | frozenset((
    "money", "cash", "price", "fine", "fines", "funding", "funds", "budget", "salary",
    "wages", "compensation", "damages", "bail", "ransom", "embezzle", "embezzled", "steal",
    "stole", "stolen", "bribe", "bribes",
))
DIMENSION_ADJECTIVES: tuple[str, ...] = (
    "hot", "cold", "warm", "fast", "far", "high", "deep", "heavy", "tall", "big", "large",
    "old", "wide", "expensive", "much money",
)
DIMENSION_NOUNS: tuple[str, ...] = (
    "altitude", "height", "depth", "distance", "speed", "temperature", "weight", "age", "price",
    "cost", "size", "length", "width", "magnitude", "percentage", "percent", "per cent", "%",
    "rate", "amount",
)
# Dimension words of time as well as space: "the length of the talks" is a duration, "the
# length of the runway" a distance.
OF_TIME_TOO: frozenset[str] = frozenset(("length",))
# The noun of a dimension adjective: "how deep" is answered "at a depth of 10 km".
DIMENSION_NOUN_OF: dict[str, str] = {
    "hot": "temperature", "cold": "temperature", "warm": "temperature", "fast": "speed",
    "far": "distance", "high": "height", "deep": "depth", "tall": "height", "wide": "width",
    "heavy": "weight", "big": "size", "large": "size", "old": "age", "expensive": "price",
}
# What happened to the people or things a news count counts: counts in different states
# answer different questions ("12 killed and 30 injured"; killed, missing, aboard and rescued
# are different slots). Words as written; `count_states` reads their stems.
COUNT_STATE_WORDS: dict[str, tuple[str, ...]] = {
    "dead": ("killed", "kill", "killing", "dead", "died", "die", "dying", "deaths", "death",
             "fatalities", "perished", "toll", "bodies", "lives"),
    "injured": ("injured", "injuring", "injuries", "wounded", "wounding", "hurt", "hospitalised",
                "hospitalized", "hospital"),
    "missing": ("missing", "unaccounted"),
    "rescued": ("rescued", "rescuing", "rescue", "saved", "freed", "free", "freeing",
                "released", "release", "releasing", "survivors", "survived"),
    "evacuated": ("evacuated", "evacuation", "evacuate", "evacuees"),
    "aboard": ("aboard", "board", "carrying", "carried", "passengers"),
    "arrested": ("arrested", "arrests", "detained", "custody", "held"),
}
# The state of a count naming none ("162 people", "1,100 firefighters"): all the things
# there. What happened to some of them (killed, injured…) is another count.
PRESENT_STATE = "aboard"
# Fraction words ("a fifth of", "two thirds of") as shares of a whole, in percent.
FRACTIONS: dict[str, float] = {
    **dict.fromkeys(("half", "halves"), 50.0),
    **dict.fromkeys(("third", "thirds"), 100 / 3),
    **dict.fromkeys(("quarter", "quarters"), 25.0),
    **dict.fromkeys(("fifth", "fifths"), 20.0),
    **dict.fromkeys(("tenth", "tenths"), 10.0),
}
# Measures that answer any "how much" (a sum of money, a share), unlike physical ones.
GENERIC_MEASURE_UNITS: frozenset[str] = MONEY_UNITS | frozenset(("%", "pp"))


def dimension_units(slot: str) -> frozenset[str] | None:
    """The measure units that answer a slot naming a dimension; None when any unit may (the
    slot names no dimension, or a generic one)."""
    return DIMENSION_UNITS.get(slot.lower())


# Words before a number that make it a reference to things already counted ("did the two
# sides meet?"), not a count stated.
REFERRING: frozenset[str] = frozenset(
    ("the", "these", "those", "its", "their", "his", "her", "our", "both", "all")
)

# Words that name no particular thing counted: "what number…", "what figure…".
GENERIC_SLOT_WORDS: frozenset[str] = frozenset(
    ("number", "figure", "total", "count", "tally", "amount", "toll")
)

# Qualifier → (low factor, high factor): how a stated value v bounds the true value.
QUALIFIERS: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("over", "more than", "above", "upwards of", "at least", "in excess of",
                     "no fewer than", "no less than"), (1.0, math.inf)),
    "just over": (1.0, 1.25),
    **dict.fromkeys(("nearly", "almost", "just under", "close to"), (0.85, 1.0)),
    **dict.fromkeys(("under", "less than", "fewer than", "at most", "up to", "no more than",
                     "as many as", "as much as"), (0.0, 1.0)),
    **dict.fromkeys(("about", "around", "roughly", "approximately", "some", "an estimated",
                     "estimated", "an approximate", "circa"), (0.85, 1.15)),
}
# Qualifiers whose bound at the stated value is exclusive ("over three hours" is not three hours).
STRICT_QUALIFIERS: frozenset[str] = frozenset(
    ("over", "more than", "above", "just over", "nearly", "almost", "under", "less than",
     "fewer than", "just under")
)
# Qualifier before a time of day → (minutes before, minutes after) the stated time.
CLOCK_TOLERANCE: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("about", "around", "approximately", "roughly", "circa"), (-15.0, 15.0)),
    **dict.fromkeys(("shortly after", "just after", "soon after"), (0.0, 20.0)),
    **dict.fromkeys(("shortly before", "just before", "nearly", "almost"), (-20.0, 0.0)),
}
# Time-zone abbreviations written after a time of day ("2317 GMT").
ZONES: tuple[str, ...] = (
    "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "MSK", "EST", "EDT", "CST", "CDT",
    "MST", "MDT", "PST", "PDT", "ET", "PT", "IST", "JST", "KST", "WIB", "AEST", "AEDT", "SGT",
)
# Words between a number and a time unit that keep it a duration ("1,200 working hours").
DURATION_MODIFIERS: frozenset[str] = frozenset(
    ("more", "full", "straight", "consecutive", "additional", "extra", "long", "whole",
     "further", "flying", "working", "business", "calendar", "solid")
)
# Of those, words naming an activity the time was spent on: "6,100 flying hours" measures a
# pilot's experience, not how long the flight took (`index.values.same_activity`).
ACTIVITY_TIME: frozenset[str] = frozenset(("flying", "working"))
# Words that end the noun after a count ("162 people on board", "seven crew and ...").
FUNCTION_WORDS: frozenset[str] = _wordset("""
    a an the of on in at to from for with by aboard about after before during including
    among between into onto over under near across since until per than as like via off out
    along alongside above below behind beneath beside besides beyond despite except upon
    throughout others
    up down against without within through toward towards amid around inside outside
    and or but nor while who which that whom whose where when if because so
    he she it they them we you i his her its their our this these those there here
    is are was were be been being has have had will would could should may might must
    can do does did not no each also still now then later earlier ago yesterday today
    tomorrow tonight last next all both more most less only just already reportedly
    altogether respectively apiece another other else too very said says say
    remain remains die dies went took made got left fell rose ran came gave saw told
    won lost held met flew fled
    higher lower greater smaller larger bigger longer shorter faster slower
""")

# Words before a count that place it inside a total named before it ("175 prisoners,
# including 23 injured") or beside one ("Additionally, 23 injured"): outlets may differ on
# which (`index.claims.total_scope`).
INSIDE_TOTAL: tuple[str, ...] = ("including", "included", "includes", "among them", "among whom",
                                 "among those", "of whom", "of which", "of them")
BESIDE_TOTAL: tuple[str, ...] = ("additionally", "in addition", "in addition to", "plus",
                                 "as well as", "besides", "on top of", "a further", "another",
                                 "an additional", "an extra")

# Abbreviated titles: written in capitals, they name a role ("the German MP"), not a person,
# place or organisation, so an article may name the same role in words ("parliamentarian").
TITLE_ABBREVIATIONS: frozenset[str] = frozenset((
    "MP", "MPs", "MEP", "MEPs", "PM", "CEO", "CEOs", "CFO", "COO", "CTO", "VP", "GM",
))

# Verbs of announcing: who announced a thing is a claim outlets may differ on.
ANNOUNCING_VERBS: tuple[str, ...] = ("announced", "disclosed", "declared", "unveiled")

# Verbs of saying: a weekday right after one ("officials said on Tuesday") dates a statement,
# not the event it is about.
SAYING_VERBS: frozenset[str] = _wordset("""
    said says say told tells stated states wrote writes added adds reported reports
    announced announces confirmed confirms according revealed reveals
""")

# Words that make up a number written out ("one hundred and seventy-five", "a dozen").
NUMBER_WORDS: frozenset[str] = _wordset("""
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion dozen half a an and
""")
_MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
_NUMERAL = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def unit_of(word: str) -> str | None:
    """Canonical time unit of a word ('hrs' → 'hour', 'minutes' → 'minute'), else None."""
    w = word.lower().rstrip(".")
    if w in _TIME_ALIASES:
        return _TIME_ALIASES[w]
    if w in TIME_UNITS:
        return w
    if w.endswith("s") and w[:-1] in TIME_UNITS:
        return w[:-1]
    return None


def measure_value(unit: str, value: float) -> tuple[str, float] | None:
    """(canonical unit, converted value) of a value in a surface unit, else None."""
    u = " ".join(unit.lower().split())
    if u in FAHRENHEIT:
        return "°C", (value - 32.0) * 5.0 / 9.0
    if u in MEASURE_UNITS:
        canonical, factor = MEASURE_UNITS[u]
        return canonical, value * factor
    return None


def _words_value(t: str) -> float | None:
    words = t.split()
    if not words or not set(words) <= NUMBER_WORDS:
        return None
    if t in ("a", "an"):
        return 1.0
    if t in ("half", "a half", "half a", "half an"):
        return 0.5
    if words[0] == "half" and words[1] in ("a", "an"):
        rest = number_value(" ".join(words[1:]))
        return rest / 2 if rest is not None else None
    if t.endswith(" and a half"):
        whole = number_value(t[: -len(" and a half")])
        return whole + 0.5 if whole is not None else None
    if words[0] in ("a", "an"):
        return number_value(" ".join(["one", *words[1:]]))
    if words[-1] == "dozen":
        head = number_value(" ".join(words[:-1])) if len(words) > 1 else 1.0
        return head * 12 if head is not None else None
    try:
        return float(_text2num(t))
    except ValueError:
        return None


def _text2num(text: str) -> int:
    from text_to_num import text2num

    return text2num(text, "en")


def number_value(text: str) -> float | None:
    """The number a numeral or number words state ('1.03 million', 'twenty-five'), else None."""
    t = _THOUSANDS_COMMA.sub("", " ".join(text.lower().replace("-", " ").split()))
    m = _NUMERAL.fullmatch(t)
    if m:
        suffix = m.group(2)
        if suffix and suffix not in _MULTIPLIERS:
            return None
        return float(m.group(1)) * _MULTIPLIERS.get(suffix, 1.0)
    return _words_value(t)


@functools.cache
def stemmer():
    """The English Snowball stemmer (PyStemmer), made once."""
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """English Snowball stem of a lower-cased word ('passengers' → 'passeng')."""
    return stemmer().stemWord(word.lower())
