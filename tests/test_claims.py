"""Claim extraction: quantities with bounds, days, negated mentions, announcers."""

from __future__ import annotations

from datetime import date

import pytest

from index.claims import (
    announcers,
    days,
    measured,
    negated_mentions,
    quantities,
    reports_disagreement,
)


def _q(text: str):
    (q,) = quantities(text)
    return q


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        ("over two hours", "nearly two hours", False),
        ("more than 400 dead", "381 dead", False),
        ("381 dead", "398 dead", False),
        ("about 400 dead", "398 dead", True),
        ("two hours", "2 hours", True),
        ("a 30-day pause", "30 days", True),
        ("at least 175 prisoners", "180 prisoners", True),
        ("90 minutes", "two hours", False),
    ],
)
def test_quantity_bounds(a, b, compatible):
    qa, qb = _q(a), _q(b)
    assert qa.same_measure(qb)
    assert qa.compatible(qb) is compatible


def test_different_measures_are_not_compared():
    assert not _q("175 prisoners").same_measure(_q("23 soldiers"))


def test_years_are_not_quantities():
    assert quantities("the 2015 Minsk agreements") == []


def test_what_a_quantity_measures():
    text = "Over two hours of talks ended; a 30-day pause began."
    first, second = quantities(text)
    assert measured(text, first).startswith("talks")
    assert measured(text, second).startswith("pause")


def test_days_resolve_weekdays_with_a_known_year():
    (mention,) = days("They met on March 18, 2025 in Riyadh.")
    assert mention.day == date(2025, 3, 18) and mention.weekday == 1  # a Tuesday
    (bare,) = days("scheduled for March 19", year=2025)
    (weekday,) = days("on Wednesday")
    assert not bare.differs(weekday)  # 19 March 2025 was a Wednesday
    (tuesday,) = days("a call on Tuesday")
    assert tuesday.differs(weekday)


def test_bare_dates_without_a_year_compare_by_month_and_day():
    (a,) = days("on February 28")
    (b,) = days("on 28 February")
    (c,) = days("on March 11")
    assert not a.differs(b) and a.differs(c)


def test_negated_mentions():
    assert [m[0] for m in negated_mentions("“We didn’t talk about aid,” he said.")] == ["aid"]
    assert [m[0] for m in negated_mentions("Neither side discussed sanctions relief.")] == [
        "sanctions relief"
    ]
    assert negated_mentions("They talked about aid at length.") == []


def test_announcers():
    assert announcers("Furthermore, Russia announced a prisoner swap.") == [
        ("Russia", "announced")
    ]
    assert announcers("The Kremlin disclosed plans for a swap.") == [("Kremlin", "disclosed")]
    assert announcers("He announced that both sides agreed.") == [("He", "announced")]


@pytest.mark.parametrize(
    "text, reported",
    [
        ("The statements issued by the two governments differ significantly.", True),
        ("Officials said the troops were surrounded, though Kyiv disputes this.", True),
        ("Discrepancies between the two accounts of the call remain.", True),
        ("The conversation was underscored by stark disagreement.", False),
        ("Prices differ from city to city.", False),
    ],
)
def test_reported_disagreement(text, reported):
    assert reports_disagreement(text) is reported
