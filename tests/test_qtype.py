"""What a question asks for, from its wording."""

from __future__ import annotations

import pytest

from bot.qtype import Focus, counted_thing, gives, question_focus


@pytest.mark.parametrize(
    "question, focus",
    [
        ("How long did the meeting last?", Focus.DURATION),
        ("How many people were arrested?", Focus.NUMBER),
        ("What share of the vote did she win?", Focus.NUMBER),
        ("When does the truce start?", Focus.DAY),
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


def test_counted_thing():
    assert counted_thing("How many goals did they score?") == "goals"
    assert counted_thing("How many wounded soldiers will be returned?") == "soldiers"
    assert counted_thing("What was agreed?") is None
