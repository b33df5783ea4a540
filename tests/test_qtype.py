"""What a question asks for, from its wording."""

from __future__ import annotations

import pytest

from bot.qtype import Focus, gives, question_focus, slot_noun


@pytest.mark.parametrize(
    "question, focus",
    [
        ("How long did the meeting last?", Focus.DURATION),
        ("How many people were arrested?", Focus.NUMBER),
        ("What share of the vote did she win?", Focus.NUMBER),
        ("When does the truce start?", Focus.WHEN),
        ("At what time did the ferry leave?", Focus.CLOCK),
        ("What exact figure did the union give?", Focus.NUMBER),
        ("How hot was it in the capital?", Focus.MEASURE),
        ("What altitude did the balloon reach?", Focus.MEASURE),
        ("On which day was the vote held?", Focus.DAY),
        ("Where will the next round take place?", Focus.PLACE),
        ("Where was he when he heard the news?", Focus.PLACE),  # not a "when" question
        ("Who announced the deal?", Focus.ACTOR),
        ("How did the mayor react?", Focus.REACTION),
        ("What did the minister say?", Focus.REACTION),
        ("Did the two sides discuss sanctions?", Focus.POLARITY),
        ("What was agreed?", None),
    ],
)
def test_question_focus(question, focus):
    assert question_focus(question) is focus


def test_answer_sentences_are_recognised():
    assert gives(Focus.DURATION).search("after nearly three hours of talks")
    assert not gives(Focus.DURATION).search("after the talks")
    assert gives(Focus.DAY).search("the vote on Tuesday")
    assert gives(Focus.DAY).search("since March 4")
    assert gives(Focus.REACTION).search("“We are pleased,” she said.")
    assert gives(None) is None


@pytest.mark.parametrize(
    "question, slot",
    [
        ("How many goals did they score?", "goals"),
        ("How many wounded soldiers will be returned?", "wounded soldiers"),
        ("So how many people actually voted?", "people"),
        ("How many of the passengers were children?", "children"),
        ("What altitude did the balloon reach?", "altitude"),
        ("How hot was it?", "hot"),
        ("What was agreed?", ""),
    ],
)
def test_slot_noun(question, slot):
    assert slot_noun(question) == slot
