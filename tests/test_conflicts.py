"""Conflict detection: made-up pairs of each kind, look-alikes, and the real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.conflicts import DEFAULT_LABELS, score
from bot.engine import Engine
from bot.settings import Settings

pytestmark = pytest.mark.integration

MADE_UP = {
    "100_geneva.txt": (
        "Leaders Meet In Geneva For Trade Summit\n\n"
        "The two presidents held talks in Geneva on Monday. "
        "The meeting lasted over three hours, officials said.\n\n"
        "Mayor Anna Berg announced the reopening of the old border crossing near the lake.\n\n"
        "The summit left 12 protesters injured in clashes outside the venue.\n\n"
        "“We did not discuss tariffs,” the French president said after the meeting.\n\n"
        "Both sides agreed to form a working group on fishing rights in the lake.\n\n"
        "The French motorcade left the hotel at 9:10 a.m. local time on the first day.\n\n"
        "The deal frees 40 detainees held by both sides, including 6 journalists held since "
        "the spring."
    ),
    "101_geneva.txt": (
        "Geneva summit ends with a fishing deal\n\n"
        "The two presidents held talks in Geneva on Thursday. "
        "After nearly three hours of discussions, the leaders emerged smiling.\n\n"
        "Governor Paul Weiss announced the reopening of the old border crossing near the lake.\n\n"
        "The summit left 12 protesters injured in clashes outside the venue.\n\n"
        "During the meeting, the Italian president demanded lower tariffs on steel as a "
        "condition for any trade deal.\n\n"
        "The leaders agreed to set up a working group on fishing rights in the lake.\n\n"
        "The French motorcade departed from the hotel at 9:40 a.m. on the first day.\n\n"
        "The deal frees 40 detainees held by both sides. In addition, 6 journalists held "
        "since the spring will be released."
    ),
    "102_geneva.txt": (
        "Clashes overshadow Geneva talks\n\n"
        "The summit left 20 protesters injured in clashes outside the venue.\n\n"
        "The new bridge over the lake has 12 lanes and opened in 2019.\n\n"
        "Leaders agreed to create a joint working group on fishing rights in the lake.\n\n"
        "The ferry across the lake reopened to traffic at 11:15 a.m. on the first day.\n\n"
        "Police held 15 fishermen overnight, and another 6 were fined at the harbour."
    ),
}


@pytest.fixture(scope="module")
def made_up(tmp_path_factory, embedder) -> Engine:
    root = tmp_path_factory.mktemp("made_up")
    (root / "articles").mkdir()
    for name, text in MADE_UP.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return Engine.open(Settings(corpus=root, store=root / "idx"), embedder=embedder,
                       progress=False)


def _kinds(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for c in engine.index.conflicts:
        out.setdefault(c.kind, []).append(tuple(r.doc_id[:3] for r in c.sides))
    return out


def test_each_conflict_type_is_found_on_made_up_pairs(made_up):
    kinds = _kinds(made_up)
    assert ("100", "101") in kinds.get("day", [])
    assert ("100", "101") in kinds.get("duration", [])
    assert ("100", "101") in kinds.get("actor", [])
    assert ("100", "101") in kinds.get("polarity", [])
    assert ("100", "101") in kinds.get("time", [])
    numbers = kinds.get("number", [])
    assert ("100", "102") in numbers and ("101", "102") in numbers
    assert kinds.get("scope") == [("100", "101")]  # "6 … within 40" / "6 … in addition to 40"


def test_look_alikes_are_not_flagged(made_up):
    for c in made_up.index.conflicts:
        texts = [made_up.index.articles[r.doc_id].sentences[r.index].text for r in c.sides]
        assert not any("working group" in t for t in texts), c  # same fact, other words
        assert not all("12 protesters" in t for t in texts), c  # same number
        assert not any("12 lanes" in t for t in texts), c  # another thing with that number
        assert not any("ferry" in t for t in texts), c  # another event at another time


def test_sides_are_verbatim_and_claims_explain_them(made_up):
    for d in made_up.disagreements():
        assert d.about and len(d.claims) == len(d.sides)
        for side in d.sides:
            text = made_up.index.articles[side.source.doc_id].clean_text
            assert text[side.start : side.end] == side.text


def test_answers_show_the_conflict_they_are_about(made_up):
    answer = made_up.ask("How long did the meeting last?")
    assert [d.kind for d in answer.disagreements] == ["duration"]
    docs = {s.source.doc_id[:3] for s in answer.disagreements[0].sides}
    assert docs == {"100", "101"}
    quoted = {q.excerpt.source.doc_id[:3] for q in answer.quotes}
    assert {"100", "101"} <= quoted
    assert "Sources disagree" in __import__("bot.render").render.render_answer(answer)


def test_the_listing_and_the_answer_compare_the_same_values(made_up):
    (listed,) = [c.claims for c in made_up.index.conflicts if c.kind == "time"]
    answer = made_up.ask("At what time did the French motorcade leave the hotel?")
    (shown,) = answer.disagreements
    assert set(listed) <= set(shown.claims)


def test_the_answer_leaves_out_a_time_of_another_event(made_up):
    answer = made_up.ask("At what time did the French motorcade leave the hotel?")
    (shown,) = answer.disagreements
    assert "11:15 a.m." not in shown.claims


def test_a_count_inside_or_beside_a_total_is_asked_by_name_not_by_number(made_up):
    asked = made_up.ask("Are the 6 journalists part of the 40 detainees?")
    assert [d.kind for d in asked.disagreements] == ["scope"]
    assert {s.source.doc_id[:3] for s in asked.disagreements[0].sides} == {"100", "101"}
    counted = made_up.ask("How many detainees will be freed?")  # 40 in both: one answer
    assert counted.answered and counted.disagreements == ()


def test_who_announced_is_shown_only_to_questions_about_saying(made_up):
    asked = made_up.ask("Who revealed the reopening of the old border crossing?")
    assert [d.kind for d in asked.disagreements] == ["actor"]
    for question in ("Who will reopen the old border crossing near the lake?",
                     "Who wants to set up a working group near the lake?"):
        assert not made_up.ask(question).disagreements, question


def test_agreeing_answers_flag_nothing(made_up):
    answer = made_up.ask("What did the leaders agree about fishing?")
    assert answer.answered and answer.disagreements == ()
    assert any(q.also for q in answer.quotes)


def test_real_articles_against_the_labels(seed_engine):
    labels = json.loads(Path(DEFAULT_LABELS).read_text(encoding="utf-8"))
    figures = score(seed_engine, labels)
    assert figures["look_alikes_flagged"] == 0
    assert figures["precision"] >= 0.8
    assert figures["recall"] >= 0.5
    assert figures["reported_recall"] >= 0.6


def test_what_happened_at_a_time_is_the_words_next_to_it():
    from index.conflicts import predicate
    from index.values import values

    text = "A magnitude 6.4 earthquake shook the coast and struck Port Selwyn at 3:12 a.m. today."
    clock = next(v for v in values(text) if v.text.startswith("3:12"))
    # the clause's other news ("a magnitude 6.4 earthquake shook the coast") is left out
    assert predicate(text, clock) == "the coast and struck at today"
