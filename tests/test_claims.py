"""Claims besides values (negated mentions, announcers, what a value measures) and the
question-free slot rule index-time conflicts share with answers."""

from __future__ import annotations

import pytest

from index.claims import announcers, measured, negated_mentions, reports_disagreement
from index.values import Value, same_slot, values


def _v(text: str, year: int | None = None) -> Value:
    return values(text, year)[0]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("over three hours", "nearly three hours", True),
        ("140 prisoners were freed", "150 prisoners were freed", True),
        ("140 prisoners were freed", "12 soldiers were freed", False),
        ("a 45-day pause", "three hours", False),
        ("a 45-day pause", "a 20-day pause", True),
        ("at 7:10 a.m.", "on Tuesday", False),
        ("the 40,000 who marched in 1998", "40,000 marched", False),
        ("in 1998", "in 2030", False),  # a year other than the article's is of another event
        ("in May 2030", "in 2030", True),
    ],
)
def test_same_slot_is_the_question_free_slot_rule(a, b, same):
    assert same_slot(_v(a, 2030), _v(b, 2030)) is same


def test_a_bracketed_restatement_fills_no_slot():
    first, converted = values("It left at 05:10 local time (21:10 GMT).")
    assert converted.converted and not same_slot(first, converted)


def test_what_a_value_measures():
    text = "Over three hours of talks ended; a 45-day pause began."
    first, second = values(text)
    assert measured(text, first).startswith("talks")
    assert measured(text, second).startswith("pause")
    text = "The ferry crossing from Arlen to Brisk lasted only 40 minutes."
    (v,) = values(text)
    assert measured(text, v) == "ferry crossing"  # the subject, names left out


def test_negated_mentions():
    assert [m[0] for m in negated_mentions("“We didn’t talk about aid,” he said.")] == ["aid"]
    assert [m[0] for m in negated_mentions("Neither side discussed sanctions relief.")] == [
        "sanctions relief"
    ]
    assert negated_mentions("They talked about aid at length.") == []


def test_announcers_in_the_passive():
    assert announcers("The fine was announced by the Norvane regulator on Monday.") == [
        ("Norvane", "announced")]
    assert announcers("The announcement was made by finance chief Ivo Lind on a call.") == [
        ("Ivo Lind", "announced")]


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
