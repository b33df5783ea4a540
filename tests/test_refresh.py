"""Live refresh: a running engine picks up corpus changes without a restart (real model/chroma).

Measured here and printed (pytest -s): questions asked in a loop while a refresh runs, and
the time from dropping a file in the corpus folder to the first answer quoting it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from bot.discord_app.runner import AsyncEngine
from bot.discord_app.watcher import CorpusWatcher
from bot.engine import Engine
from bot.errors import RefreshError
from bot.settings import Settings
from index.errors import StoreUnavailableError

pytestmark = pytest.mark.integration

NEW_ID = "900_odesa_terminal"
NEW_ARTICLE = (
    "Drone strike damages grain terminal in Odesa\n\n"
    "Rescue crews in the port city of Odesa said on Wednesday that a drone strike had "
    "damaged a grain terminal overnight. Officials said fourteen people were injured in the "
    "attack on the grain terminal, including two dock workers. The terminal's operator said "
    "grain exports would resume within a week once the damaged conveyor was repaired.\n"
)
NEW_QUESTION = "How many people were injured in the drone attack on the Odesa grain terminal?"
OLD_QUESTIONS = ("How long did the call last?", "What did Putin agree to?",
                 "What did Zelensky say about the ceasefire?")


def _quotes_new(answer) -> bool:
    return any(q.excerpt.source.doc_id == NEW_ID for q in answer.quotes)


@pytest.fixture()
def engine(tmp_path: Path, small_corpus: Path, embedder) -> Engine:
    settings = Settings(corpus=small_corpus, store=tmp_path / "idx")
    return Engine.open(settings, embedder=embedder, progress=False)


def test_refresh_adds_a_dropped_article_and_reports_it(engine: Engine, small_corpus: Path) -> None:
    before = len(engine.sources())
    (small_corpus / "articles" / f"{NEW_ID}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = engine.refresh()
    assert report.added == (NEW_ID,) and report.changed == report.removed == ()
    assert report.passages > report.passages_before
    assert len(engine.sources()) == before + 1
    answer = engine.ask(NEW_QUESTION)
    assert _quotes_new(answer)
    assert any("fourteen people were injured" in q.excerpt.text for q in answer.quotes)
    again = engine.refresh()  # nothing changed since
    assert not again.changed_anything and again.passages == report.passages


def test_refresh_reports_changed_and_removed_articles(engine: Engine, small_corpus: Path) -> None:
    first, second = sorted((small_corpus / "articles").glob("*.txt"))
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line was added.\n",
                     encoding="utf-8")
    second.unlink()
    report = engine.refresh()
    assert report.changed == (first.stem,) and report.removed == (second.stem,)
    assert report.added == ()
    assert [s.source.doc_id for s in engine.sources()] == [first.stem]


def test_a_broken_new_file_leaves_the_old_index_serving(engine: Engine, small_corpus: Path,
                                                        caplog) -> None:
    generation = engine.live.live.generation
    (small_corpus / "articles" / "broken.txt").write_bytes(b"caf\xe9 \xff\xfe not utf-8")
    with pytest.raises(RefreshError, match="broken.txt"):
        engine.refresh()
    assert engine.live.live.generation == generation
    assert engine.ask(OLD_QUESTIONS[0]).answered
    assert "refresh failed" in caplog.text


def test_questions_in_a_loop_during_a_refresh_are_all_answered(
    engine: Engine, small_corpus: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    (small_corpus / "articles" / f"{NEW_ID}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    old = engine.live.live.generation
    done = threading.Event()
    asked_meanwhile = threading.Event()  # the refresh's encoding waits for two answers
    outcomes: list[tuple[str, str]] = []
    encode = embedder.encode

    def refresh() -> None:
        try:
            engine.refresh()
        finally:
            done.set()

    def encode_after_two_answers(*args, **kwargs):
        if threading.current_thread() is worker:
            asked_meanwhile.wait(30)
        return encode(*args, **kwargs)

    monkeypatch.setattr(embedder, "encode", encode_after_two_answers)
    worker = threading.Thread(target=refresh)
    worker.start()
    extra = 3
    while extra > 0:
        if done.is_set():
            extra -= 1
        try:
            answered = engine.ask(OLD_QUESTIONS[len(outcomes) % len(OLD_QUESTIONS)]).answered
            outcomes.append((engine.live.live.generation, "answered" if answered else "not"))
        except Exception as exc:  # counted, never hidden
            outcomes.append((engine.live.live.generation, f"failed: {exc}"))
        if len(outcomes) >= 2:
            asked_meanwhile.set()
    worker.join()
    failed = [o for _, o in outcomes if o.startswith("failed")]
    print(f"\nloop during refresh: {len(outcomes)} asked, "
          f"{sum(o == 'answered' for _, o in outcomes)} answered, {len(failed)} failed")
    assert not failed and all(o == "answered" for _, o in outcomes)
    used = [g for g, _ in outcomes]
    assert used[0] == old and used[-1] != old  # answered from the old one, then the new one
    assert used.count(old) > 1  # questions were answered while the refresh ran


async def _drop_and_wait_for_a_quote(engine: Engine, corpus: Path) -> float:
    """Seconds from dropping the new article into a watched corpus to an answer quoting it."""
    runner = AsyncEngine(engine)
    watcher = CorpusWatcher(corpus, 0.2, runner.refresh)
    task = asyncio.create_task(watcher.run())
    await asyncio.sleep(0.3)
    (corpus / "articles" / f"{NEW_ID}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    dropped = time.monotonic()
    try:
        while time.monotonic() - dropped < 60:
            if _quotes_new(await runner.ask(NEW_QUESTION)):
                return time.monotonic() - dropped
            await asyncio.sleep(0.1)
    finally:
        task.cancel()
    raise AssertionError("the dropped article was never quoted")


def test_watcher_drop_to_first_answer_quoting_it(engine: Engine, small_corpus: Path) -> None:
    elapsed = asyncio.run(_drop_and_wait_for_a_quote(engine, small_corpus))
    print(f"\ndrop to first answer quoting it: {elapsed:.2f} s")
    assert elapsed < 30


CONFLICTING = (
    "Call between the leaders was brief\n\n"
    "The phone call between Trump and Putin lasted only 20 minutes, a Kremlin aide said on "
    "Wednesday. The two leaders discussed the war in Ukraine and agreed to talk again.\n"
)


def test_add_article_writes_indexes_and_reports_passages_and_disagreements(
        engine: Engine, small_corpus: Path) -> None:
    from index.add_article import NewArticle

    manifest_before = (small_corpus / "sources.toml").exists()
    started = time.monotonic()
    report = engine.add_article(NewArticle("brief_call.txt", CONFLICTING.encode(),
                                           outlet="Test Wire", published="2025-03-19"))
    assert report.source.source.doc_id == "brief_call" and report.source.passages >= 1
    assert report.source.source.outlet == "Test Wire"
    assert report.refresh.added == ("brief_call",)
    assert report.passages == report.passages_before + report.source.passages
    print(f"\nadd-article: {report.source.passages} passages, disagreements: "
          f"{[(d.about, d.claims) for d in report.disagreements]}")
    assert report.disagreements  # it reports a different duration than the other articles
    assert all(any(s.source.doc_id == "brief_call" for s in d.sides)
               for d in report.disagreements)
    assert not manifest_before and (small_corpus / "sources.toml").exists()
    answer = engine.ask("How long did the call between Trump and Putin last?")
    print(f"add-article to an answer quoting it: {time.monotonic() - started:.2f} s")
    assert any(q.excerpt.source.doc_id == "brief_call" for q in answer.quotes) or any(
        s.source.doc_id == "brief_call" for d in answer.disagreements for s in d.sides)


def test_a_dropped_article_is_answered_after_the_watcher_refreshes_a_chroma_server_index(
        server, tmp_path: Path, small_corpus: Path, embedder) -> None:
    import chromadb

    settings = Settings(corpus=small_corpus, store=tmp_path / "idx", chroma_host=server.host,
                        chroma_port=server.port, chroma_collection="callbot-it-refresh")
    engine = Engine.open(settings, embedder=embedder, progress=False)
    before = engine.index.store.config.collection
    assert engine.index.store.config.remote and not _quotes_new(engine.ask(NEW_QUESTION))

    elapsed = asyncio.run(_drop_and_wait_for_a_quote(engine, small_corpus))
    print(f"\nchroma server: drop to first answer quoting it: {elapsed:.2f} s")
    store = engine.index.store
    assert store.config.collection != before  # a new generation, its own collection
    assert store.count() == len(engine.index.passages)
    assert not list((tmp_path / "idx").rglob("chroma.sqlite3"))  # no local vectors
    remote = chromadb.HttpClient(host=server.host, port=server.port)
    on_server = remote.get_collection(store.config.collection).get(
        where={"doc_id": NEW_ID}, include=["documents"])
    passages = [p for p in engine.index.passages if p.doc_id == NEW_ID]
    assert passages and len(on_server["ids"]) == len(passages)
    assert any("fourteen people were injured" in d for d in on_server["documents"])


def test_a_question_whose_generation_a_refresh_removed_meanwhile_is_answered_again(
        engine: Engine, small_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = engine.index
    query = old.store.query

    def refreshed_meanwhile(*args, **kwargs):
        # Another thread's refresh finishes while this question runs: it switches the engine
        # to the new generation and removes the old one, whose store then fails as chroma
        # does when its files or collection are gone (seen under load, embedded and server).
        monkeypatch.setattr(old.store, "query", query)
        engine.refresh()
        raise StoreUnavailableError("vector search failed: Failed to get segments")

    monkeypatch.setattr(old.store, "query", refreshed_meanwhile)
    (small_corpus / "articles" / f"{NEW_ID}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    answer = engine.ask(NEW_QUESTION)
    assert engine.index is not old and _quotes_new(answer)  # answered from the new one
