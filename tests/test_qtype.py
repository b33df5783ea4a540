"""What a question asks for, from its wording."""

from __future__ import annotations

import numpy as np
import pytest

from bot.analysis import analyse
from bot.qtype import Focus, gives, question_focus, slot_noun
from index.lexicon import stem
from index.value_types import Kind
from index.values import values


@pytest.mark.parametrize(
    "question, focus",
    [
        ("How long did the meeting last?", Focus.DURATION),
        ("What was the duration of the strike?", Focus.DURATION),
        ("How lengthy was the hearing?", Focus.DURATION),
        ("How many people were arrested?", Focus.NUMBER),
        ("What share of the vote did she win?", Focus.NUMBER),
        ("When does the truce start?", Focus.WHEN),
        ("At what time did the ferry leave?", Focus.CLOCK),
        ("What exact figure did the union give?", Focus.NUMBER),
        ("How hot was it in the capital?", Focus.MEASURE),
        ("What altitude did the balloon reach?", Focus.MEASURE),
        ("On which day was the vote held?", Focus.DAY),
        ("What year was the bridge opened?", Focus.YEAR),
        ("In which year did the works stop?", Focus.YEAR),
        ("Where will the next round take place?", Focus.PLACE),
        ("Where was he when he heard the news?", Focus.PLACE),  # not a "when" question
        ("Who announced the deal?", Focus.ACTOR),
        ("Whose ferry sank?", Focus.ACTOR),
        ("How did the mayor react?", Focus.REACTION),
        ("What did the minister say?", Focus.REACTION),
        ("Did the two sides discuss sanctions?", Focus.POLARITY),
        ("What was agreed?", None),
        ("What was the death toll?", Focus.NUMBER),  # "what was the …" as "what …"
        ("What is the temperature in the capital?", Focus.MEASURE),
        ("What was the date of the vote?", Focus.DAY),
        ("What were the conditions?", None),
    ],
)
def test_question_focus(question, focus):
    assert question_focus(question) is focus


def test_answer_sentences_are_recognised():
    # Durations and days answer through the values that fill a slot (`bot.slots`).
    assert [v.kind for v in values("after nearly three hours of talks")] == [Kind.DURATION]
    assert values("after the talks") == []
    assert [v.kind for v in values("the vote on Tuesday")] == [Kind.DAY]
    assert [v.kind for v in values("since March 4")] == [Kind.DAY]
    assert gives(Focus.REACTION).search("“We are pleased,” she said.")
    assert gives(Focus.PLACE).search("The talks will be held in Geneva.")
    assert gives(Focus.DURATION) is None
    assert gives(None) is None


@pytest.mark.parametrize(
    "question, slot",
    [
        ("How many goals did they score?", "goals"),
        ("How many wounded soldiers will be returned?", "wounded soldiers"),
        ("So how many people actually voted?", "people"),
        ("How many of the passengers were children?", "children"),
        ("What altitude did the balloon reach?", "altitude"),
        ("What share of the region's water did the dam supply?", "region's water"),
        ("How hot was it?", "hot"),
        ("What was agreed?", ""),
        ("How many passengers and crew were aboard?", "passengers and crew"),
        ("How many were killed and injured?", ""),
    ],
)
def test_slot_noun(question, slot):
    assert slot_noun(question) == slot


@pytest.mark.parametrize(
    "question, focus, counted",
    [
        ("Were 40 miners rescued?", Focus.NUMBER, "miners"),
        ("Did the strike last three weeks?", Focus.DURATION, ""),
        ("Did the ship sail at 06:10?", Focus.CLOCK, ""),
        ("Was the bridge opened in 1958?", Focus.YEAR, ""),
        ("Did the vote take place on Friday?", Focus.DAY, ""),
        ("Did 300 workers strike in 2019?", Focus.NUMBER, "workers"),  # the year frames it
        ("Did the two sides discuss sanctions?", Focus.POLARITY, ""),
    ],
)
def test_a_yes_no_question_stating_a_value_asks_its_slot(question, focus, counted):
    analysed = analyse(question, np.zeros(3))
    assert analysed.focus is focus
    assert analysed.slot_terms >= ({stem(counted)} if counted else set())


def test_an_open_question_naming_a_value_is_anchored_by_it():
    analysed = analyse("What happened on 3 May?", np.zeros(3))
    assert analysed.focus is None and analysed.stated.text == "3 May"
    assert analyse("What was agreed?", np.zeros(3)).stated is None


@pytest.mark.parametrize("question, slot, units", [
    ("What percentage of the harbour fees goes to the town?", "harbour fees", {"%", "pp"}),
    ("How hot was the engine room?", "hot", {"°C"}),
    ("What altitude did the balloon reach?", "altitude", {"m"}),
    ("How many crew members were aboard?", "crew members", None),
    ("How many acres have burned?", "acres", {"km²"}),  # counting a unit measures an area
    ("What was the top wind speed?", "speed", {"km/h"}),
    ("How many inches of snow fell?", "inches", {"m"}),
    ("What % of the vote did the Greens get?", "vote", {"%", "pp"}),
])
def test_the_dimension_asked_gives_the_units_whatever_it_measures(question, slot, units):
    # "what percentage of X" is answered by a share, not by any figure about X.
    analysed = analyse(question, np.zeros(3))
    assert analysed.slot == slot
    assert analysed.units == (frozenset(units) if units is not None else None)


@pytest.mark.parametrize("question", [
    "How much cash did the treasurer take?",
    "How much was the ferry worth?",
    "What was the skipper fined?",
    "How much money must the port pay?",
])
def test_a_question_asking_a_sum_is_answered_in_any_currency(question):
    analysed = analyse(question, np.zeros(3))
    assert analysed.focus is Focus.MEASURE
    assert {"$", "€", "marks", "rupees"} <= analysed.units


@pytest.mark.parametrize("question", [
    "What time did they pay?",
    "How much rain fell?",
    "What happened to the ferry firm's share price?",
])
def test_a_money_word_asks_a_sum_only_in_a_question_asking_an_amount(question):
    assert analyse(question, np.zeros(3)).units is None


def test_a_toll_counts_the_dead_whatever_is_counted():
    analysed = analyse("What was the death toll?", np.zeros(3))
    assert analysed.slot_terms == frozenset() and analysed.states == {"dead"}


@pytest.mark.parametrize("question, slot, states", [
    ("How many individuals lost their lives?", "individuals", {"dead"}),  # "lost" ends the noun
    ("How many were killed?", "", {"dead"}),  # no thing named: what happened is the state
    ("How many are unaccounted for?", "", {"missing"}),
    ("How many died?", "", {"dead"}),  # a verb, not a thing counted
    ("What's the latest death toll?", "toll", {"dead"}),  # two words before the toll
    ("How much was the relief fund?", "relief fund", set()),  # a copula, then the thing
])
def test_what_a_count_question_counts_and_in_which_state(question, slot, states):
    analysed = analyse(question, np.zeros(3))
    assert analysed.slot == slot and analysed.states == states


@pytest.mark.parametrize("question, subject", [
    ("What was the turnout?", "turnout"),
    ("What is the death rate?", ""),  # a rate is asked as a measure already
    ("What was agreed?", ""),
    ("What is the capital of Australia?", ""),  # longer questions name more than a thing
])
def test_a_short_what_was_the_question_names_its_thing(question, subject):
    assert analyse(question, np.zeros(3)).subject == subject
