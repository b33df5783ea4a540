"""Claims besides values (negated mentions, announcers, what a value measures) and the
question-free slot rule index-time conflicts share with answers."""

from __future__ import annotations

import pytest

from index.claims import (
    announcers,
    different_subjects,
    measured,
    names_before,
    negated_mentions,
    reports_disagreement,
    total_scope,
)
from index.value_types import Kind, Value
from index.values import same_slot, values


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


@pytest.mark.parametrize("sentence, names", [
    ("The Green Left Union won 5.9 percent of the vote.", {"green", "left", "union"}),
    ("The Kerrin ferry left the Port Ashby pier at 9:10 a.m.", {"kerrin", "port", "ashby"}),
    ("The ferry cast off from Port Ashby at 9:10 a.m.", set()),  # a place, after "from"
    ("Mara Quill said 40 people died.", set()),  # a source, not whose figure it is
    ("Turnout was 68.2 percent.", set()),  # a capital opening the sentence names nothing
])
def test_the_names_a_value_may_be_said_of(sentence, names):
    (value,) = [v for v in values(sentence) if v.kind is not Kind.DAY]
    assert names_before(sentence, value) == names


def test_figures_of_different_names_are_not_set_against_each_other():
    a = "The Green Left Union won 5.9 percent of the vote."
    b = "Mara Quill's Reform Bloc won 47.3 percent of the vote."
    c = "The Reform Bloc took 46.9 percent of the vote."
    va, vb, vc = (values(t)[0] for t in (a, b, c))
    assert different_subjects(a, va, b, vb)
    assert not different_subjects(b, vb, c, vc)


@pytest.mark.parametrize("text, scope", [
    ("The deal frees 40 detainees, including 6 journalists.", "inside"),
    ("It will exchange 175 prisoners, including the return of 23 injured soldiers.", "inside"),
    ("Additionally, 23 injured servicemen will be returned.", "beside"),
    ("Police held 15 fishermen, and another 6 were fined.", "beside"),
    ("Police held 15 fishermen and fined 6 others.", ""),
])
def test_a_count_placed_inside_or_beside_a_total(text, scope):
    found = [v for v in values(text) if v.kind is Kind.COUNT]
    total = values("It will exchange 175 prisoners.")  # the sentence before, if no total here
    before = found[:-1] or total
    assert total_scope(text, found[-1], before) == scope


def test_a_count_with_no_total_before_it_has_no_place():
    (v,) = values("Additionally, 23 injured servicemen will be returned.")
    assert total_scope("Additionally, 23 injured servicemen will be returned.", v, []) == ""
