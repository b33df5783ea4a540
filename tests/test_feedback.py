"""Votes in the local SQLite database: hashed voters, one changeable vote, the report, the CLI."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from bot import cli
from bot.feedback import DOWN, FEEDBACK_FILE, UP, FeedbackStore, QuotedSpan

SPAN_A = QuotedSpan("001_a", 10, 40, "The call lasted more than three hours.")
SPAN_B = QuotedSpan("003_b", 5, 30, "The leaders agreed to a 45-day pause.")


@pytest.fixture()
def store(tmp_path: Path):
    opened = FeedbackStore.beside(tmp_path)
    yield opened
    opened.close()


def test_one_vote_per_user_per_answer_changeable_and_voters_hashed(store, tmp_path) -> None:
    answer = store.record_answer("How long did the call last?", (SPAN_A,))
    assert len(answer) == 16
    assert store.vote(answer, 111, UP) and store.vote(answer, 111, DOWN)  # changed, not added
    assert store.vote(answer, 222, UP)
    report = store.report()
    assert (report.answers, report.voted, report.up, report.down) == (1, 1, 1, 1)
    rows = sqlite3.connect(tmp_path / FEEDBACK_FILE).execute("SELECT voter FROM votes").fetchall()
    assert {r[0] for r in rows} == {store.voter(111), store.voter(222)}
    # stored as salted hashes, never as the ids ("111" may occur inside a random hash)
    assert all(re.fullmatch(r"[0-9a-f]{64}", r[0]) and r[0] not in ("111", "222") for r in rows)
    assert not store.vote("0123456789abcdef", 111, UP)  # unknown answer: nothing stored
    with pytest.raises(ValueError):
        store.vote(answer, 111, 0)


def test_votes_and_the_salt_survive_a_restart(tmp_path: Path) -> None:
    first = FeedbackStore.beside(tmp_path)
    answer = first.record_answer("What did Putin agree to?", (SPAN_B,))
    first.vote(answer, 7, DOWN)
    hashed = first.voter(7)
    first.close()
    again = FeedbackStore.beside(tmp_path)
    try:
        assert again.voter(7) == hashed  # the same salt: the same user's vote is changed
        assert again.vote(answer, 7, UP)
        report = again.report()
        assert (report.up, report.down) == (1, 0)
    finally:
        again.close()
    other = FeedbackStore.beside(tmp_path / "elsewhere")
    try:
        assert other.voter(7) != hashed  # another install: another salt
    finally:
        other.close()


def test_report_ranks_questions_and_quotes_by_thumbs_down(store) -> None:
    bad = store.record_answer("Who won?", (SPAN_A, SPAN_B))
    worse = store.record_answer("Why?", (SPAN_A,))
    good = store.record_answer("When?", (SPAN_B,))
    for user in (1, 2):
        store.vote(worse, user, DOWN)
    store.vote(bad, 3, DOWN)
    store.vote(good, 4, UP)
    report = store.report()
    assert [(q.text, q.down) for q in report.questions] == [("Why?", 2), ("Who won?", 1)]
    assert [(q.doc_id, q.text, q.down) for q in report.quotes] == [
        ("001_a", SPAN_A.text, 3), ("003_b", SPAN_B.text, 1)]


def test_cli_feedback_text_and_json(tmp_path: Path, capsys, monkeypatch) -> None:
    assert cli.main(["-q", "feedback", "--json", "--store", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == 0
    assert not (tmp_path / FEEDBACK_FILE).exists()  # reporting writes nothing
    store = FeedbackStore.beside(tmp_path)
    answer = store.record_answer("Who won?", (SPAN_A,))
    store.vote(answer, 1, DOWN)
    store.close()
    assert cli.main(["-q", "feedback", "--json", "--store", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["answers"], data["up"], data["down"]) == (1, 0, 1)
    assert data["questions"] == [{"question": "Who won?", "down": 1}]
    assert data["quotes"] == [{"doc_id": "001_a", "text": SPAN_A.text, "down": 1}]
    assert cli.main(["-q", "feedback", "--store", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "0 👍, 1 👎" in text and "1 × Who won?" in text and SPAN_A.text in text


def test_nothing_is_written_into_the_index_folder_until_an_answer_is_recorded(
        tmp_path: Path) -> None:
    store = FeedbackStore.beside(tmp_path / "index")
    assert not (tmp_path / "index").exists()  # the index build still finds an empty folder
    store.record_answer("Who won?", ())
    assert (tmp_path / "index" / FEEDBACK_FILE).exists()
    store.close()
