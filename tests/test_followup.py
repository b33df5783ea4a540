"""Follow-up questions: which ones lean on an earlier question, and how they are answered."""

from __future__ import annotations

import io
import json

import pytest

from bot import cli
from bot.followup import MAX_FOLLOW_UPS, context_of, in_context, stands_alone
from bot.jsonout import answer_json
from bot.models import Answer
from bot.presentation import answer_presentation
from bot.render import render_answer

EARLIER = "What did Putin agree to?"


@pytest.mark.parametrize("question", ["and how many were hurt?", "What did the Kremlin say "
                                      "about it?", "What about Zelensky?", "When?",
                                      "Did they agree on prisoners?"])
def test_questions_that_lean_on_an_earlier_one(question: str) -> None:
    assert not stands_alone(question)


@pytest.mark.parametrize("question", ["How long did the call last?", EARLIER,
                                      "Was there a ceasefire on energy infrastructure?"])
def test_questions_that_stand_alone(question: str) -> None:
    assert stands_alone(question)


def test_context_keeps_the_follow_up_whole_within_the_limit() -> None:
    assert in_context(EARLIER, "and when?", 500) == f"{EARLIER} and when?"
    squeezed = in_context("x" * 100, "and when did it start?", 40)
    assert len(squeezed) <= 40 and squeezed.endswith("and when did it start?")


def test_context_is_the_last_question_that_stood_alone_and_the_follow_ups_since() -> None:
    assert context_of([]) is None and context_of(["  "]) is None
    assert context_of([EARLIER]) == EARLIER
    assert context_of([EARLIER, "and Zelensky?"]) == f"{EARLIER} and Zelensky?"
    chain = [EARLIER, "and Zelensky?", "How long did the call last?", "and who announced it?"]
    assert context_of(chain) == "How long did the call last? and who announced it?"
    many = [EARLIER, *(f"and {w}?" for w in ("then", "later", "after", "next"))]
    assert context_of(many) == " ".join([EARLIER, *many[-MAX_FOLLOW_UPS:]])
    assert context_of(["and then?", "and after?"]) == "and then? and after?"  # none stood alone


def test_the_reply_and_json_say_which_question_it_follows() -> None:
    answer = Answer(question="and when?", answered=False, follows=EARLIER)
    assert f"Read as a follow-up to: “{EARLIER}”" in render_answer(answer)
    assert answer_presentation(answer).title == "and when?"
    assert answer_json(answer, "r")["follows"] == EARLIER
    assert "follows" not in answer_json(Answer(question="q", answered=False), "r")


@pytest.mark.integration
def test_engine_answers_a_follow_up_with_the_earlier_question(seed_engine) -> None:
    alone = seed_engine.ask("Did they agree on prisoners?")
    follow = seed_engine.ask("Did they agree on prisoners?", earlier=EARLIER)
    assert follow.follows == EARLIER and follow.question == "Did they agree on prisoners?"
    assert follow.answered and alone.follows is None
    standalone = seed_engine.ask("How long did the call last?", earlier=EARLIER)
    assert standalone.follows is None  # it stands alone: the earlier question is not used


@pytest.mark.integration
def test_cli_ask_follow_up_and_chat(seed_engine, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_engine", lambda args, settings: seed_engine)
    assert cli.main(["-q", "ask", "--json", "--follow-up", EARLIER,
                     "and what did Zelensky say about it?", "How long did the call last?",
                     "and who announced it?"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("follows") for line in lines] == [
        None, EARLIER, None, "How long did the call last?"]
    assert cli.main(["-q", "ask", "--json", EARLIER, "and who announced it?"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all("follows" not in line for line in lines)  # without --follow-up: each alone
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{EARLIER}\n\nand when was it?\n"))
    assert cli.main(["-q", "chat"]) == 0
    out = capsys.readouterr().out
    assert out.count("**") >= 4 and f"Read as a follow-up to: “{EARLIER}”" in out
    chained = "and what did Zelensky say about it?"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{EARLIER}\n{chained}\nand when?\n"))
    assert cli.main(["-q", "chat"]) == 0  # the session's questions, not only the first
    assert f"Read as a follow-up to: “{EARLIER} {chained}”" in capsys.readouterr().out
