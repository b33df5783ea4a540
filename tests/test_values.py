"""Typed values in news sentences and whether two outlets' values can both hold (no model)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from index.claims import count_phrase, count_states, different_states
from index.lexicon import measure_value, number_value, stem, unit_of
from index.value_types import Kind, Value, clause_of
from index.values import compatible, describe, in_local_time, local_offset, values


def only(sentence: str, year: int | None = None) -> Value:
    """The single value of a sentence (fails when there are none or several)."""
    found = values(sentence, year)
    assert len(found) == 1, found
    return found[0]


def of_kind(sentence: str, kind: Kind, year: int | None = None) -> list[Value]:
    return [v for v in values(sentence, year) if v.kind is kind]


# --- lexicon -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("212", 212), ("1,240,000", 1_240_000), ("1.24 million", 1_240_000), ("2.3bn", 2.3e9),
        ("twenty-five", 25), ("one hundred and seventy-five", 175), ("a dozen", 12),
        ("two dozen", 24), ("half", 0.5), ("a half", 0.5), ("one and a half", 1.5),
        ("four and a half", 4.5), ("an", 1), ("half a million", 500_000),
    ],
)
def test_number_value_parses_numerals_and_words(text, expected):
    assert number_value(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["ferry", "7.24am", "A321", "first", "1,03", ""])
def test_number_value_rejects_non_numbers(text):
    assert number_value(text) is None


def test_unit_of_maps_plurals_and_abbreviations():
    assert [unit_of(w) for w in ("hrs", "mins", "minutes", "hours", "h", "Days", "crew")] == [
        "hour", "minute", "minute", "hour", "hour", "day", None,
    ]


def test_measure_value_converts_fahrenheit_and_feet():
    unit, celsius = measure_value("°F", 212)
    assert unit == "°C" and celsius == pytest.approx(100)
    assert measure_value("ft", 1000) == ("m", pytest.approx(304.8))
    assert measure_value("furlongs", 3) is None


def test_stem_is_english_snowball():
    assert stem("Passengers") == stem("passenger") == "passeng"


# --- COUNT ---------------------------------------------------------------------------------


def test_count_takes_the_noun_after_the_number():
    v = only("The ferry Marisol was carrying 212 people on board when it capsized.")
    assert (v.kind, v.low, v.high, v.noun, v.text) == (Kind.COUNT, 212, 212, "people", "212")


def test_two_counts_joined_by_and():
    found = values("The ferry had seven crew and 205 passengers aboard.")
    assert [(v.low, v.noun) for v in found] == [(7, "crew"), (205, "passengers")]


def test_count_nouns_keep_up_to_three_words_and_drop_a_trailing_verb():
    found = values("Among them were 205 passengers and seven crew members, four Norwegians and "
                   "23 injured Portuguese fishermen; 40 villagers died.")
    assert [v.noun for v in found] == [
        "passengers", "crew members", "Norwegians", "injured Portuguese fishermen", "villagers",
    ]
    assert only("Officials said 212 people killed in the capsizing were pilgrims.").noun == "people"
    assert only("The two leaders addressed reporters.").noun == "leaders"
    assert only("It carried 23 critically injured sailors.").noun == "critically injured sailors"


def test_counts_are_whole_numbers():
    assert of_kind("Voting closed at 10.30 on the island.", Kind.COUNT) == []


def test_count_in_millions_and_number_words():
    million, words = values("Some 1.24 million voters, and twenty-five clerks, stayed home.")
    assert million.noun == "voters" and million.low == pytest.approx(1_054_000)  # "some": -15%
    assert (words.low, words.noun) == (25, "clerks")
    assert only("Organisers counted one hundred and seventy-five volunteers.").low == 175


@pytest.mark.parametrize(
    ("sentence", "low", "high", "strict"),
    [
        ("More than a million people joined the strike.", 1e6, math.inf, True),
        ("The lifeboat carried up to 300 on board.", 0, 300, False),
        ("Nearly 500 homes were flooded.", 425, 500, True),
        ("About 2,000 guards were deployed.", 1700, 2300, False),
        ("Police said no more than 80,000 people attended.", 0, 80_000, False),
        ("At least 40 schools closed.", 40, math.inf, False),
        ("At its height there were 80,000 people in the square.", 80_000, 80_000, False),
    ],
)
def test_count_qualifiers_set_bounds(sentence, low, high, strict):
    v = only(sentence)
    assert (v.kind, v.strict) == (Kind.COUNT, strict)
    assert v.low == pytest.approx(low) and v.high == pytest.approx(high)


def test_qualifier_is_part_of_the_span():
    v = only("More than a million people joined the strike.")
    assert v.text == "More than a million" and describe(v) == "More than a million people"


def test_x_of_the_y_names_what_is_counted():
    v = only("Rescuers identified three of the dead.")
    assert (v.low, v.text, v.noun, describe(v)) == (3, "three", "dead", "three dead")


@pytest.mark.parametrize(
    "sentence",
    [
        "A ferry sank off the coast.",
        "One of the lifeboats was missing.",
        "The crews blamed one another.",
        "No one was hurt.",
        "The storm forced one each from Norway and Spain to leave.",
    ],
)
def test_articles_and_pronoun_one_are_not_counts(sentence):
    assert values(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Flight ZK4410 lost contact over the strait.",
        "The aircraft, an ATR 72-600, was delivered new.",
        "The Airbus A321 diverted to the capital.",
        "Leaders of the G7 met at the summit.",
        "COVID-19 rules were lifted.",
        "Traffic on Route 9 was halted.",
        "The Boeing 787 returned to the gate.",
        "The Prime Minister left No. 10 early.",
        "Queues formed outside the 7-Eleven store.",
    ],
)
def test_identifiers_are_never_values(sentence):
    assert values(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    ["The union last struck in 2009.", "The 2021 strike lasted a week.", "It was 1989 again."],
)
def test_years_are_not_counts(sentence):
    assert of_kind(sentence, Kind.COUNT) == []


def test_a_comma_number_in_the_year_range_is_a_count():
    assert only("A total of 2,021 workers walked out.").low == 2021


# --- DURATION ------------------------------------------------------------------------------


def test_one_hour_and_forty_minutes_is_one_duration():
    v = only("The crossing took one hour and forty minutes.")
    assert v.kind is Kind.DURATION and v.low * 60 == pytest.approx(100)
    assert v.text == "one hour and forty minutes"


@pytest.mark.parametrize(
    ("sentence", "low", "high", "strict"),
    [
        ("The vote count lasted nearly three hours.", 2.55, 3, True),
        ("The vote count lasted over four hours.", 4, math.inf, True),
        ("Rescuers worked for more than five hours.", 5, math.inf, True),
        ("The storm raged for four and a half hours.", 4.5, 4.5, False),
        ("Talks broke off after half an hour.", 0.5, 0.5, False),
        ("The blackout lasted an hour and a half.", 1.5, 1.5, False),
        ("The pilot had 6,400 flying hours.", 6400, 6400, False),
        ("The ferry sank 36 minutes after leaving port.", 0.6, 0.6, False),
    ],
)
def test_durations_in_hours(sentence, low, high, strict):
    v = only(sentence)
    assert (v.kind, v.unit, v.strict) == (Kind.DURATION, "hour", strict)
    assert v.low == pytest.approx(low) and v.high == pytest.approx(high)


def test_adjectival_duration_names_its_noun():
    v = only("The union called a 45-day strike.")
    assert (v.low, v.noun, v.text) == (1080, "strike", "45-day")
    assert only("They held two hours of talks.").noun == "talks"


def test_about_fifty_minutes_earlier():
    v = only("The alarm sounded about 50 minutes earlier.")
    assert v.low == pytest.approx(50 / 60 * 0.85) and v.high == pytest.approx(50 / 60 * 1.15)


@pytest.mark.parametrize(
    "sentence", ["Hours later the wind dropped.", "The polls opened for a second time."]
)
def test_no_duration_without_a_number(sentence):
    assert values(sentence) == []


def test_a_time_ago_is_not_a_duration():
    assert of_kind("Two weeks ago the square was empty.", Kind.DURATION) == []


# --- CLOCK ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "minutes", "zone"),
    [
        ("The ferry sank at 8:05 a.m.", 485, ""),
        ("The ferry sank at 8.05am.", 485, ""),
        ("The ferry sank at 08.05hrs.", 485, ""),
        ("The ferry sank at 05:40 local time.", 340, "local"),
        ("Polls closed at 3 pm.", 900, ""),
        ("Polls closed at 3pm.", 900, ""),
        ("The strike began at 0700 GMT.", 420, "GMT"),
        ("The alert went out at 2252 GMT.", 1372, "GMT"),
        ("The storm hit at 10.52am.", 652, ""),
        ("Voting resumed at 09:15.", 555, ""),
        ("The curfew starts at midnight.", 0, ""),
        ("Results came at noon.", 720, ""),
        ("Results came at 12 pm.", 720, ""),
        ("Results came at 12 am.", 0, ""),
        ("The quake struck at 4:05 a.m. local time.", 245, "local"),
    ],
)
def test_clock_minutes_after_midnight(sentence, minutes, zone):
    v = only(sentence)
    assert (v.kind, v.low, v.high, v.zone) == (Kind.CLOCK, minutes, minutes, zone)


def test_clock_is_one_value_not_two_counts():
    v = only("The ferry sank at 8:05 a.m.")
    assert v.text == "8:05 a.m."


def test_around_seven_pm_has_a_fifteen_minute_window():
    v = only("The storm made landfall around 7pm.")
    assert (v.low, v.high, v.text) == (1125, 1155, "around 7pm")


def test_part_of_day_after_a_clock():
    evening = of_kind("The ferry left at 8:05 Sunday evening.", Kind.CLOCK)[0]
    morning = of_kind("The ferry left at 8:05 Sunday morning.", Kind.CLOCK)[0]
    assert (evening.low, morning.low) == (1205, 485)


def test_parenthetical_clock_and_its_weekday_are_converted():
    found = values("The ferry sank at 05:40 local time (22:40 GMT Saturday) near the reef.")
    assert [(v.kind, v.text, v.converted) for v in found] == [
        (Kind.CLOCK, "05:40 local time", False),
        (Kind.CLOCK, "22:40 GMT", True),
        (Kind.DAY, "Saturday", True),
    ]
    gmt = values("Contact was lost at 5:52 a.m. (2252 GMT Saturday).")[1]
    assert (gmt.low, gmt.zone, gmt.converted) == (1372, "GMT", True)


@pytest.mark.parametrize(("sentence", "text", "metres"), [
    ("The player is 6 ft 9 in tall.", "6 ft 9 in", 2.0574),
    ("She stands 5 feet 2 inches.", "5 feet 2 inches", 1.5748),
    ("Snow lay 30 cm deep.", "30 cm", 0.3),
    ("The wall is 10 feet in height.", "10 feet", 3.048),  # "in" with no number is not inches
])
def test_lengths_in_feet_and_inches_or_centimetres(sentence, text, metres):
    v = only(sentence)
    assert (v.kind, v.text, v.unit) == (Kind.MEASURE, text, "m")
    assert v.low == pytest.approx(metres)


def test_four_digits_are_a_clock_only_with_a_zone():
    assert of_kind("The dam was built in 1989.", Kind.CLOCK) == []
    assert of_kind("The bridge, built in 1989, closed at 2100 GMT.", Kind.CLOCK)[0].low == 1260


# --- DAY -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "text", "unit", "first", "last"), [
    ("The dam was built in 1989.", "1989", "year", date(1989, 1, 1), date(1989, 12, 31)),
    ("In 1961, the line opened.", "1961", "year", date(1961, 1, 1), date(1961, 12, 31)),
    ("It was founded in March 1933.", "March 1933", "month", date(1933, 3, 1),
     date(1933, 3, 31)),
    ("Work stopped in December 1950.", "December 1950", "month", date(1950, 12, 1),
     date(1950, 12, 31)),
])
def test_a_year_or_a_month_is_the_span_of_its_days(sentence, text, unit, first, last):
    v = only(sentence)
    assert (v.kind, v.text, v.unit) == (Kind.DAY, text, unit)
    assert (v.low, v.high) == (first.toordinal(), last.toordinal())


def test_a_number_of_things_is_not_a_year():
    assert of_kind("Attendance grew by 2000 people.", Kind.DAY) == []
    assert of_kind("Prices rose 4% in 2015.", Kind.DAY)[0].text == "2015"


def test_a_date_agrees_with_its_month_and_year_not_another_year():
    day, month, year, other = (only(t) for t in (
        "It opened on 3 May 1960.", "It opened in May 1960.", "It opened in 1960.",
        "It opened in 1961."))
    assert compatible(day, month) and compatible(day, year) and compatible(month, year)
    assert compatible(year, other) is False and compatible(day, other) is False
    assert compatible(year, only("It opened on Tuesday.")) is None


def test_weekday_with_possessive():
    v = only("Sunday's march drew large crowds.")
    assert (v.kind, v.unit, v.low, v.text) == (Kind.DAY, "weekday", 6, "Sunday")


@pytest.mark.parametrize(
    ("sentence", "month_day", "year"),
    [
        ("The strike started on May 6, 2026.", (5, 6), 2026),
        ("The strike started on 6 May 2026.", (5, 6), 2026),
        ("The storm hit on Nov. 16, 2031.", (11, 16), 2031),
        ("The storm hit on November 16, 2031.", (11, 16), 2031),
        ("Results were certified on 2019-06-09.", (6, 9), 2019),
    ],
)
def test_dates_with_a_year_are_ordinals(sentence, month_day, year):
    v = only(sentence)
    assert (v.kind, v.unit, v.month_day) == (Kind.DAY, "date", month_day)
    assert v.low == v.high == float(date(year, *month_day).toordinal())


def test_date_without_a_year_is_month_times_100_plus_day():
    v = only("The strike started on May 6.")
    assert (v.low, v.month_day) == (506, (5, 6))
    assert only("The strike started on May 6.", year=2026).low > 10000


@pytest.mark.parametrize(
    "sentence",
    ["The strike ended yesterday.", "Talks resume today.", "Workers may march tomorrow."],
)
def test_relative_days_and_lowercase_months_are_not_values(sentence):
    assert values(sentence) == []


# --- MEASURE -------------------------------------------------------------------------------


def test_altitude_with_conversion():
    feet, metres = values("The aircraft was cruising at 31,000ft (9,400m) when it vanished.")
    assert (feet.kind, feet.unit, feet.converted) == (Kind.MEASURE, "m", False)
    assert feet.low == pytest.approx(9448.8)
    assert (metres.low, metres.converted, metres.text) == (9400, True, "9,400m")


@pytest.mark.parametrize(
    ("sentence", "unit", "value"),
    [
        ("It climbed to 34,000 feet.", "m", 10363.2),
        ("Temperatures reached 32 degree C.", "°C", 32),
        ("Temperatures reached 32°C.", "°C", 32),
        ("Temperatures reached 90°F.", "°C", 32.222),
        ("Turnout fell 5 percent.", "%", 5),
        ("Turnout fell 5%.", "%", 5),
        ("Turnout fell 4 per cent.", "%", 4),
        ("Fares rose 12 %.", "%", 12),
        ("The storm caused $2.5 billion in damage.", "$", 2.5e9),
        ("The club spent €40m on repairs.", "€", 4e7),
        ("The council owes £3 million.", "£", 3e6),
        # currencies by name or ISO code (babel's names), each to one unit
        ("The court fined him 1.2 million marks.", "marks", 1.2e6),
        ("He took 14.6m Norvane marks.", "marks", 14.6e6),
        ("The bond raised 3 billion rupees.", "rupees", 3e9),
        ("It was fined CHF 5m.", "francs", 5e6),
        ("Damages came to 40 million Swiss francs.", "francs", 4e7),
        ("A 5,000-yen ticket sold out.", "¥", 5e3),
        ("Fares rose to HK$20.", "HK$", 20),
        ("They paid five million euros.", "€", 5e6),
        ("Gusts reached 130 km/h.", "km/h", 130),
        ("Gusts reached 100 mph.", "km/h", 160.9),
    ],
)
def test_measures_in_canonical_units(sentence, unit, value):
    v = only(sentence)
    assert (v.kind, v.unit) == (Kind.MEASURE, unit)
    assert v.low == pytest.approx(value, rel=1e-3)


@pytest.mark.parametrize("sentence", [
    "The side that in 2015 won the cup was relegated.",  # "won" is money only in full
    "The crate weighed 40 pounds.",  # a weight: sterling is written "£"
])
def test_a_currency_name_that_means_something_else_is_no_sum(sentence):
    assert not any(v.kind is Kind.MEASURE and v.unit not in ("kg",) for v in values(sentence))


def test_a_year_s_when_dates_what_follows_it():
    found = values("It was the first loss since 2027, when a ferry sank with 40 aboard; "
                   "this time 12 were saved.", 2031)
    assert [(v.text, v.other_year) for v in found if v.kind is Kind.COUNT] == [
        ("40", True), ("12", False)]


def test_measure_with_qualifier_and_noun():
    v = only("Officials pledged more than $3 billion aid.")
    assert (v.low, v.high, v.strict, v.noun) == (3e9, math.inf, True, "aid")


# --- whole sentences -----------------------------------------------------------------------

SENTENCES = [
    "Nearly 500 people were rescued after the ferry Marisol sank at 8:05 a.m. on Sunday, "
    "more than five hours before the coast guard's 31,000ft (9,400m) search flight.",
    "The strike, which began on May 6, 2026, drew 1.24 million workers, about 2,000 guards "
    "and four Norwegians to a 45-day protest at 0700 GMT.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_values_are_ordered_non_overlapping_and_exact_slices(sentence):
    found = values(sentence)
    assert found and all(v.text == sentence[v.start:v.end] for v in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_every_kind_from_one_sentence():
    kinds = [v.kind for v in values(SENTENCES[0])]
    assert kinds == [Kind.COUNT, Kind.CLOCK, Kind.DAY, Kind.DURATION, Kind.MEASURE, Kind.MEASURE]


# --- compatible ----------------------------------------------------------------------------


def agree(a: str, b: str, year: int | None = None) -> bool | None:
    return compatible(only(a, year), only(b, year))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The ferry carried 148 people.", "The ferry carried 148 people.", True),
        ("The ferry carried 148 people.", "The ferry carried 147 people.", False),
        ("More than a million people marched.", "1.06 million people marched.", True),
        ("1.06 million people marched.", "1.6 million people marched.", False),
        ("Up to 300 were on board.", "There were 212 on board.", True),
        ("Nearly 500 homes flooded.", "500 homes flooded.", False),
    ],
)
def test_compatible_counts(a, b, expected):
    assert agree(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The talks lasted over two hours.", "The talks lasted two hours.", False),
        ("The talks lasted nearly two hours.", "The talks lasted over two hours.", False),
        ("The talks lasted at least two hours.", "The talks lasted two hours.", True),
        ("It sank about 50 minutes later.", "It sank 42 minutes later.", False),
        ("It sank about 50 minutes later.", "It sank 55 minutes later.", True),
        ("It took one hour and forty minutes.", "It took 100 minutes.", True),
        ("It lasted more than five hours.", "It lasted more than six hours.", True),
        ("It lasted more than five hours.", "It lasted under five hours.", False),
    ],
)
def test_compatible_durations(a, b, expected):
    assert agree(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("It sank at 8:05 a.m.", "It sank at 08:05.", True),
        ("It sank at 8:05 a.m.", "It sank at 7:05 a.m.", False),
        ("It sank at 2252 GMT.", "It sank at 22:52 UTC.", True),
        ("It sank at 05:40 local time.", "It sank at 22:40 GMT.", None),
        ("It hit around 7pm.", "It hit at 7:10pm.", True),
        ("It hit around 7pm.", "It hit at 7:30pm.", False),
        ("It hit at 8:05 a.m.", "It hit at 8:05 a.m. local time.", True),
    ],
)
def test_compatible_clocks(a, b, expected):
    assert agree(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "year", "expected"),
    [
        ("It sank on Sunday.", "It sank on Sunday.", None, True),
        ("It sank on Sunday.", "It sank on Saturday.", None, False),
        ("It began on May 6.", "It began on 6 May.", None, True),
        ("It began on May 6.", "It began on May 7.", None, False),
        ("It hit on November 16, 2031.", "It hit on Sunday.", None, True),
        ("It hit on November 16, 2031.", "It hit on Monday.", None, False),
        ("It began on May 6.", "It began on Monday.", None, None),
        ("It began on May 6.", "It began on Wednesday.", 2026, True),
    ],
)
def test_compatible_days(a, b, year, expected):
    assert agree(a, b, year) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Temperatures hit 30°C.", "Temperatures hit 86°F.", True),
        ("Temperatures hit 30°C.", "Temperatures hit 91°F.", False),
        ("It flew at 31,000ft.", "It flew at 9,449m.", True),
        ("Turnout fell 5 percent.", "Winds reached 5 mph.", None),
        ("It cost $2.5 billion.", "It cost €2.5 billion.", None),
    ],
)
def test_compatible_measures(a, b, expected):
    assert agree(a, b) is expected


def test_different_kinds_are_not_comparable():
    assert agree("The ferry carried 162 people.", "The crossing took two hours.") is None


def test_describe_adds_the_noun_to_counts_only():
    assert describe(only("The ferry carried 162 people.")) == "162 people"
    assert describe(only("The ferry sank at 8:05 a.m.")) == "8:05 a.m."


@pytest.mark.parametrize(
    "sentence, other_year",
    [
        ("The crowd beat the 40,000 who rallied in 1998 against the law.", True),
        ("In all, 90,000 took part, twice the turnout of the 1998 rally.", False),
        ("On March 4, 2019, 300 ferries sailed.", False),
        ("Tickets cost $2003 each.", False),
        ("In 1998, a ferry sank with 300 people aboard.", True),  # an opening phrase dates it
        ("In 2019, 300 ferries sailed.", False),
        ("In the harbour towns that flooded in 1998 and again this week, 300 people fled.",
         False),  # a long opening is no date of the whole sentence
    ],
)
def test_a_value_whose_clause_names_another_year_is_of_another_event(sentence, other_year):
    counted = [v for v in values(sentence, 2019) if v.kind in (Kind.COUNT, Kind.MEASURE)]
    assert [v.other_year for v in counted] == [other_year]


def test_an_opening_year_dates_its_part_of_the_sentence_only():
    found = values("Back in March 1998, 300 ferries sailed; this spring 40 did.", 2019)
    assert [(v.text, v.other_year) for v in found if v.kind is Kind.COUNT] == [
        ("300", True), ("40", False)]


def test_an_opening_of_two_parts_dates_its_sentence():
    found = values("Last time round, in 2019, the party won 118 seats.", 2031)
    assert [(v.text, v.other_year) for v in found if v.kind is Kind.COUNT] == [("118", True)]


@pytest.mark.parametrize("sentence", [
    "Mara Quill got four years, and her driver got six.",
    "Quill was jailed for four years and her driver for six.",
])
def test_a_bare_number_after_the_same_word_takes_the_unit_before_it(sentence):
    first, second = values(sentence)
    assert (second.kind, second.text, second.low) == (Kind.DURATION, "six", 6 * 8760.0)
    assert sentence[second.start : second.end] == "six"


def test_a_bare_number_after_another_word_stays_a_number():
    found = values("Quill got nine years in 2031, when she was 61.", 2031)
    assert [(v.kind, v.text) for v in found if v.text == "61"] == [(Kind.COUNT, "61")]


def test_nearly_is_close_below():
    assert not agree("The blaze raged for nearly 20 hours.", "It burned for about 14 hours.")
    assert agree("The blaze raged for nearly 20 hours.", "It burned for 18 hours.")


def test_a_month_is_any_of_its_lengths():
    assert agree("The border reopens within a month.", "It reopens within 30 days.")
    assert not agree("The closure lasted two months.", "The closure lasted 45 days.")


def test_a_clause_runs_past_a_time_and_an_abbreviation():
    text = "The storm came ashore at about 4:15 a.m. on Tuesday, forecasters said."
    start = text.index("Tuesday")
    clause = "The storm came ashore at about 4:15 a.m. on Tuesday"
    assert clause_of(text, start, start + 7) == clause


def test_without_the_articles_year_no_value_is_marked():
    assert not values("The 40,000 who rallied in 1998.", None)[0].other_year


def test_every_dimension_word_says_which_units_answer_it():
    from index.lexicon import DIMENSION_ADJECTIVES, DIMENSION_NOUNS, DIMENSION_UNITS

    assert set(DIMENSION_ADJECTIVES) | set(DIMENSION_NOUNS) <= set(DIMENSION_UNITS)


@pytest.mark.parametrize(
    "sentence, low, high",
    [
        ("Two-thirds of members backed the deal.", 100 * 2 / 3, 100 * 2 / 3),
        ("The plant made almost a fifth of the region's power.", 17.0, 20.0),
        ("Half of the town was flooded.", 50.0, 50.0),
    ],
)
def test_fractions_are_shares(sentence, low, high):
    v = only(sentence)
    assert (v.kind, v.unit) == (Kind.MEASURE, "%")
    assert math.isclose(v.low, low) and math.isclose(v.high, high)


def test_half_an_hour_is_still_a_duration():
    assert [v.kind for v in values("It took half an hour.")] == [Kind.DURATION]


def test_restatements_give_the_local_offset_and_move_utc_times():
    found = [values("It left at 21:10 local time (13:10 GMT) and landed at 23:50."),
             values("Crews reached the site at 02:15 UTC.")]
    offset = local_offset(found)
    assert offset == 480
    (utc,) = found[1]
    moved = in_local_time(utc, offset)
    assert (moved.low, moved.zone) == (615.0, "local")  # 10:15 local
    assert in_local_time(found[0][0], offset) is found[0][0]  # already local
    assert local_offset([values("It left at 21:10.")]) is None
    # Two offsets (a flight between time zones): which time is "local" is unknown.
    two_zones = found + [values("It was due at 08:30 local time (23:30 GMT).")]
    assert local_offset(two_zones) is None


@pytest.mark.parametrize("text, nouns", [
    ("Twelve people died and 30 were hurt.", ["people", "people"]),
    ("Twelve people died, and 30 were hurt.", ["people", "people"]),
    ("Twelve people died; 30 were hurt.", ["people", ""]),  # another clause: unknown
    ("The blast killed 12 people and injured 30.", ["people", ""]),  # a verb between
    ("Twelve people died and 30 others were hurt.", ["people", "people"]),
    ("Twelve villagers along the river died.", ["villagers"]),
    ("Three of the ferry's 12 crew members were rescued.", ["crew members", "crew members"]),
])
def test_a_bare_count_joined_to_a_count_counts_the_same_thing(text, nouns):
    assert [v.noun for v in values(text)] == nouns


@pytest.mark.parametrize("text, noun", [
    ("The toll has risen to 41.", "toll"),
    ("The death toll from Cyclone Moraine rose to nine on Friday.", "toll"),
    ("Police said the crowd reached 240,000.", "crowd"),
    ("Ferry Captain Rolf Adler was 41.", ""),  # a name is no noun counted
    ("The crowd reached about 240,000.", "crowd"),  # past a qualifier
    # However long the subject, "the number of" says what is counted and what befell it.
    ("The number of people killed when the ferry sank off Kerrin has risen to 16.",
     "people killed"),
    ("The number of confirmed  cholera cases has risen to 5.", "confirmed cholera cases"),
])
def test_a_bare_count_counts_its_subject(text, noun):
    assert [v.noun for v in values(text) if v.kind is Kind.COUNT] == [noun]


def test_a_part_reads_on_past_its_whole():
    text = "Three of the ferry's 12 crew members were rescued."
    found = values(text)
    assert count_states(count_phrase(text, found[0], found)) == {"rescued"}


def test_a_count_phrase_names_its_noun():
    text = "The toll from Cyclone Moraine rose to nine."
    v = only(text)
    assert count_states(count_phrase(text, v, [v])) == {"dead"}


def test_a_count_phrase_says_what_happened_to_that_count():
    text = "At least 12 people were killed and 30 people were injured in the blast."
    found = values(text)
    assert [count_phrase(text, v, found) for v in found] == [
        "At least 12 people were killed", "30 people were injured in the"]
    text = "The explosion killed 12 people on Friday."
    assert count_phrase(text, values(text)[0], values(text)) == "The explosion killed 12 people on"


@pytest.mark.parametrize("a, b, different", [
    ("12 people were killed", "30 were hurt when a", True),
    ("freed 16 people from the", "More than 180 people were injured", True),
    ("Twelve people died and", "the toll rose to 14", False),  # both the dead
    # A count naming no state counts all the things there, not those hurt.
    ("1.03 million people took part", "30 were hurt when a", True),
    ("1,100 firefighters are on the fire lines", "the ferry with 162 people aboard", False),
])
def test_counts_naming_different_states_differ(a, b, different):
    assert different_states(a, b) is different


@pytest.mark.parametrize("a, b, agree", [
    ("won 52.4% of the vote", "won 51.9% of the vote", False),  # a tenth written: 0.05
    ("won 52% of the vote", "won 52.4% of the vote", True),  # 52 may round 52.4
    ("1.03 million people", "1,030,000 people", True),
    ("43 miles away", "69 km away", True),  # a conversion, rounded
])
def test_exact_values_agree_within_their_written_precision(a, b, agree):
    assert compatible(values(a)[0], values(b)[0]) is agree


@pytest.mark.parametrize("text, noun", [
    ("Turnout was 64%, the highest since 2009.", "turnout"),
    ("The party won 52.4% of the vote, with turnout at 61%.", "turnout"),  # the second one
    ("Shares fell 6% in early trading.", ""),
])
def test_a_measure_with_nothing_after_it_is_of_the_noun_before_it(text, noun):
    assert [v.noun for v in values(text) if v.kind is Kind.MEASURE][-1] == noun


def test_hours_of_an_activity_are_not_the_events_duration():
    from index.values import same_slot

    (flying,) = values("The captain had logged 6,100 flying hours.")
    (trip,) = values("The trip took about two hours.")
    assert flying.noun == "flying" and not same_slot(flying, trip)
    (other,) = values("The first officer had 2,275 flying hours.")
    assert same_slot(flying, other)


def test_a_count_of_two_joined_things_counts_both():
    assert [v.noun for v in values("Most of the 162 passengers and crew were Indonesian.")] == [
        "passengers and crew"]
    assert [v.noun for v in values("It carried 155 passengers and seven crew.")] == [
        "passengers", "crew"]
    assert [v.noun for v in values("It won 118 seats and looked set to govern.")] == ["seats"]
    assert values("It carried 162 injured  soldiers and crew.")  # two spaces: no error


def test_a_date_far_from_publication_dates_another_event():
    from datetime import date

    day = date(2031, 6, 10)
    assert [v.other_year for v in values("On March 18 the rocket carried 11 satellites.",
                                         published=day)] == [False, True]
    assert [v.other_year for v in values("It last flew in March, when it put 11 satellites "
                                         "into orbit.", published=day)] == [True]
    assert [v.other_year for v in values("On June 9 the rocket carried three satellites.",
                                         published=day)] == [False, False]
    assert [v.other_year for v in values("On March 18 the rocket carried 11 satellites.")] == [
        False, False]  # no publication date: nothing to measure against


@pytest.mark.parametrize("text, age, whose", [
    ("The jury convicted Koratz, 61, on seven of the nine counts.", 61, "Koratz"),
    ("Oskar Linde, 54, who owns the firm, got six years.", 54, "Linde"),
    ("The 70-year-old dam gave way.", 70, "dam"),
    ("A man aged 38 was arrested.", 38, ""),
])
def test_an_age_is_read_with_whose_it_is(text, age, whose):
    (v,) = [v for v in values(text) if v.unit == "age"]
    assert (v.low, v.noun) == (age, whose)


def test_a_number_between_commas_after_no_name_is_no_age():
    assert not [v for v in values("The plane seated 180, 155 passengers were on board.")
                if v.unit == "age"]


def test_ages_of_different_people_are_not_of_one_slot():
    from index.values import same_slot

    (a,) = values("Koratz, 61, was jailed.")
    (b,) = values("Linde, 54, was jailed.")
    (c,) = values("Koratz, 62, was jailed.")
    assert not same_slot(a, b) and same_slot(a, c)


def test_a_measure_after_of_is_of_the_noun_before():
    assert [(v.text, v.noun) for v in values("Turnout of 68.2 percent was the highest.")] == [
        ("68.2 percent", "turnout")]
    assert [v.noun for v in values("The death toll of 41 is expected to rise.")] == ["toll"]
